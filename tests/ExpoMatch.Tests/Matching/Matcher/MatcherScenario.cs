using System.Globalization;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Tests.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Matching.Matcher;

/// <summary>Small events with scarce slots, set up through the real HTTP API.</summary>
public static class MatcherScenario
{
    /// <summary>One day in Ho Chi Minh City from 09:00 with <paramref name="slots"/> 30-minute slots (at most 6, before lunch).</summary>
    public static async Task<string> CreateEventAsync(HttpClient client, int slots, int tables = 1, int maxPerVisitor = 6,
        int maxPerExhibitor = 20, bool autoMatch = false)
    {
        var end = new TimeOnly(9, 0).AddMinutes(30 * slots).ToString("HH:mm", CultureInfo.InvariantCulture);
        var body = new
        {
            name = "Smart City Asia 2022 matching",
            venue = "SECC, Hồ Chí Minh",
            timeZone = "Asia/Ho_Chi_Minh",
            days = new[] { new { date = "2099-05-26", start = "09:00", end } },
            slotMinutes = 30,
            breaks = Array.Empty<object>(),
            tablesPerBooth = tables,
            maxMeetingsPerVisitor = maxPerVisitor,
            maxMeetingsPerExhibitor = maxPerExhibitor,
            autoMatch,
            registrationClosesAt = "2099-01-01T00:00:00+07:00",
        };
        var response = await client.SendAsync(HttpMethod.Post, "/api/events", body, RegistrationApp.OrganiserKey);
        return (await response.ExpectAsync(201))["id"]!.GetValue<string>();
    }

    /// <summary>The visitor requests, the exhibitor accepts (each puts work on the queue); returns the request id.</summary>
    public static async Task<string> AcceptedRequestAsync(HttpClient client, string eventId, Registered visitor, Registered exhibitor)
    {
        var requestId = await Scenario.RequestMeetingAsync(client, eventId, visitor, exhibitor);
        await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests/{requestId}/accept", token: exhibitor.Token)).ExpectAsync(200);
        return requestId;
    }

    public static async Task DecideAsync(HttpClient client, string eventId, string requestId, string decision, Registered by) =>
        await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests/{requestId}/{decision}", token: by.Token)).ExpectAsync(200);

    public static async Task<ExpoEvent> EventAsync(RegistrationApp app, string eventId) =>
        (await app.Services.GetRequiredService<EventStore>().GetAsync(eventId, CancellationToken.None))!;
}
