using ExpoMatch.Functions.Meetings;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// Builds a participant's schedule from the meeting rows the matcher booked: times from the event's slot grid in the
/// event's offset, the booth, the counterpart (names only) and the tags both sides share.
/// </summary>
public static class Schedules
{
    public static async Task<List<ScheduleMeeting>> BuildAsync(
        ExpoEvent expo, Participant self, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var meetings = await registration.Meetings.ListForAsync(expo.Id, self.Kind, self.Id, cancellationToken);
        var otherKind = self.Kind == ParticipantKind.Visitor ? ParticipantKind.Exhibitor : ParticipantKind.Visitor;
        var otherIds = meetings.Select(m => OtherId(self, m)).Distinct(StringComparer.Ordinal).ToArray();
        var others = await Task.WhenAll(otherIds.Select(id =>
            registration.Participants.GetAsync(expo.Id, otherKind, id, cancellationToken)));
        var byId = otherIds.Zip(others).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);

        var grid = expo.Grid;
        var ownZone = OwnZone(expo, self);
        var schedule = new List<ScheduleMeeting>();
        foreach (var meeting in meetings)
        {
            if (meeting.Slot < 0 || meeting.Slot >= grid.Count)
            {
                RegistrationLog.MeetingOutsideGrid(registration.Logger, meeting.MeetingId, expo.Id, meeting.Slot);
                continue;
            }

            var other = byId[OtherId(self, meeting)] is { IsActive: true } active ? active : null;
            var exhibitor = self.Kind == ParticipantKind.Exhibitor ? self : other;
            var slot = grid[meeting.Slot];
            schedule.Add(new ScheduleMeeting(
                meeting.MeetingId,
                grid.ToEventTime(slot.StartUtc),
                grid.ToEventTime(slot.EndUtc),
                meeting.Slot,
                meeting.IsOnline ? null : meeting.Table,
                exhibitor?.BoothCode ?? "",
                meeting.Status,
                meeting.VisitorId,
                meeting.ExhibitorId,
                ToCounterpart(OtherId(self, meeting), otherKind, other),
                SharedTags(self, other),
                meeting.Mode,
                MeetingModes.VideoLink(expo, meeting.Mode, meeting.MeetingId),
                InOwnZone(ownZone, expo, slot.StartUtc),
                InOwnZone(ownZone, expo, slot.EndUtc)));
        }

        return schedule;
    }

    /// <summary>The participant's own zone when it is not the event's (online attendance from elsewhere), else null.</summary>
    public static TimeZoneInfo? OwnZone(ExpoEvent expo, Participant self) =>
        self.TimeZone is { } id && id != expo.Zone.Id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    /// <summary>The instant in the participant's zone, only where its offset differs from the event's then.</summary>
    private static DateTimeOffset? InOwnZone(TimeZoneInfo? own, ExpoEvent expo, DateTimeOffset utc) =>
        own is not null && own.GetUtcOffset(utc) != expo.Zone.GetUtcOffset(utc) ? TimeZoneInfo.ConvertTime(utc, own) : null;

    private static string OtherId(Participant self, BookedMeeting meeting) =>
        self.Kind == ParticipantKind.Visitor ? meeting.ExhibitorId : meeting.VisitorId;

    private static Counterpart ToCounterpart(string id, ParticipantKind kind, Participant? other) =>
        other is null
            ? new Counterpart(id, kind.Name(), true, null, null, null, null)
            : new Counterpart(id, kind.Name(), false, other.Name, other.Company, other.JobTitle, other.BoothCode);

    /// <summary>The viewer's own tags (as they typed them) whose normalised form the counterpart also holds.</summary>
    private static List<string> SharedTags(Participant self, Participant? other)
    {
        if (other is null)
        {
            return [];
        }

        var theirs = other.NormalisedTags.ToHashSet(StringComparer.Ordinal);
        return [.. self.Tags.Where((_, i) => i < self.NormalisedTags.Count && theirs.Contains(self.NormalisedTags[i]))];
    }
}
