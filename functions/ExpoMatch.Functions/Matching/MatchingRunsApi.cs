using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Matching;

/// <summary>
/// Organiser runs: POST queues a whole-event matching run and answers 202 with its id at once; the work happens in
/// <see cref="RunEventMatching"/>. POST never answers 409 for a run in progress: runs of one event are serialised by
/// the event's run lock in the worker, so a second run simply waits in the queue (status <c>queued</c>) until the
/// first finishes. Checking at POST could not be atomic with the worker taking the lock anyway.
/// </summary>
public static class MatchingRunsApi
{
    public static async Task<Results<Accepted<MatchingRunAccepted>, ValidationProblem, ProblemHttpResult>> Start(
        string eventId, HttpContext http, RegistrationContext registration, MatchingRunStore runs, CancellationToken cancellationToken)
    {
        if (await registration.Events.GetAsync(eventId, cancellationToken) is null)
        {
            return EventsApi.UnknownEvent();
        }

        var (body, problem) = await JsonBody.ReadAsync<StartMatchingRun>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // Required, not defaulted: a forgotten field must not publish meetings to every participant.
        if (body!.DryRun is not { } dryRun)
        {
            return Problems.Validation("dryRun", "Required: true to only compute metrics, false to publish meetings.");
        }

        if (RunFairness.Parse(body.Fairness) is null)
        {
            return Problems.Validation("fairness", $"\"{RunFairness.None}\" (default) or \"{RunFairness.AtLeastOne}\".");
        }

        var now = registration.Now;
        var run = new MatchingRun(
            eventId, Ids.New(), MatchingRunStatus.Queued, dryRun, now, null, null, null, 0, 0, 0, 0, null,
            Fairness: body.Fairness ?? RunFairness.None);
        // The run row and its queue message commit together (ADR-004): a run can no longer say "queued" forever.
        await runs.CreateAsync(run, MatchingRunQueue.Pending(new OrganiserRunRequested(eventId, now, run.Id)), cancellationToken);
        MatchingRunsLog.RunQueued(registration.Logger, run.Id, eventId, dryRun);
        return TypedResults.Accepted($"/api/events/{eventId}/matching/runs/{run.Id}", new MatchingRunAccepted(run.Id, run.Status));
    }

    public static async Task<Results<Ok<MatchingRunResponse>, ProblemHttpResult>> Get(
        string eventId, string id, RegistrationContext registration, MatchingRunStore runs, CancellationToken cancellationToken)
    {
        if (await registration.Events.GetAsync(eventId, cancellationToken) is null)
        {
            return EventsApi.UnknownEvent();
        }

        var run = await runs.GetAsync(eventId, id, cancellationToken);
        return run is null ? Problems.NotFound("No matching run with this id in this event.") : TypedResults.Ok(ToResponse(run));
    }

    public static MatchingRunResponse ToResponse(MatchingRun r) => new(
        r.Id, r.Status, r.DryRun, r.CreatedAt, r.StartedAt, r.FinishedAt, r.Metrics, r.Planned, r.Published, r.Conflicts,
        r.Attempts, r.Error, r.Fairness);
}
