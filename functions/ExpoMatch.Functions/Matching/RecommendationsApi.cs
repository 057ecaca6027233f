using System.Globalization;
using Azure.Data.Tables;
using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using ExpoMatch.Matching.Model;
using ExpoMatch.Matching.Scoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Matching;

/// <summary>
/// GET /api/events/{eventId}/visitors/{id}/recommendations: the exhibitors whose tags best match the visitor's,
/// scored by the engine's <see cref="PairScorer"/> (shared normalised tags weighted by rarity). Rarity is counted over
/// the visitor and the event's active exhibitors, the set being ranked, so one call costs one range query over the
/// event's exhibitor rows plus two small range reads (the visitor's requests and pair reservations) and never a scan
/// of the visitors. Nothing is cached: every call sees the current exhibitors, requests and meetings.
/// Exhibitors already met, or with a pending, accepted or declined request from this visitor, are left out (they
/// need no recommendation, or said no); a cancelled request does not exclude and is flagged.
/// Order: score descending, then exhibitor id, so pages are stable while the data does not change.
/// </summary>
public static class RecommendationsApi
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;
    public const int MaxOffset = 10_000;

    public static async Task<Results<Ok<RecommendationPage>, ValidationProblem, ProblemHttpResult>> Get(
        string eventId, string id, string? limit, string? offset, RegistrationContext registration,
        RegistrationTables tables, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"A whole number from 1 to {MaxLimit}.");
        }

        var skip = 0;
        if (offset is not null && (!int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip > MaxOffset))
        {
            errors.Add("offset", $"A whole number from 0 to {MaxOffset}.");
        }

        if (errors.HasErrors)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var (_, visitor, problem) = await ParticipantsApi.LoadAsync(eventId, ParticipantKind.Visitor, id, registration, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var participants = await tables.GetAsync(RegistrationTables.Participants, cancellationToken);
        var exhibitors = await EventSnapshot.ActiveAsync(participants, eventId, ParticipantKind.Exhibitor, cancellationToken);
        var requests = (await registration.Requests.ListSentAsync(eventId, id, cancellationToken))
            .ToDictionary(r => r.ExhibitorId, r => r.Status, StringComparer.Ordinal);
        var met = await MetExhibitorsAsync(tables, eventId, id, cancellationToken);

        var ranked = Rank(visitor!, exhibitors)
            .Where(r => !met.Contains(r.ExhibitorId) &&
                        !(requests.TryGetValue(r.ExhibitorId, out var s) && s != MeetingRequestStatus.Cancelled))
            .Select(r => r with { RequestStatus = requests.GetValueOrDefault(r.ExhibitorId) })
            .ToList();
        var page = ranked.Skip(skip).Take(take).ToList();
        var next = skip + page.Count < ranked.Count ? skip + page.Count : (int?)null;
        return TypedResults.Ok(new RecommendationPage(page, next));
    }

    /// <summary>Every exhibitor sharing at least one tag with the visitor, best first (engine scores).</summary>
    public static List<Recommendation> Rank(Participant visitor, IReadOnlyList<Participant> exhibitors)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        ArgumentNullException.ThrowIfNull(exhibitors);
        var input = new MatchingInput(
            1,
            [new VisitorInput(visitor.NormalisedTags, 1)],
            [.. exhibitors.Select(e => new ExhibitorInput(e.NormalisedTags, 1, 1))],
            [],
            []);
        var scored = PairScorer.Score(input, new MatchingOptions(CandidatesPerVisitor: exhibitors.Count, ParallelScoring: false));
        var p = scored.Problem;
        var result = new List<Recommendation>(p.ArcCount);
        for (var arc = 0; arc < p.ArcCount; arc++)
        {
            var exhibitor = exhibitors[p.ArcExhibitor[arc]];
            var shared = scored.ExplainArc(arc).SharedTags.Select(t => DisplayTag(exhibitor, t)).ToList();
            result.Add(new Recommendation(exhibitor.Id, exhibitor.Company, exhibitor.BoothCode, p.ArcWeight[arc], shared, null));
        }

        result.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.ExhibitorId, b.ExhibitorId));
        return result;
    }

    /// <summary>The exhibitor's own spelling of a normalised tag (Tags and NormalisedTags are parallel arrays).</summary>
    private static string DisplayTag(Participant exhibitor, string normalised)
    {
        for (var i = 0; i < exhibitor.NormalisedTags.Count && i < exhibitor.Tags.Count; i++)
        {
            if (exhibitor.NormalisedTags[i] == normalised)
            {
                return exhibitor.Tags[i];
            }
        }

        return normalised;
    }

    /// <summary>Exhibitors the visitor has a booked meeting with: the pair reservations, one range read.</summary>
    private static async Task<HashSet<string>> MetExhibitorsAsync(
        RegistrationTables tables, string eventId, string visitorId, CancellationToken cancellationToken)
    {
        var meetings = await tables.GetAsync(MeetingRow.TableName, cancellationToken);
        var prefix = MeetingRow.PairRowKey(visitorId, "");
        var met = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in meetings.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, prefix), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            met.Add(entity.RowKey[prefix.Length..]);
        }

        return met;
    }
}
