using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// How a meeting takes place (<c>onsite</c> at a booth table, or <c>online</c> over video) and how participants
/// attend. A meeting is online when either side attends online. The mode is fixed when the meeting is booked: a
/// participant who changes how they attend changes their future meetings, not the booked ones (calendars hold them).
/// </summary>
/// <remarks>
/// Seats, not tables (ADR-001, amendment "online meetings"): a booth with N tables has N seats per slot, reserved by
/// <c>busy~{slot}~x~{exhibitorId}~{n}</c>. An onsite meeting shows seat n as table n; an online meeting holds a seat
/// too (someone of the booth is on the call) but shows no table. So storage never lets a booth be in more meetings in
/// a slot than it has tables, in any mix of modes, and the matcher and engine place both modes the same way.
/// </remarks>
public static class MeetingModes
{
    public const string Onsite = "onsite";
    public const string Online = "online";

    public static bool IsValid(string? mode) => mode is Onsite or Online;

    /// <summary>Online when either party attends online.</summary>
    public static string For(Participant visitor, Participant exhibitor) =>
        visitor.Attendance == Online || exhibitor.Attendance == Online ? Online : Onsite;

    /// <summary>The meeting's video link from the event's template (null for onsite meetings or without a template).</summary>
    public static string? VideoLink(ExpoEvent expo, string mode, string meetingId) =>
        mode == Online && expo.Modes.VideoLinkTemplate is { Length: > 0 } template
            ? template.Replace(MeetingModeSettings.MeetingIdPlaceholder, Uri.EscapeDataString(meetingId), StringComparison.Ordinal)
            : null;
}

/// <summary>
/// The event's meeting modes: which modes it offers and, when online is offered, the organiser's video link template
/// (an absolute https URL containing <see cref="MeetingIdPlaceholder"/>). Events created before online meetings
/// existed are onsite only.
/// </summary>
public sealed record MeetingModeSettings(IReadOnlyList<string> Modes, string? VideoLinkTemplate)
{
    public const string MeetingIdPlaceholder = "{meetingId}";

    public static MeetingModeSettings OnsiteOnly { get; } = new([MeetingModes.Onsite], null);

    public bool Offers(string mode) => Modes.Contains(mode);

    /// <summary>What a participant who does not say attends: onsite when the event offers it.</summary>
    public string DefaultAttendance => Offers(MeetingModes.Onsite) ? MeetingModes.Onsite : MeetingModes.Online;
}
