using System.Globalization;
using System.Text;
using ExpoMatch.Functions.Api;
using ExpoMatch.Matching.Scoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// GET /api/events/{eventId}/exhibitors: the exhibitor directory for the event's participants and the organiser.
/// Pages follow row-key order; the continuation token is the last row key returned, so a page is one range query
/// however many exhibitors the event has.
/// </summary>
public static class DirectoryApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static async Task<Results<Ok<DirectoryPage>, ValidationProblem, ProblemHttpResult>> ListExhibitors(
        string eventId, string? tag, string? continuationToken, string? limit,
        RegistrationContext registration, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var pageSize = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) ||
                                  pageSize is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"A whole number from 1 to {MaxLimit}.");
        }

        string? after = null;
        if (continuationToken is not null && !TryDecode(continuationToken, out after))
        {
            errors.Add("continuationToken", "Not a token this API returned.");
        }

        string? normalisedTag = null;
        if (tag is not null)
        {
            normalisedTag = TagNormalizer.Normalize(tag);
            if (normalisedTag.Length is 0 or > InputRules.MaxTagLength)
            {
                errors.Add("tag", $"A tag is 1 to {InputRules.MaxTagLength} characters.");
            }
        }

        if (errors.HasErrors)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (await registration.Events.GetAsync(eventId, cancellationToken) is null)
        {
            return EventsApi.UnknownEvent();
        }

        var (items, next) = await registration.Participants.ListExhibitorsAsync(
            eventId, after, pageSize, normalisedTag, cancellationToken);
        return TypedResults.Ok(new DirectoryPage([.. items.Select(p => p.ToDirectoryEntry())], next is null ? null : Encode(next)));
    }

    private static string Encode(string rowKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string token, out string? rowKey)
    {
        rowKey = null;
        if (token.Length > 200)
        {
            return false;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, written);
        var prefix = ParticipantRow.Prefix(ParticipantKind.Exhibitor);
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || !Ids.IsValid(text[prefix.Length..]))
        {
            return false;
        }

        rowKey = text;
        return true;
    }
}
