using ExpoMatch.Functions.Notifications;

namespace ExpoMatch.Tests.Notifications;

/// <summary>A realistic schedule at a Ho Chi Minh City expo (UTC+7): 02:00Z is 09:00 local.</summary>
internal static class NotificationsTestData
{
    public const string Zone = "Asia/Ho_Chi_Minh";
    public static readonly DateTimeOffset Day1 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static ScheduleEmailModel Schedule(string? language, string participantName = "Nguyễn Thị Minh Khai", IReadOnlyList<ScheduledMeeting>? meetings = null) =>
        new("smartcity-2026", "Smart City Asia 2026", Zone, "p-0042", new EmailAddress("minh.khai@example.vn", participantName), language, 3,
            meetings ?? Meetings());

    public static IReadOnlyList<ScheduledMeeting> Meetings() =>
    [
        new("m-001", 0, Day1.AddHours(2), Day1.AddHours(2.5), "B12", "3", "Somchai Prasert", "Bangkok Smart Grid Co.", ["IoT", "smart grid"], MeetingChange.New),
        new("m-002", 2, Day1.AddHours(3), Day1.AddHours(3.5), "C07", "1", "王伟", "深圳智慧城市科技有限公司", ["交通"], MeetingChange.Changed),
        new("m-003", 1, Day1.AddHours(7), Day1.AddHours(7.5), "A01", "12", "Иван Петров", "ООО «Умный город»", [], MeetingChange.Cancelled),
        // 18:00Z is 01:00 the next day in Ho Chi Minh City: it belongs to the second day's agenda.
        new("m-004", 0, Day1.AddHours(18), Day1.AddHours(18.5), "D02", "5", "Jane Doe", null, ["water"], MeetingChange.Unchanged),
    ];
}
