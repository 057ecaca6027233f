using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Tests.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Matching.Matcher;

/// <summary>
/// Seeds a large event straight through the stores (registration's own write paths, without HTTP round trips) and
/// returns the accept messages registration would have queued.
/// </summary>
public static class MatcherSeed
{
    public static async Task<List<MatchingWork>> AcceptedRequestsAsync(RegistrationApp app, string eventId, int exhibitors, int visitors, int requestsPerVisitor)
    {
        var stores = app.Services;
        var expo = (await stores.GetRequiredService<EventStore>().GetAsync(eventId, CancellationToken.None))!;
        var participants = stores.GetRequiredService<ParticipantStore>();
        var requests = stores.GetRequiredService<MeetingRequestStore>();
        var now = DateTimeOffset.UtcNow;
        var exhibitorIds = Enumerable.Range(0, exhibitors).Select(_ => Ids.New()).ToArray();
        var visitorIds = Enumerable.Range(0, visitors).Select(_ => Ids.New()).ToArray();
        // Every fifth visitor is only available in the first two slots: availability must be honoured under contention.
        var early = new TimeWindow(expo.Grid[0].StartUtc, expo.Grid[Math.Min(1, expo.Grid.Count - 1)].EndUtc);
        await Parallel.ForEachAsync(
            exhibitorIds.Select(id => Participant(eventId, ParticipantKind.Exhibitor, id, expo.TablesPerBooth, [], now))
                .Concat(visitorIds.Select((id, i) => Participant(eventId, ParticipantKind.Visitor, id, 1, i % 5 == 0 ? [early] : [], now))),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (p, ct) => Assert.Equal(ParticipantWrite.Done, await participants.RegisterAsync(p, ct)));

        var work = new List<MatchingWork>();
        for (var v = 0; v < visitors; v++)
        {
            for (var k = 0; k < requestsPerVisitor; k++)
            {
                var exhibitorId = exhibitorIds[((v * 7) + (k * 3)) % exhibitors];
                var request = new MeetingRequest(eventId, visitorIds[v], exhibitorId, MeetingRequestStatus.Accepted, 1 + (k % 3), null, now, now);
                work.Add(new MeetingRequestAccepted(eventId, now, request.Id, request.VisitorId, request.ExhibitorId));
            }
        }

        work = [.. work.DistinctBy(w => ((MeetingRequestAccepted)w).RequestId)];
        await Parallel.ForEachAsync(work.Cast<MeetingRequestAccepted>(), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (w, ct) =>
            Assert.True(await requests.AddAsync(new MeetingRequest(eventId, w.VisitorId, w.ExhibitorId, MeetingRequestStatus.Accepted, 2, null, now, now), ct)));
        return work;
    }

    private static Participant Participant(string eventId, ParticipantKind kind, string id, int tables, IReadOnlyList<TimeWindow> availability, DateTimeOffset now) =>
        new(eventId, kind, id, ParticipantStatus.Active, "Nguyễn " + id, "Công ty " + id, null, kind == ParticipantKind.Exhibitor ? "B" + id[..4] : null,
            id + "@example.com", ["IoT"], ["iot"], "vi", tables, availability, "hash", Ids.New(), now, now, null);
}
