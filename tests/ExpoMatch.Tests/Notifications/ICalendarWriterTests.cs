using System.Text;
using ExpoMatch.Functions.Notifications;

namespace ExpoMatch.Tests.Notifications;

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

        var calendar = ICalendarParser.Parse(ICalendarWriter.Write(CalendarMethod.Request, events, Stamp));

        Assert.Equal("-//ExpoMatch//Schedule 1.0//EN", calendar.Single("PRODID").Value);
        Assert.Equal("2.0", calendar.Single("VERSION").Value);
        Assert.Equal("REQUEST", calendar.Single("METHOD").Value);
        Assert.Equal(2, calendar.Events.Count);
        var first = calendar.Events[0];
        Assert.Equal("m-001@expomatch", first.Single("UID").Value);
        Assert.Equal("0", first.Single("SEQUENCE").Value);
        Assert.Equal("20261121T101530Z", first.Single("DTSTAMP").Value);
        Assert.Equal("20261201T020000Z", first.Single("DTSTART").Value);
        Assert.Equal("20261201T023000Z", first.Single("DTEND").Value);
        Assert.Equal("Meeting with Somchai", ICalendarParser.Unescape(first.Single("SUMMARY").Value));
        Assert.Equal("Booth B12, Table 3", ICalendarParser.Unescape(first.Single("LOCATION").Value));
        Assert.Equal("Smart City Asia 2026\nWith: Somchai", ICalendarParser.Unescape(first.Single("DESCRIPTION").Value));
        Assert.Equal("CONFIRMED", first.Single("STATUS").Value);
        var organizer = first.Single("ORGANIZER");
        Assert.Equal("mailto:schedules@expomatch.example", organizer.Value);
        Assert.Equal("\"Smart City Asia\"", organizer.Parameters["CN"]);
        var attendee = first.Single("ATTENDEE");
        Assert.Equal("mailto:minh.khai@example.vn", attendee.Value);
        Assert.Equal("\"Nguyễn Thị Minh Khai\"", attendee.Parameters["CN"]);
        Assert.Equal("REQ-PARTICIPANT", attendee.Parameters["ROLE"]);
        Assert.Equal("m-002@expomatch", calendar.Events[1].Single("UID").Value);
        Assert.Equal("4", calendar.Events[1].Single("SEQUENCE").Value);
    }

    [Fact]
    public void Write_Cancel_MarksEveryEventCancelledWithSameUid()
    {
        var calendar = ICalendarParser.Parse(ICalendarWriter.Write(CalendarMethod.Cancel, [Event("m-003", 2, "x", null, null)], Stamp));

        Assert.Equal("CANCEL", calendar.Single("METHOD").Value);
        var cancelled = Assert.Single(calendar.Events);
        Assert.Equal("CANCELLED", cancelled.Single("STATUS").Value);
        Assert.Equal("m-003@expomatch", cancelled.Single("UID").Value);
        Assert.Equal("2", cancelled.Single("SEQUENCE").Value);
        Assert.Empty(cancelled.All("LOCATION"));
    }

    [Fact]
    public void Write_UsesCrlfOnlyAndBeginsAndEndsTheCalendar()
    {
        var text = ICalendarWriter.Write(CalendarMethod.Request, [Event("m-1", 0, "s", "l", "d")], Stamp);

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Gặp gỡ với Nguyễn Thị Minh Khai – Công ty Cổ phần Giải pháp Đô thị Thông minh Việt Nam, tầng 12, tòa nhà Bitexco")]
    [InlineData("นัดหมายกับ สมชาย ประเสริฐ บริษัท กรุงเทพ สมาร์ท กริด จำกัด (มหาชน) ความสนใจร่วมกัน: อินเทอร์เน็ตของสรรพสิ่ง")]
    [InlineData("与王伟的会议：深圳智慧城市科技有限公司，共同关注领域：智能交通、智慧水务、城市大脑、数字孪生、物联网平台")]
    [InlineData("Встреча с ООО «Умный город»: общие интересы — интернет вещей, умные сети, водоснабжение 😀🏙️")]
    public void Write_FoldsAt75OctetsWithoutSplittingCharacters_AndUnfoldsBack(string text)
    {
        var description = string.Concat(Enumerable.Repeat(text + " ", 3));
        var ics = ICalendarWriter.Write(CalendarMethod.Request, [Event("m-1", 0, text, text, description)], Stamp);

        var strictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var physicalLines = ics.Split("\r\n")[..^1];
        Assert.Contains(physicalLines, l => l.StartsWith(' '));
        foreach (var line in physicalLines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.InRange(bytes.Length, 1, 75);
            // Re-decoding each physical line on its own would throw if a fold had cut a character in two.
            Assert.Equal(line, strictUtf8.GetString(bytes));
            Assert.False(char.IsLowSurrogate(line[0]) || (line.Length > 1 && line[0] == ' ' && char.IsLowSurrogate(line[1])));
        }

        var calendar = ICalendarParser.Parse(ics);
        var e = Assert.Single(calendar.Events);
        Assert.Equal(text, ICalendarParser.Unescape(e.Single("SUMMARY").Value));
        Assert.Equal(text, ICalendarParser.Unescape(e.Single("LOCATION").Value));
        Assert.Equal(description, ICalendarParser.Unescape(e.Single("DESCRIPTION").Value));
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
        Assert.StartsWith("ORGANIZER", lines[start + 3], StringComparison.Ordinal);
        Assert.Equal("SUMMARY:" + summary, lines[start] + lines[start + 1][1..] + lines[start + 2][1..]);
    }

    [Theory]
    [InlineData("a\\b", @"a\\b")]
    [InlineData("a;b", @"a\;b")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("line1\nline2", @"line1\nline2")]
    [InlineData("line1\r\nline2", @"line1\nline2")]
    [InlineData("line1\rline2", @"line1\nline2")]
    [InlineData("Booth B12; Table 3, \\ back", @"Booth B12\; Table 3\, \\ back")]
    [InlineData("colon: stays", "colon: stays")]
    public void EscapeText_EscapesBackslashSemicolonCommaAndNewlines(string raw, string escaped)
    {
        Assert.Equal(escaped, ICalendarWriter.EscapeText(raw));
        var ics = ICalendarWriter.Write(CalendarMethod.Request, [Event("m-1", 0, raw, raw, raw)], Stamp);
        var e = Assert.Single(ICalendarParser.Parse(ics).Events);
        Assert.Equal(escaped, e.Single("SUMMARY").Value);
        Assert.Equal(raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'), ICalendarParser.Unescape(e.Single("DESCRIPTION").Value));
    }

    [Fact]
    public void Write_ConvertsNonUtcTimesToUtc()
    {
        var local = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));
        var e = new CalendarEvent("m-1", 0, local, local.AddMinutes(30), "s", null, null, Organizer, Attendee);

        var parsed = Assert.Single(ICalendarParser.Parse(ICalendarWriter.Write(CalendarMethod.Request, [e], Stamp)).Events);

        Assert.Equal("20261201T020000Z", parsed.Single("DTSTART").Value);
        Assert.Equal("20261201T023000Z", parsed.Single("DTEND").Value);
    }

    [Fact]
    public void Write_QuotesNamesWithSpecialsInParameters()
    {
        var e = new CalendarEvent("m-1", 0, Stamp, Stamp.AddMinutes(30), "s", null, null,
            new EmailAddress("o@example.com", "Expo; \"Main\": Hall"), Attendee);

        var parsed = Assert.Single(ICalendarParser.Parse(ICalendarWriter.Write(CalendarMethod.Request, [e], Stamp)).Events);

        Assert.Equal("\"Expo; 'Main': Hall\"", parsed.Single("ORGANIZER").Parameters["CN"]);
        Assert.Equal("mailto:o@example.com", parsed.Single("ORGANIZER").Value);
    }

    private static CalendarEvent Event(string id, int sequence, string summary, string? location, string? description) =>
        new(id, sequence, NotificationsTestData.Day1.AddHours(2), NotificationsTestData.Day1.AddHours(2.5), summary, location, description, Organizer, Attendee);
}
