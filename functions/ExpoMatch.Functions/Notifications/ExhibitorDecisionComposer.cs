using System.Text;

namespace ExpoMatch.Functions.Notifications;

/// <summary>What an exhibitor review email says: who, which event, the decision and (rejected) the organiser's reason.</summary>
public sealed record ExhibitorDecision(
    string EventId, string EventName, string ParticipantId, EmailAddress Exhibitor, string Company, string Language,
    bool Approved, string? BoothCode, string? Reason);

/// <summary>
/// Composes the email answering an exhibitor's registration in its language. The message id is deterministic per
/// exhibitor and decision, like schedule emails, so a re-send would be recognisable.
/// </summary>
public static class ExhibitorDecisionComposer
{
    public const string Category = "exhibitor-review";

    public static string MessageId(string eventId, string participantId, bool approved) =>
        $"{(approved ? "exhibitor-approved" : "exhibitor-rejected")}.{eventId}.{participantId}";

    public static EmailMessage Compose(ExhibitorDecision d)
    {
        var texts = ExhibitorDecisionTexts.For(d.Language);
        var culture = texts.Culture;
        var subject = string.Format(culture, d.Approved ? texts.SubjectApproved : texts.SubjectRejected, d.EventName);
        var paragraphs = new List<string> { string.Format(culture, texts.Greeting, d.Exhibitor.Name ?? "") };
        if (d.Approved)
        {
            paragraphs.Add(string.Format(culture, texts.Approved, d.Company, d.EventName));
            paragraphs.Add(string.IsNullOrEmpty(d.BoothCode) ? texts.BoothPending : string.Format(culture, texts.BoothAssigned, d.BoothCode));
        }
        else
        {
            paragraphs.Add(string.Format(culture, texts.Rejected, d.Company, d.EventName));
            paragraphs.Add($"{texts.Reason}: {d.Reason}");
            paragraphs.Add(texts.RejectedNextSteps);
        }

        paragraphs.Add(string.Format(culture, texts.Closing, d.EventName));
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"").Append(ScheduleEmailRenderer.Html(culture.TwoLetterISOLanguageName))
            .Append("\"><head><meta charset=\"utf-8\"><title>").Append(ScheduleEmailRenderer.Html(subject))
            .Append("</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;color:#222\">\n");
        foreach (var p in paragraphs)
        {
            html.Append("<p>").Append(ScheduleEmailRenderer.Html(p)).Append("</p>\n");
        }

        html.Append("</body></html>\n");
        return new EmailMessage(MessageId(d.EventId, d.ParticipantId, d.Approved), d.Exhibitor, subject,
            string.Join("\n\n", paragraphs) + "\n", html.ToString())
        {
            Categories = [Category],
            CustomArgs = new Dictionary<string, string>
            {
                [EmailCustomArgs.EventId] = d.EventId,
                [EmailCustomArgs.ParticipantId] = d.ParticipantId,
            },
        };
    }
}
