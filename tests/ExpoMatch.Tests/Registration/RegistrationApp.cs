using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Registration;

/// <summary>
/// The real app (worker through the local host) over the shared Azurite, with two organiser keys and its own
/// matching-work queue so tests can read exactly the messages this app sent. Shared per test class; every test
/// creates its own event, so tests stay independent.
/// </summary>
public class RegistrationApp : FunctionAppFixture
{
    public const string SecondOrganiserKey = "second-organiser-key-for-tests-abcdef";

    public string MatchingWorkQueueName { get; } = "matching-work-" + Guid.NewGuid().ToString("N")[..12];

    protected override Dictionary<string, string> Settings() => new(base.Settings())
    {
        ["ExpoMatch__OrganiserKeys__0"] = SecondOrganiserKey,
        ["ExpoMatch__MatchingWorkQueue"] = MatchingWorkQueueName,
    };

    public TableClient Table(string name) => StorageClients.Tables(ConnectionString).GetTableClient(name);

    /// <summary>Every matching-work message this app sent for the event so far (received and deleted).</summary>
    public async Task<List<MatchingWork>> DrainMatchingWorkAsync(string eventId)
    {
        var queue = StorageClients.Queues(ConnectionString).GetQueueClient(MatchingWorkQueueName);
        await queue.CreateIfNotExistsAsync();
        var result = new List<MatchingWork>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                var work = MatchingWorkQueue.Deserialize(message.MessageText)!;
                if (work.EventId == eventId)
                {
                    result.Add(work);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }

        return result;
    }
}

/// <summary>HTTP helpers for tests: JSON bodies, bearer tokens, idempotency keys.</summary>
public static class Api
{
    public static async Task<HttpResponseMessage> SendAsync(
        this HttpClient client, HttpMethod method, string url, object? body = null, string? token = null,
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("null body");

    /// <summary>The body as JSON after checking the status, with the body in the failure message.</summary>
    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }
}
