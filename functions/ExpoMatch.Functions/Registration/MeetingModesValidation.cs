using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Meetings;

namespace ExpoMatch.Functions.Registration;

/// <summary>Field rules of online and hybrid meetings: the event's modes and link template, a participant's attendance.</summary>
public static class MeetingModesValidation
{
    public const int MaxTemplateLength = 500;

    /// <summary>The event's modes (default onsite only); online needs an absolute https template with {meetingId}.</summary>
    public static MeetingModeSettings Validate(FieldErrors errors, IReadOnlyList<string?>? modes, string? template)
    {
        var chosen = new List<string>();
        foreach (var mode in modes ?? [MeetingModes.Onsite])
        {
            if (!MeetingModes.IsValid(mode))
            {
                errors.Add("meetingModes", "Each mode is onsite or online.");
                return MeetingModeSettings.OnsiteOnly;
            }

            if (!chosen.Contains(mode!))
            {
                chosen.Add(mode!);
            }
        }

        if (chosen.Count == 0)
        {
            errors.Add("meetingModes", "At least one of onsite and online.");
            return MeetingModeSettings.OnsiteOnly;
        }

        if (!chosen.Contains(MeetingModes.Online))
        {
            if (template is not null)
            {
                errors.Add("videoLinkTemplate", "Only for events that offer online meetings.");
            }

            return new MeetingModeSettings(chosen, null);
        }

        if (string.IsNullOrWhiteSpace(template))
        {
            errors.Add("videoLinkTemplate", "Required when online meetings are offered: an https URL containing {meetingId}.");
        }
        else if (template.Length > MaxTemplateLength || !template.Contains(MeetingModeSettings.MeetingIdPlaceholder, StringComparison.Ordinal) ||
            !Uri.TryCreate(template.Replace(MeetingModeSettings.MeetingIdPlaceholder, "m", StringComparison.Ordinal), UriKind.Absolute, out var uri) ||
            uri.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(uri.Host) || template.Any(char.IsWhiteSpace))
        {
            errors.Add("videoLinkTemplate", $"An absolute https URL of at most {MaxTemplateLength} characters containing {{meetingId}}, for example https://meet.example.org/expomatch/{{meetingId}}.");
        }

        return new MeetingModeSettings(chosen, template);
    }

    /// <summary>
    /// A participant's attendance (one of the event's modes; default onsite when offered) and, when online, their IANA
    /// time zone (default the event's). Onsite participants read times in the event's zone, so they give none.
    /// </summary>
    public static (string Attendance, string? TimeZone) Attendance(FieldErrors errors, ExpoEvent expo, string? attendance, string? timeZone)
    {
        var mode = attendance ?? expo.Modes.DefaultAttendance;
        if (!MeetingModes.IsValid(mode) || !expo.Modes.Offers(mode))
        {
            errors.Add("attendance", $"One of the event's meeting modes: {string.Join(", ", expo.Modes.Modes)}.");
            return (expo.Modes.DefaultAttendance, null);
        }

        if (timeZone is null)
        {
            return (mode, null);
        }

        if (mode != MeetingModes.Online)
        {
            errors.Add("timeZone", "Only for online attendance: onsite participants read times in the event's time zone.");
            return (mode, null);
        }

        if (timeZone.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) || !zone.HasIanaId ||
            !string.Equals(zone.Id, timeZone, StringComparison.Ordinal))
        {
            errors.Add("timeZone", "Unknown time zone: use an IANA id such as Asia/Dushanbe.");
            return (mode, null);
        }

        return (mode, timeZone);
    }
}
