using System.Text.Json.Nodes;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Registration;

public sealed class OpenApiTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Fact]
    public async Task Document_DescribesEveryRegistrationEndpointWithAuthAndErrors()
    {
        using var client = app.CreateClient();
        var doc = await (await client.SendAsync(HttpMethod.Get, "/api/openapi/v1.json")).ExpectAsync(200);

        Assert.Equal("http", doc["components"]!["securitySchemes"]!["Bearer"]!["type"]!.GetValue<string>());
        var paths = doc["paths"]!.AsObject();
        string[][] expected =
        [
            ["/api/health", "get"],
            ["/api/events", "post"],
            ["/api/events/{eventId}", "get"],
            ["/api/events/{eventId}/exhibitors", "post"], ["/api/events/{eventId}/exhibitors", "get"],
            ["/api/events/{eventId}/visitors", "post"],
            ["/api/events/{eventId}/exhibitors/{id}", "get"], ["/api/events/{eventId}/exhibitors/{id}", "patch"], ["/api/events/{eventId}/exhibitors/{id}", "delete"],
            ["/api/events/{eventId}/visitors/{id}", "get"], ["/api/events/{eventId}/visitors/{id}", "patch"], ["/api/events/{eventId}/visitors/{id}", "delete"],
            ["/api/events/{eventId}/exhibitors/{id}/export", "get"], ["/api/events/{eventId}/visitors/{id}/export", "get"],
            ["/api/events/{eventId}/exhibitors/{id}/schedule", "get"], ["/api/events/{eventId}/visitors/{id}/schedule", "get"],
            ["/api/events/{eventId}/exhibitors/{id}/meeting-requests", "get"], ["/api/events/{eventId}/visitors/{id}/meeting-requests", "get"],
            ["/api/events/{eventId}/exhibitors/{id}/approve", "post"], ["/api/events/{eventId}/exhibitors/{id}/reject", "post"],
            ["/api/events/{eventId}/meeting-requests", "post"],
            ["/api/events/{eventId}/meeting-requests/{requestId}", "get"], ["/api/events/{eventId}/meeting-requests/{requestId}", "delete"],
            ["/api/events/{eventId}/meeting-requests/{requestId}/accept", "post"],
            ["/api/events/{eventId}/meeting-requests/{requestId}/decline", "post"],
            ["/api/events/{eventId}/meeting-requests/{requestId}/cancel", "post"],
        ];

        foreach (var pair in expected)
        {
            var operation = paths[pair[0]]?[pair[1]];
            Assert.True(operation is not null, $"{pair[1]} {pair[0]} is missing");
            if (pair[0] == "/api/health")
            {
                continue;
            }

            Assert.NotNull(operation["security"]);
            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("401"), $"{pair[1]} {pair[0]} lacks 401");
            Assert.Contains(responses, r => r.Key.StartsWith('2'));
            if (pair[1] == "post")
            {
                Assert.Contains(operation["parameters"]?.AsArray() ?? [], p => p!["name"]!.GetValue<string>() == "Idempotency-Key");
            }
        }

        var register = paths["/api/events/{eventId}/visitors"]!["post"]!["responses"]!.AsObject();
        Assert.True(register.ContainsKey("400") && register.ContainsKey("409") && register.ContainsKey("413") && register.ContainsKey("415"));
        var protectedOperation = paths["/api/events/{eventId}/visitors/{id}"]!["get"]!["responses"]!.AsObject();
        Assert.True(protectedOperation.ContainsKey("403") && protectedOperation.ContainsKey("404"));
        Assert.IsType<JsonObject>(paths["/api/events/{eventId}/visitors"]!["post"]!["requestBody"]!["content"]!["application/json"]);

        // Required fields are exact: a visitor always has a name; the access token is only in the registration answer.
        var required = doc["components"]!["schemas"]!["VisitorResponse"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains("name", required);
        Assert.DoesNotContain("accessToken", required);

        // Self-registration: anyone may call it (no 403 for the credential alone, but 403 for organiser-only events).
        var selfRegister = paths["/api/events/{eventId}/exhibitors"]!["post"]!["responses"]!.AsObject();
        Assert.True(selfRegister.ContainsKey("201") && selfRegister.ContainsKey("403") && selfRegister.ContainsKey("409"));
        var exhibitor = doc["components"]!["schemas"]!["ExhibitorResponse"]!;
        Assert.NotNull(exhibitor["properties"]!["rejectionReason"]);
        Assert.DoesNotContain("rejectionReason", exhibitor["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        var eventProperties = doc["components"]!["schemas"]!["EventResponse"]!["properties"]!.AsObject();
        Assert.True(eventProperties.ContainsKey("registrationOpensAt") && eventProperties.ContainsKey("exhibitorRegistration"));
        var create = doc["components"]!["schemas"]!["CreateEventRequest"]!["properties"]!.AsObject();
        Assert.True(create.ContainsKey("registrationOpensAt") && create.ContainsKey("exhibitorRegistration"));
    }
}

/// <summary>The checker every app fixture runs on its recorded responses when it ends (FunctionAppFixture.DisposeAsync).</summary>
public sealed class OpenApiConformanceTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {"paths":{"/api/things/{id}":{"get":{"responses":{
          "200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
          "404":{"content":{"application/problem+json":{"schema":{"type":"object"}}}}}}}},
         "components":{"schemas":{"Thing":{"type":"object","required":["id","tags"],"properties":{
          "id":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"size":{"type":["null","integer"]}}}}}}
        """)!;

    [Fact]
    public void MatchingResponses_HaveNoViolation()
    {
        var responses = new[]
        {
            new RecordedResponse("GET", "/api/things/7", 200, "application/json", """{"id":"7","tags":["a"],"size":null}"""),
            new RecordedResponse("GET", "/api/things/7", 404, "application/problem+json", """{"title":"Not found."}"""),
            new RecordedResponse("GET", "/api/elsewhere", 404, null, ""),
        };

        Assert.Empty(OpenApiConformance.Violations(Document, responses));
    }

    [Fact]
    public void UndocumentedStatus_MissingRequiredField_AndWrongType_AreViolations()
    {
        var responses = new[]
        {
            new RecordedResponse("GET", "/api/things/7", 500, "application/problem+json", "{}"),
            new RecordedResponse("GET", "/api/things/7", 200, "application/json", """{"id":"7"}"""),
            new RecordedResponse("GET", "/api/things/7", 200, "application/json", """{"id":"7","tags":[1]}"""),
        };

        var violations = OpenApiConformance.Violations(Document, responses);

        Assert.Equal(3, violations.Count);
        Assert.Contains("status not in the document", violations[0], StringComparison.Ordinal);
        Assert.Contains("$.tags is required", violations[1], StringComparison.Ordinal);
        Assert.Contains("$.tags[0] is number", violations[2], StringComparison.Ordinal);
    }
}
