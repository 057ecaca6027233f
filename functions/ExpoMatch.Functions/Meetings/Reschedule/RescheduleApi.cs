using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Meetings.Reschedule;

/// <summary>
/// Reschedule: either party of a booked meeting proposes another slot, the other accepts or declines (the proposer may
/// withdraw). One open proposal per meeting: it lives on the meeting row, so a second proposal made at the same time
/// loses the ETag race and is refused with 409 (and so is any later one while the first is open). Acceptance moves the
/// meeting in one transaction (<see cref="MeetingMover"/>); a proposal that has become impossible is declined with the
/// reason, and the caller gets 409 with it.
/// </summary>
public static class RescheduleApi
{
    private const int MaxAttempts = 5;

    public static async Task<Results<Created<RescheduleResponse>, ValidationProblem, ProblemHttpResult>> Propose(
        string eventId, string meetingId, HttpContext http, RescheduleContext context, CancellationToken cancellationToken)
    {
        var expo = await context.Events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return EventsApi.UnknownEvent();
        }

        var (body, problem) = await JsonBody.ReadAsync<RescheduleRequest>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var by = ((ParticipantCaller)http.GetCaller()).Kind.Name();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var meeting = await context.GetAsync(eventId, meetingId, cancellationToken);
            if (meeting is null)
            {
                return NoMeeting();
            }

            if (meeting.Status != MeetingStatus.Booked)
            {
                return Problems.Conflict($"Only a booked meeting can be rescheduled; this one is {meeting.Status}.");
            }

            var grid = expo.Grid;
            if (body!.Slot is not { } slot || slot < 0 || slot >= grid.Count)
            {
                return Problems.Validation("slot", $"A slot index from 0 to {grid.Count - 1} (see the event's slots).");
            }

            if (slot == meeting.Slot)
            {
                return Problems.Validation("slot", "The meeting is already in this slot.");
            }

            if (meeting.Reschedule is { IsOpen: true } open)
            {
                return open.ProposedBy == by && open.Slot == slot
                    ? Created(eventId, expo, meeting, open) // the same proposal again (a retry)
                    : Problems.Conflict($"This meeting already has an open proposal (number {open.Number}, slot {open.Slot}, by the {open.ProposedBy}): " +
                        "the other party accepts or declines it, or its proposer withdraws it (POST .../reschedule/decline), before another can be made.");
            }

            var (reason, _) = await context.CheckSlotAsync(expo, meeting, slot, cancellationToken);
            if (reason is not null)
            {
                return Problems.Conflict(reason);
            }

            var proposal = new RescheduleProposal((meeting.Reschedule?.Number ?? 0) + 1, by, meeting.Slot, slot,
                RescheduleStatus.Open, null, context.Now, null);
            if (await context.Mover.SaveProposalAsync(meeting, proposal, cancellationToken))
            {
                MeetingsLog.RescheduleDecided(context.Logger, meeting.MeetingId, eventId, proposal.Number, proposal.Status);
                return Created(eventId, expo, meeting, proposal);
            }
        }

        return Problems.Conflict("The meeting kept changing concurrently; retry.");
    }

    public static async Task<Results<Ok<RescheduleResponse>, ProblemHttpResult>> Get(
        string eventId, string meetingId, RescheduleContext context, CancellationToken cancellationToken)
    {
        var expo = await context.Events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return EventsApi.UnknownEvent();
        }

        var meeting = await context.GetAsync(eventId, meetingId, cancellationToken);
        return meeting is null ? NoMeeting()
            : meeting.Reschedule is { } proposal ? TypedResults.Ok(ToResponse(expo, meeting, proposal))
            : NoProposal();
    }

    public static async Task<Results<Ok<RescheduleResponse>, ProblemHttpResult>> Accept(
        string eventId, string meetingId, HttpContext http, RescheduleContext context, CancellationToken cancellationToken)
    {
        var expo = await context.Events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return EventsApi.UnknownEvent();
        }

        var by = ((ParticipantCaller)http.GetCaller()).Kind.Name();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var meeting = await context.GetAsync(eventId, meetingId, cancellationToken);
            if (meeting?.Reschedule is not { } proposal)
            {
                return meeting is null ? NoMeeting() : NoProposal();
            }

            var shown = ToResponse(expo, meeting, proposal);
            if (shown.Status == RescheduleStatus.Accepted)
            {
                // Accepted already (a retry, or the other of two concurrent accepts). The follow-up is committed
                // with the move; asking again makes sure it is delivered, and the email jobs ignore repeats.
                await context.RequeueMovedWorkAsync(meeting, cancellationToken);
                return TypedResults.Ok(shown);
            }

            if (shown.Status != RescheduleStatus.Open)
            {
                return Problems.Conflict($"The proposal was {shown.Status}: {shown.Reason}");
            }

            if (proposal.ProposedBy == by)
            {
                return Problems.Forbidden($"The {by} proposed this; only the other party can accept it (a proposer may withdraw it with /decline).");
            }

            var (reason, seat) = meeting.Slot != proposal.FromSlot
                ? ("The meeting has moved since this was proposed.", 0)
                : await context.CheckSlotAsync(expo, meeting, proposal.Slot, cancellationToken);
            if (reason is not null)
            {
                var declined = proposal.Decide(RescheduleStatus.Declined, reason, context.Now);
                if (await context.Mover.SaveProposalAsync(meeting, declined, cancellationToken))
                {
                    MeetingsLog.RescheduleDecided(context.Logger, meeting.MeetingId, eventId, proposal.Number, declined.Status);
                    return Problems.Conflict($"The proposal is no longer possible and was declined: {reason}");
                }

                continue;
            }

            var accepted = proposal.Decide(RescheduleStatus.Accepted, null, context.Now);
            if (await context.Mover.MoveAsync(meeting, accepted, seat, cancellationToken) == MoveOutcome.Moved)
            {
                MeetingsLog.RescheduleDecided(context.Logger, meeting.MeetingId, eventId, proposal.Number, accepted.Status);
                var moved = await context.GetAsync(eventId, meetingId, cancellationToken) ?? meeting;
                return TypedResults.Ok(ToResponse(expo, moved, moved.Reschedule ?? accepted));
            }

            // The visitor's slot or the seat was just taken, or the row changed: the next read decides again.
        }

        return Problems.Conflict("The meeting kept changing concurrently; retry.");
    }

    public static async Task<Results<Ok<RescheduleResponse>, ProblemHttpResult>> Decline(
        string eventId, string meetingId, HttpContext http, RescheduleContext context, CancellationToken cancellationToken)
    {
        var expo = await context.Events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return EventsApi.UnknownEvent();
        }

        var by = ((ParticipantCaller)http.GetCaller()).Kind.Name();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var meeting = await context.GetAsync(eventId, meetingId, cancellationToken);
            if (meeting?.Reschedule is not { } proposal)
            {
                return meeting is null ? NoMeeting() : NoProposal();
            }

            var shown = ToResponse(expo, meeting, proposal);
            if (shown.Status is RescheduleStatus.Declined or RescheduleStatus.Withdrawn)
            {
                return TypedResults.Ok(shown);
            }

            if (shown.Status == RescheduleStatus.Accepted)
            {
                return Problems.Conflict("The proposal was accepted already; propose another slot to move the meeting again.");
            }

            var decided = proposal.ProposedBy == by
                ? proposal.Decide(RescheduleStatus.Withdrawn, $"Withdrawn by the {by}.", context.Now)
                : proposal.Decide(RescheduleStatus.Declined, $"Declined by the {by}.", context.Now);
            if (await context.Mover.SaveProposalAsync(meeting, decided, cancellationToken))
            {
                MeetingsLog.RescheduleDecided(context.Logger, meeting.MeetingId, eventId, proposal.Number, decided.Status);
                return TypedResults.Ok(ToResponse(expo, meeting, decided));
            }
        }

        return Problems.Conflict("The meeting kept changing concurrently; retry.");
    }

    /// <summary>
    /// The proposal as it stands. An open proposal on a meeting that was freed since (cancelled, a party withdrew)
    /// reads as declined with that reason: the matcher frees meetings without knowing about proposals.
    /// </summary>
    public static RescheduleResponse ToResponse(ExpoEvent expo, MeetingRecord meeting, RescheduleProposal p)
    {
        var (status, reason) = p.IsOpen && meeting.Status != MeetingStatus.Booked
            ? (RescheduleStatus.Declined, $"The meeting is {meeting.Status}.")
            : (p.Status, p.Reason);
        var grid = expo.Grid;
        var slot = grid[Math.Clamp(p.Slot, 0, grid.Count - 1)];
        return new RescheduleResponse(meeting.MeetingId, p.Number, status, p.ProposedBy, p.FromSlot, p.Slot,
            grid.ToEventTime(slot.StartUtc), grid.ToEventTime(slot.EndUtc), reason, p.ProposedAt, p.DecidedAt,
            meeting.Slot, meeting.Sequence);
    }

    private static Created<RescheduleResponse> Created(string eventId, ExpoEvent expo, MeetingRecord meeting, RescheduleProposal proposal) =>
        TypedResults.Created($"/api/events/{eventId}/meetings/{meeting.MeetingId}/reschedule", ToResponse(expo, meeting, proposal));

    private static ProblemHttpResult NoMeeting() => Problems.NotFound("No meeting with this id in this event.");

    private static ProblemHttpResult NoProposal() => Problems.NotFound("This meeting has no reschedule proposal.");
}
