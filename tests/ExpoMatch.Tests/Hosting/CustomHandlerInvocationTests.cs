using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ExpoMatch.Tests.Hosting;

// Payloads are the ones the Functions host sends (ScriptInvocationContextExtensions.ToHttpScriptInvocationContext):
// trigger data under Data.<binding>, every non-object value passed through JsonConvert.SerializeObject, so scalars
// in Metadata and a queue message arrive as JSON text inside a JSON string.
public sealed class CustomHandlerInvocationTests(CustomHandlerAppFactory factory) : IClassFixture<CustomHandlerAppFactory>
{
    private const string EmptyEnvelope = """{"Outputs":{},"Logs":[],"ReturnValue":null}""";

    [Fact]
    public async Task Probe_GetRoot_AnswersOk()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Queue_WhenMessageIsJsonStringLiteral_PassesDecodedTextAndMetadata()
    {
        var id = Guid.NewGuid().ToString();
        var payload = $$"""
            {
              "Data": { "message": "\"{\\\"eventId\\\":\\\"smart-city-2026\\\",\\\"requestId\\\":\\\"r-1\\\"}\"" },
              "Metadata": {
                "DequeueCount": "3",
                "ExpirationTime": "\"2026-11-28T16:00:00+00:00\"",
                "Id": "\"{{id}}\"",
                "InsertionTime": "\"2026-11-21T16:00:00+00:00\"",
                "NextVisibleTime": "\"2026-11-21T16:10:00+00:00\"",
                "PopReceipt": "\"AgAAAAMAAAAAAAAAAgtnj8x+1QE=\"",
                "sys": { "MethodName": "RecordQueueMessage", "UtcNow": "2026-11-21T16:00:01.0000000Z", "RandGuid": "5e0f3d34-8d0f-4d27-9d4b-5b8a7e9e2f11" }
              }
            }
            """;

        var (status, body) = await PostAsync("/RecordQueueMessage", payload);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(EmptyEnvelope, body);
        var message = Assert.Single(factory.Sink.Messages, m => m.Id == id);
        Assert.Equal("""{"eventId":"smart-city-2026","requestId":"r-1"}""", message.MessageText);
        Assert.Equal("test-records", message.QueueName);
        Assert.Equal(3, message.DequeueCount);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero), message.InsertionTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 16, 0, 0, TimeSpan.Zero), message.ExpirationTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 16, 10, 0, TimeSpan.Zero), message.NextVisibleTime);
        Assert.Equal("AgAAAAMAAAAAAAAAAgtnj8x+1QE=", message.PopReceipt);
    }

    [Fact]
    public async Task Queue_WhenMessageIsPlainTextAndMetadataIsRaw_PassesThemAsIs()
    {
        // The documentation's shape: plain values in Metadata, the message text unencoded.
        var id = Guid.NewGuid().ToString();
        var payload = $$$"""
            {"Data":{"message":"Xin chào, 你好"},"Metadata":{"DequeueCount":1,"Id":"{{{id}}}","InsertionTime":"2026-11-21T16:00:00+00:00","PopReceipt":"pr"}}
            """;

        var (status, _) = await PostAsync("/RecordQueueMessage", payload);

        Assert.Equal(HttpStatusCode.OK, status);
        var message = Assert.Single(factory.Sink.Messages, m => m.Id == id);
        Assert.Equal("Xin chào, 你好", message.MessageText);
        Assert.Equal(1, message.DequeueCount);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero), message.InsertionTime);
        Assert.Null(message.ExpirationTime);
    }

    [Fact]
    public async Task Queue_WhenMessageIsRawObject_PassesItsJsonText()
    {
        var id = Guid.NewGuid().ToString();
        var payload = $$$"""{"Data":{"message":{"eventId":"e-1","tags":["IoT","Đô thị"]}},"Metadata":{"Id":"{{{id}}}","DequeueCount":"1"}}""";

        var (status, _) = await PostAsync("/RecordQueueMessage", payload);

        Assert.Equal(HttpStatusCode.OK, status);
        var message = Assert.Single(factory.Sink.Messages, m => m.Id == id);
        using var parsed = JsonDocument.Parse(message.MessageText);
        Assert.Equal("Đô thị", parsed.RootElement.GetProperty("tags")[1].GetString());
    }

    [Fact]
    public async Task Queue_WhenFunctionThrows_Returns500WithEnvelope()
    {
        var payload = """{"Data":{"message":"\"boom\""},"Metadata":{"Id":"\"m-1\"","DequeueCount":"5"}}""";

        var (status, body) = await PostAsync("/FailOnQueueMessage", payload);

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        using var envelope = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Object, envelope.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Null, envelope.RootElement.GetProperty("ReturnValue").ValueKind);
        var log = Assert.Single(envelope.RootElement.GetProperty("Logs").EnumerateArray()).GetString();
        Assert.Equal("FailOnQueueMessage failed: InvalidOperationException", log);
    }

    [Theory]
    [InlineData("""{"Metadata":{}}""")]
    [InlineData("""{"Data":{"message":null}}""")]
    [InlineData("""not json""")]
    public async Task Queue_WhenPayloadHasNoMessage_Returns400Problem(string payload)
    {
        var (status, body) = await PostAsync("/RecordQueueMessage", payload);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Timer_WhenPastDue_PassesIsPastDueAndScheduleStatus()
    {
        var payload = """
            {
              "Data": {
                "timer": {
                  "Schedule": { "AdjustForDST": true },
                  "ScheduleStatus": { "Last": "2026-11-21T15:45:00+00:00", "Next": "2026-11-21T16:00:00+00:00", "LastUpdated": "2026-11-21T15:45:00.1234567+00:00" },
                  "IsPastDue": true
                }
              },
              "Metadata": { "sys": { "MethodName": "RecordTimerTick", "UtcNow": "2026-11-21T16:07:00Z", "RandGuid": "0b0c4a57-3f5d-4c4e-9b7a-3d2c1b0a9f8e" } }
            }
            """;

        var (status, body) = await PostAsync("/RecordTimerTick", payload);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(EmptyEnvelope, body);
        var tick = Assert.Single(factory.Sink.Ticks, t => t.IsPastDue);
        Assert.NotNull(tick.ScheduleStatus);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 15, 45, 0, TimeSpan.Zero), tick.ScheduleStatus.Last);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero), tick.ScheduleStatus.Next);
    }

    [Fact]
    public async Task Timer_WhenFirstRunWithoutStatus_PassesNullStatus()
    {
        var payload = """{"Data":{"timer":"{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,\"IsPastDue\":false}"},"Metadata":{}}""";

        var (status, _) = await PostAsync("/RecordTimerTick", payload);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(factory.Sink.Ticks, t => !t.IsPastDue && t.ScheduleStatus is null);
    }

    [Fact]
    public async Task Http_InCustomHandlerMode_ServesForwardedRequestsUnderApi()
    {
        using var client = factory.CreateClient();
        var health = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/health", UriKind.Relative));
        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string payload)
    {
        using var client = factory.CreateClient();
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

public sealed class StandaloneModeTests(StandaloneAppFactory factory) : IClassFixture<StandaloneAppFactory>
{
    [Theory]
    [InlineData("/RecordQueueMessage")]
    [InlineData("/RecordTimerTick")]
    public async Task InvocationEndpoints_InStandaloneMode_AreNotExposed(string path)
    {
        using var client = factory.CreateClient();
        using var content = new StringContent("""{"Data":{"message":"x"},"Metadata":{}}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
