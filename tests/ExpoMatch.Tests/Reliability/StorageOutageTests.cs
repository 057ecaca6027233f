using System.Diagnostics;
using System.Net;
using ExpoMatch.Tests.Infrastructure;
using ExpoMatch.Tests.Registration;
using Xunit.Abstractions;

namespace ExpoMatch.Tests.Reliability;

/// <summary>The app on an Azurite of its own, with the matcher's queue trigger on, so an outage can be staged.</summary>
public sealed class StorageOutageApp : OwnAzuriteApp
{
    protected override Dictionary<string, string> Settings() => new(base.Settings())
    {
        ["AzureWebJobs.MatchRequestedMeetings.Disabled"] = "false",
    };
}

/// <summary>
/// Storage that stops answering (Azurite frozen with SIGSTOP, as a hung account or a cut network looks to the app):
/// reads and writes answer 503 with Retry-After and a problem body within the 10 s expo clients wait, health names
/// what is down, the host's queue listener backs off with one warning, and everything resumes by itself (SIGCONT).
/// </summary>
public sealed class StorageOutageTests(StorageOutageApp app, ITestOutputHelper output) : IClassFixture<StorageOutageApp>
{
    /// <summary>How long the clients (phones on expo Wi-Fi) wait before giving up.</summary>
    private static readonly TimeSpan ClientPatience = TimeSpan.FromSeconds(30); // above StorageUnavailable.HttpDeadline

    [Fact]
    public async Task StorageFrozen_ReadsAndWritesAnswer503WithRetryAfter_HealthNamesStorage_ThenAllResumes()
    {
        using var client = app.CreateClient();
        var eventId = await Scenario.CreateEventAsync(client, date: "2099-05-26");
        var exhibitor = await Scenario.RegisterExhibitorAsync(client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(client, eventId);
        var requestId = await Scenario.RequestMeetingAsync(client, eventId, visitor, exhibitor);
        var idempotentBody = Scenario.VisitorBody(Scenario.Email("retry"));
        var key = "outage-" + Guid.NewGuid().ToString("N");
        var outputBefore = app.Host.Output.Length;

        using (var impatient = app.CreateClient())
        {
            impatient.Timeout = ClientPatience;
            using (app.Freeze())
            {
                var frozenFor = Stopwatch.StartNew();
                var read = impatient.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}", token: visitor.Token);
                var write = impatient.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(Scenario.Email("w")));
                var idempotentWrite = impatient.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", idempotentBody, idempotencyKey: key);
                var decision = impatient.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests/{requestId}/accept", token: exhibitor.Token);
                var health = impatient.SendAsync(HttpMethod.Get, "/api/health");

                foreach (var response in await Task.WhenAll(read, write, idempotentWrite, decision))
                {
                    await AssertRetryLaterAsync(response);
                }

                output.WriteLine($"frozen storage: read, writes and a decision answered 503 after {frozenFor.Elapsed.TotalSeconds:0.0} s");
                using var healthResponse = await health;
                Assert.Equal(HttpStatusCode.ServiceUnavailable, healthResponse.StatusCode);
                var report = await healthResponse.JsonAsync();
                Assert.Equal("unavailable", report["status"]!.GetValue<string>());
                Assert.All(new[] { "tables", "queues", "blobs" }, service => Assert.Equal("unavailable", report["storage"]![service]!.GetValue<string>()));

                // The host's queue listener noticed too, and says so once rather than on every poll.
                Assert.True(await app.Host.WaitForOutputAsync("Storage unavailable for queue", TimeSpan.FromSeconds(20)), app.Host.Output);
            }
        }

        await WaitForHealthyAsync(client, TimeSpan.FromSeconds(60));

        // The retry of the write that failed with a key runs now; or, if the frozen store still held its claim and
        // wrote it once it resumed (after the app had given up), it is told to retry shortly: never a 500.
        using var retried = await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", idempotentBody, idempotencyKey: key);
        Assert.True(retried.StatusCode is HttpStatusCode.Created || (retried.StatusCode is HttpStatusCode.Conflict && retried.Headers.RetryAfter is not null),
            $"{(int)retried.StatusCode} {await retried.Content.ReadAsStringAsync()}");
        await (await client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}", token: visitor.Token)).ExpectAsync(200);

        // The matcher's queue trigger resumed by itself: the acceptance made after the outage is booked.
        await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests/{requestId}/accept", token: exhibitor.Token)).ExpectAsync(200);
        await WaitForMeetingAsync(client, eventId, visitor, TimeSpan.FromSeconds(60));

        var during = app.Host.Output[outputBefore..];
        Assert.True(CountOf(during, "Storage unavailable for queue") <= 2, during); // one warning per outage (and per listener)
        Assert.DoesNotContain("Unhandled", during, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ExpoMatch.", during, StringComparison.Ordinal); // no stack trace of ours in the logs
        Assert.Contains("Storage answers again for queue", during, StringComparison.Ordinal);
    }

    private static async Task AssertRetryLaterAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode} {body}");
            Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "no Retry-After");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = System.Text.Json.Nodes.JsonNode.Parse(body)!;
            Assert.Equal(503, problem["status"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        }
    }

    private static async Task WaitForHealthyAsync(HttpClient client, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(clock.Elapsed < timeout, "health did not recover: " + await response.Content.ReadAsStringAsync());
            await Task.Delay(250);
        }
    }

    private static async Task WaitForMeetingAsync(HttpClient client, string eventId, Registered visitor, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var schedule = await (await client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}/schedule", token: visitor.Token)).ExpectAsync(200);
            if (schedule["meetings"]!.AsArray().Count > 0)
            {
                return;
            }

            Assert.True(clock.Elapsed < timeout, "the matcher did not book the meeting after storage came back");
            await Task.Delay(250);
        }
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
