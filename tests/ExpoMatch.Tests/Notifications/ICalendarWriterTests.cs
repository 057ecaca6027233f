using System.Text;
using ExpoMatch.Functions.Notifications;
using Ical.Net;

namespace ExpoMatch.Tests.Notifications;

/// <summary>What we send, read back by Ical.Net's parser; folding and escaping are also checked on the raw text.</summary>
public sealed class ICalendarWriterTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 11, 21, 10, 15, 30, TimeSpan.Zero);
    private static readonly EmailAddress Organizer = new("schedules@expomatch.example", "Smart City Asia");
    private static readonly EmailAddress Attendee = new("minh.khai@example.vn", "Nguyễn Thị Minh Khai");

    [Fact]
    public void Write_Request_HasEveryPropertyOfEveryMeeting()
    {
        var events = new[]
        {
            Event("m-001", 0, "Meeting with Somchai", "Booth B12, Table 3", "Smart City Asia 2026\nWith: Somchai"),
            Event("m-002", 4, "Meeting with 王伟", "Booth C07, Table 1", "IoT"),
        };

        var calendar = Parse(ICalendarWriter.Write(CalendarMethod.Request, events, Stamp));

        Assert.Equal("-//ExpoMatch//Schedule 1.0//EN", calendar.ProductId);
        Assert.Equal("2.0", calendar.Version);
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal(2, calendar.Events.Count);
        var first = calendar.Events[0]!;
        Assert.Equal("m-001@expomatch", first.Uid);
        Assert.Equal(0, first.Sequence);
        Assert.Equal(Stamp, Utc(first.DtStamp!));
        Assert.Equal(NotificationsTestData.Day1.AddHours(2), Utc(first.DtStart!));
        Assert.Equal(NotificationsTestData.Day1.AddHours(2.5), Utc(first.DtEnd!));
        Assert.Equal("Meeting with Somchai", first.Summary);
        Assert.Equal("Booth B12, Table 3", first.Location);
        Assert.Equal("Smart City Asia 2026\nWith: Somchai", first.Description);
        Assert.Equal("CONFIRMED", first.Status);
        Assert.Equal("OPAQUE", first.Transparency);
        Assert.Equal("mailto:schedules@expomatch.example", first.Organizer!.Value!.ToString());
        Assert.Equal("Smart City Asia", first.Organizer.CommonName);
        var attendee = Assert.Single(first.Attendees);
        Assert.Equal("mailto:minh.khai@example.vn", attendee.Value!.ToString());
        Assert.Equal("Nguyễn Thị Minh Khai", attendee.CommonName);
        Assert.Equal("REQ-PARTICIPANT", attendee.Role);
        Assert.Equal("m-002@expomatch", calendar.Events[1]!.Uid);
        Assert.Equal(4, calendar.Events[1]!.Sequence);
    }

    [Fact]
    public void Write_Cancel_MarksEveryEventCancelledWithSameUid()
    {
        var calendar = Parse(ICalendarWriter.Write(CalendarMethod.Cancel, [Event("m-003", 2, "x", null, null)], Stamp));

        Assert.Equal("CANCEL", calendar.Method);
        var cancelled = Assert.Single(calendar.Events);
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.Equal("m-003@expomatch", cancelled.Uid);
        Assert.Equal(2, cancelled.Sequence);
        Assert.Null(cancelled.Location);
    }

    [Fact]
    public void Write_UsesCrlfOnlyAndBeginsAndEndsTheCalendar()
    {
        var text = ICalendarWriter.Write(CalendarMethod.Request, [Event("m-1", 0, "s", "l", "d")], Stamp);

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Gặp gỡ với Nguyễn Thị Minh Khai – Công ty Cổ phần Giải pháp Đô thị Thông minh Việt Nam, tầng 12, tòa nhà Bitexco")]
    [InlineData("นัดหมายกับ สมชาย ประเสริฐ บริษัท กรุงเทพ สมาร์ท กริด จำกัด (มหาชน) ความสนใจร่วมกัน: อินเทอร์เน็ตของสรรพสิ่ง")]
    [InlineData("与王伟的会议：深圳智慧城市科技有限公司，共同关注领域：智能交通、智慧水务、城市大脑、数字孪生、物联网平台")]
    [InlineData("Встреча с ООО «Умный город»: общие интересы — интернет вещей, умные сети, водоснабжение 😀🏙️")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀")]
    public void Write_FoldsAt75OctetsWithoutSplittingCharacters_AndUnfoldsBack(string text)
    {
        var description = string.Concat(Enumerable.Repeat(text + " ", 3));
        var ics = ICalendarWriter.Write(CalendarMethod.Request, [Event("m-1", 0, text, text, description)], Stamp);

        var strictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var physicalLines = ics.Split("\r\n")[..^1];
        Assert.Contains(physicalLines, l => l.StartsWith(' '));
        foreach (var line in physicalLines)
        {
            // Encoding a line on its own throws if a fold cut a surrogate pair; decoding strictly re-checks the bytes.
            var bytes = strictUtf8.GetBytes(line);
            Assert.InRange(bytes.Length, 1, 75);
            Assert.Equal(line, strictUtf8.GetString(bytes));
        }

        var e = Assert.Single(Parse(ics).Events);
        Assert.Equal(text, e.Summary);
        Assert.Equal(text, e.Location);
        Assert.Equal(description, e.Description);
    }

    [Fact]
    public void Write_FoldsByteExactly_FirstLine75ThenSpacePlus74()
    {
        var summary = new string('a', 200);
        var ics = ICalendarWriter.Write(CalendarMethod.Request, [Event("m-1", 0, summary, null, null)], Stamp);

        var lines = ics.Split("\r\n");
        var start = Array.FindIndex(lines, l => l.StartsWith("SUMMARY:", StringComparison.Ordinal));
        Assert.Equal(75, lines[start].Length);
        Assert.Equal(75, lines[start + 1].Length);
        Assert.StartsWith(" ", lines[start + 1], StringComparison.Ordinal);
        Assert.Equal(60, lines[start + 2].Length);
        Assert.False(lines[start + 3].StartsWith(' '));
        Assert.Equal("SUMMARY:" + summary, lines[start] + lines[start + 1][1..] + lines[start + 2][1..]);
    }

    [Theory]
    [InlineData("a\\b", @"a\\b")]
    [InlineData("a;b", @"a\;b")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("line1\nline2", @"line1\nline2")]
    [InlineData("line1\r\nline2", @"line1\nline2")]
    [InlineData("Booth B12; Table 3, \\ back", @"Booth B12\; Table 3\, \\ back")]
    [InlineData("colon: stays", "colon: stays")]
    [InlineData("Gian hàng B12, Bàn 3; tầng 2", @"Gian hàng B12\, Bàn 3\; tầng 2")]
    [InlineData("บูธ B12, โต๊ะ 3; ชั้น 2", @"บูธ B12\, โต๊ะ 3\; ชั้น 2")]
    [InlineData("展位 B12，桌 3, 二楼; 北厅", @"展位 B12，桌 3\, 二楼\; 北厅")]
    [InlineData("Стенд B12, стол 3;\nзал А", @"Стенд B12\, стол 3\;\nзал А")]
    public void Write_EscapesBackslashSemicolonCommaAndNewlines_InEveryScript(string raw, string escaped)
    {
        var ics = ICalendarWriter.Write(CalendarMethod.Request, [Event("m-1", 0, raw, raw, raw)], Stamp);

        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Contains("SUMMARY:" + escaped, unfolded);
        Assert.Contains("LOCATION:" + escaped, unfolded);
        var e = Assert.Single(Parse(ics).Events);
        Assert.Equal(raw.Replace("\r\n", "\n", StringComparison.Ordinal), e.Summary);
        Assert.Equal(raw.Replace("\r\n", "\n", StringComparison.Ordinal), e.Description);
    }

    [Fact]
    public void Write_PutsTimesInUtc_SoTheyLandAtTheRightLocalTimeInTheEventsZone()
    {
        // 09:00 on 1 December 2026 in Ho Chi Minh City (UTC+7, no daylight saving) is 02:00Z.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(NotificationsTestData.Zone);
        var local = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));
        var e = new CalendarEvent("m-1", 0, local, local.AddMinutes(30), "s", null, null, Organizer, Attendee);

        var ics = ICalendarWriter.Write(CalendarMethod.Request, [e], Stamp);

        Assert.Contains("DTSTART:20261201T020000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTEND:20261201T023000Z\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("VTIMEZONE", ics, StringComparison.Ordinal);
        var parsed = Assert.Single(Parse(ics).Events);
        Assert.Equal(new DateTime(2026, 12, 1, 9, 0, 0), TimeZoneInfo.ConvertTime(Utc(parsed.DtStart!), zone).DateTime);
    }

    [Fact]
    public void Write_QuotesNamesWithSpecialsInParameters()
    {
        var e = new CalendarEvent("m-1", 0, Stamp, Stamp.AddMinutes(30), "s", null, null,
            new EmailAddress("o@example.com", "Expo; \"Main\": Hall, North"), Attendee);

        var ics = ICalendarWriter.Write(CalendarMethod.Request, [e], Stamp);

        var organizer = Assert.Single(Parse(ics).Events).Organizer!;
        Assert.Equal("Expo; Main: Hall, North", organizer.CommonName);
        Assert.Equal("mailto:o@example.com", organizer.Value!.ToString());
    }

    [Fact]
    public void Write_SameMeetingChanged_KeepsTheUidAndRaisesTheSequence()
    {
        var before = Assert.Single(Parse(ICalendarWriter.Write(CalendarMethod.Request, [Event("m-7", 1, "s", "Booth A1", null)], Stamp)).Events);
        var after = Assert.Single(Parse(ICalendarWriter.Write(CalendarMethod.Request, [Event("m-7", 2, "s", "Booth A2", null)], Stamp.AddHours(1))).Events);

        Assert.Equal(before.Uid, after.Uid);
        Assert.True(after.Sequence > before.Sequence);
        Assert.True(Utc(after.DtStamp!) > Utc(before.DtStamp!));
    }

    internal static Calendar Parse(string ics) => Calendar.Load(ics)!;

    internal static DateTimeOffset Utc(Ical.Net.DataTypes.CalDateTime value)
    {
        Assert.True(value.IsUtc, $"{value} is not UTC");
        return new DateTimeOffset(DateTime.SpecifyKind(value.Value, DateTimeKind.Utc));
    }

    private static CalendarEvent Event(string id, int sequence, string summary, string? location, string? description) =>
        new(id, sequence, NotificationsTestData.Day1.AddHours(2), NotificationsTestData.Day1.AddHours(2.5), summary, location, description, Organizer, Attendee);
}
