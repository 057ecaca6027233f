using ExpoMatch.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events (organiser) and GET /api/events/{eventId} (anyone: the public event page).</summary>
public static class EventsApi
{
    public static async Task<Results<Created<EventResponse>, ValidationProblem, ProblemHttpResult>> CreateEvent(
        HttpContext http, RegistrationContext registration, IOptions<RetentionOptions> retention, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateEventRequest>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = registration.Now;
        var (expo, errors) = EventValidation.Validate(body!, Ids.New(), now);
        if (expo is null)
        {
            return Problems.Validation(errors);
        }

        await registration.Events.CreateAsync(expo, cancellationToken);
        RegistrationLog.EventCreated(registration.Logger, expo.Id, expo.Grid.Count);
        return TypedResults.Created($"/api/events/{expo.Id}", expo.ToResponse(now, retention.Value.ErasedAfter(expo), erasedAt: null));
    }

    public static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> GetEvent(
        string eventId, RegistrationContext registration, IOptions<RetentionOptions> retention, PersonalDataErasure erasures,
        CancellationToken cancellationToken)
    {
        var expo = await registration.Events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return UnknownEvent();
        }

        // Erasure can only have happened once its date has passed (or if retention was shorter then): read the mark
        // only from that date on, so the common case stays one cached read.
        var erasedAfter = retention.Value.ErasedAfter(expo);
        var now = registration.Now;
        var erasedAt = now >= (erasedAfter ?? expo.EndsAt) ? await erasures.ErasedAtAsync(eventId, cancellationToken) : null;
        return TypedResults.Ok(expo.ToResponse(now, erasedAfter, erasedAt));
    }

    public static ProblemHttpResult UnknownEvent() => Problems.NotFound("No event with this id.");
}
