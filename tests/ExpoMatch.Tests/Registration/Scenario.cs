using System.Text.Json.Nodes;

namespace ExpoMatch.Tests.Registration;

/// <summary>Builds the Smart City Asia 2022 data the tests register: one day in Ho Chi Minh City, 30-minute slots.</summary>
public static class Scenario
{
    public static object EventBody(string? registrationClosesAt = null, string date = "2099-05-26", string name = "Smart City Asia 2022") => new
    {
        name,
        venue = "SECC, Hồ Chí Minh",
        timeZone = "Asia/Ho_Chi_Minh",
        days = new[] { new { date, start = "09:00", end = "17:00" } },
        slotMinutes = 30,
        breaks = new[] { new { start = "12:00", end = "13:00" } },
        tablesPerBooth = 2,
        maxMeetingsPerVisitor = 6,
        maxMeetingsPerExhibitor = 20,
        autoMatch = false,
        registrationClosesAt = registrationClosesAt ?? "2099-01-01T00:00:00+07:00",
    };

    public static object ExhibitorBody(string email, string company = "Công ty Đô thị Xanh", params string[] tags) => new
    {
        company,
        boothCode = "A-" + Guid.NewGuid().ToString("N")[..8],
        contactName = "Nguyễn Thị Lan",
        email,
        tags = tags.Length == 0 ? ["Đô thị thông minh", "IoT"] : tags,
        language = "vi",
    };

    public static object VisitorBody(string email, string name = "Somchai Srisuk", params string[] tags) => new
    {
        name,
        company = "บริษัท สมาร์ทซิตี้ จำกัด",
        jobTitle = "CTO",
        email,
        tags = tags.Length == 0 ? ["đô thị  THÔNG MINH", "Giao thông"] : tags,
        language = "th",
    };

    public static string Email(string who = "p") => $"{who}.{Guid.NewGuid():N}@example.com";

    public static async Task<string> CreateEventAsync(
        HttpClient client, string? registrationClosesAt = null, string date = "2099-05-26", string name = "Smart City Asia 2022")
    {
        var response = await client.SendAsync(HttpMethod.Post, "/api/events", EventBody(registrationClosesAt, date, name), RegistrationApp.OrganiserKey);
        return (await response.ExpectAsync(201))["id"]!.GetValue<string>();
    }

    public static async Task<Registered> RegisterExhibitorAsync(HttpClient client, string eventId, object? body = null)
    {
        var response = await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors",
            body ?? ExhibitorBody(Email("x")), RegistrationApp.OrganiserKey);
        var json = await response.ExpectAsync(201);
        return new Registered(json["id"]!.GetValue<string>(), json["accessToken"]!.GetValue<string>(), json);
    }

    public static async Task<Registered> RegisterVisitorAsync(HttpClient client, string eventId, object? body = null)
    {
        var response = await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body ?? VisitorBody(Email("v")));
        var json = await response.ExpectAsync(201);
        return new Registered(json["id"]!.GetValue<string>(), json["accessToken"]!.GetValue<string>(), json);
    }

    public static async Task<string> RequestMeetingAsync(HttpClient client, string eventId, Registered visitor, Registered exhibitor)
    {
        var response = await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests",
            new { exhibitorId = exhibitor.Id, priority = 1, note = "Xin chào!" }, visitor.Token);
        return (await response.ExpectAsync(202))["id"]!.GetValue<string>();
    }
}

public sealed record Registered(string Id, string Token, JsonNode Body);
