using ExpoMatch.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events (organiser) and GET /api/events/{eventId} (anyone: the public event page).</summary>
public static class EventsApi
{
    public static async Task<Results<Created<EventResponse>, ValidationProblem, ProblemHttpResult>> CreateEvent(
        HttpContext http, RegistrationContext registration, CancellationToken cancellationToken)
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
        return TypedResults.Created($"/api/events/{expo.Id}", expo.ToResponse(now));
    }

    public static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> GetEvent(
        string eventId, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var expo = await registration.Events.GetAsync(eventId, cancellationToken);
        return expo is null ? UnknownEvent() : TypedResults.Ok(expo.ToResponse(registration.Now));
    }

    public static ProblemHttpResult UnknownEvent() => Problems.NotFound("No event with this id.");
}
