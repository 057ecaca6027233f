namespace ExpoMatch.Functions.Registration;

/// <summary>
/// A meeting request's id is its pair, <c>{visitorId}-{exhibitorId}</c>: the Requests row key is deterministic
/// (ADR-001), so a repeated request is the same row, and the id alone tells which two participants it concerns.
/// </summary>
public static class MeetingRequestId
{
    public static string Format(string visitorId, string exhibitorId) => $"{visitorId}-{exhibitorId}";

    public static bool TryParse(string? id, out string visitorId, out string exhibitorId)
    {
        visitorId = exhibitorId = "";
        var dash = id?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash < 0 || !Ids.IsValid(id![..dash]) || !Ids.IsValid(id[(dash + 1)..]))
        {
            return false;
        }

        visitorId = id[..dash];
        exhibitorId = id[(dash + 1)..];
        return true;
    }
}
