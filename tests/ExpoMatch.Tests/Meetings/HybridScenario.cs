using Azure.Data.Tables;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Meetings;

/// <summary>
/// A future Smart City Asia day (10 March 2031, Ho Chi Minh City, 09:00-17:00, 30-minute slots, lunch 12-13: slots
/// 0-5 in the morning, 6-13 after lunch) offering onsite and online meetings, so slots have not started yet.
/// </summary>
public static class HybridScenario
{
    public const string VideoLinkTemplate = "https://meet.example.org/expomatch/{meetingId}";

    public static object EventBody(int tablesPerBooth = 1, string[]? modes = null, string? template = VideoLinkTemplate, string date = "2031-03-10") => new
    {
        name = "Smart City Asia 2031 (hybrid)",
        venue = "SECC, Hồ Chí Minh",
        timeZone = "Asia/Ho_Chi_Minh",
        days = new[] { new { date, start = "09:00", end = "17:00" } },
        slotMinutes = 30,
        breaks = new[] { new { start = "12:00", end = "13:00" } },
        tablesPerBooth,
        maxMeetingsPerVisitor = 6,
        maxMeetingsPerExhibitor = 20,
        autoMatch = false,
        meetingModes = modes ?? ["onsite", "online"],
        videoLinkTemplate = template,
    };

    public static async Task<string> CreateEventAsync(HttpClient client, int tablesPerBooth = 1, string date = "2031-03-10")
    {
        var response = await client.SendAsync(HttpMethod.Post, "/api/events", EventBody(tablesPerBooth, date: date), RegistrationApp.OrganiserKey);
        return (await response.ExpectAsync(201))["id"]!.GetValue<string>();
    }

    /// <summary>Ruslan from Dushanbe, attending online (UTC+5, two hours behind Ho Chi Minh City).</summary>
    public static object OnlineVisitorBody(string email) => new
    {
        name = "Рустам Назаров",
        company = "Душанбе Смарт Сити",
        jobTitle = "CIO",
        email,
        tags = new[] { "Đô thị thông minh", "IoT" },
        language = "ru",
        attendance = "online",
        timeZone = "Asia/Dushanbe",
    };

    public static string MeetingId(Registered visitor, Registered exhibitor, int generation = 0) =>
        MeetingIds.Format(visitor.Id, exhibitor.Id, generation);

    /// <summary>Books a meeting as the matcher does, quota tokens included (ADR-001).</summary>
    public static async Task<string> BookAsync(TableClient meetings, string eventId, Registered visitor, Registered exhibitor, int slot, int table = 1,
        int visitorQuota = 0, int exhibitorQuota = 0, string mode = MeetingModes.Onsite)
    {
        await meetings.CreateIfNotExistsAsync();
        var meeting = new MeetingRecord(eventId, MeetingId(visitor, exhibitor), visitor.Id, exhibitor.Id, slot, table, MeetingStatus.Booked, 0, "",
            [], visitorQuota, exhibitorQuota, Mode: mode);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, meeting.ToEntity()) };
        actions.AddRange(meeting.ReservationRowKeys.Select(k => new TableTransactionAction(TableTransactionActionType.Add,
            new TableEntity(eventId, k) { [MeetingRow.HeldBy] = meeting.MeetingId })));
        await meetings.SubmitTransactionAsync(actions);
        return meeting.MeetingId;
    }

    public static async Task<MeetingRecord> ReadAsync(TableClient meetings, string eventId, string meetingId) =>
        MeetingRecord.FromEntity((await meetings.GetEntityAsync<TableEntity>(eventId, MeetingRow.RowKey(meetingId))).Value);

    public static Task<HttpResponseMessage> ProposeAsync(HttpClient client, string eventId, string meetingId, int slot, Registered by) =>
        client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meetings/{meetingId}/reschedule", new { slot }, by.Token);

    public static Task<HttpResponseMessage> DecideAsync(HttpClient client, string eventId, string meetingId, string decision, Registered by) =>
        client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meetings/{meetingId}/reschedule/{decision}", token: by.Token);
}
