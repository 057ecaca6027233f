using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExpoMatch.Tests.Registration;

/// <summary>Events with a chosen exhibitorRegistration mode and window, and exhibitors registering themselves.</summary>
public static class ExhibitorSignup
{
    /// <summary>The Scenario event (2099-05-26, 09:00-17:00 Ho Chi Minh City) with fields replaced or removed (null).</summary>
    public static JsonObject EventBody(params (string Field, object? Value)[] changes)
    {
        var body = JsonSerializer.SerializeToNode(Scenario.EventBody(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();
        foreach (var (field, value) in changes)
        {
            if (value is null)
            {
                body.Remove(field);
            }
            else
            {
                body[field] = JsonSerializer.SerializeToNode(value, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            }
        }

        return body;
    }

    public static async Task<string> CreateEventAsync(HttpClient client, string mode, params (string Field, object? Value)[] changes)
    {
        var body = EventBody([("exhibitorRegistration", mode), .. changes]);
        var response = await client.SendAsync(HttpMethod.Post, "/api/events", body.ToJsonString(), RegistrationApp.OrganiserKey);
        return (await response.ExpectAsync(201))["id"]!.GetValue<string>();
    }

    /// <summary>An exhibitor body without a booth code (self-registration) or with the one asked for.</summary>
    public static object Body(string? boothCode = null, string language = "vi", string? email = null) => new
    {
        company = "Công ty Cổ phần Đô thị Thông minh",
        boothCode,
        contactName = "Trần Văn Minh",
        email = email ?? Scenario.Email("self"),
        tags = new[] { "Đô thị thông minh", "IoT" },
        language,
    };

    /// <summary>Registers without any credential, as a company from the expo's website would.</summary>
    public static async Task<Registered> SelfRegisterAsync(HttpClient client, string eventId, object? body = null, int expected = 201)
    {
        var json = await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors", body ?? Body())).ExpectAsync(expected);
        return expected == 201
            ? new Registered(json["id"]!.GetValue<string>(), json["accessToken"]!.GetValue<string>(), json)
            : new Registered("", "", json);
    }

    public static async Task<JsonNode> ApproveAsync(HttpClient client, string eventId, string id, int expected = 200) =>
        await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors/{id}/approve", token: RegistrationApp.OrganiserKey)).ExpectAsync(expected);

    public static async Task<JsonNode> RejectAsync(HttpClient client, string eventId, string id, string reason = "Gian hàng đã kín chỗ.", int expected = 200) =>
        await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors/{id}/reject", new { reason }, RegistrationApp.OrganiserKey)).ExpectAsync(expected);
}
