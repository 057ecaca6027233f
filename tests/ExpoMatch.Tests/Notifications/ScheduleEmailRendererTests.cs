using ExpoMatch.Functions.Notifications;

namespace ExpoMatch.Tests.Notifications;

public sealed class ScheduleEmailRendererTests
{
    [Theory]
    [InlineData("en", "Smart City Asia 2026: your meeting schedule has changed", "has changed. Changes are marked below.", "Booth", "Table", "Shared interests", "Cancelled", "Tuesday, 1 December 2026")]
    [InlineData("vi-VN", "Smart City Asia 2026: lịch gặp gỡ của bạn đã thay đổi", "đã thay đổi. Các thay đổi được đánh dấu bên dưới.", "Gian hàng", "Bàn", "Lĩnh vực quan tâm chung", "Đã hủy", "Thứ Ba, 1 tháng 12, 2026")]
    [InlineData("th-TH", "Smart City Asia 2026: ตารางนัดหมายของคุณมีการเปลี่ยนแปลง", "รายการที่เปลี่ยนได้ทำเครื่องหมายไว้ด้านล่าง", "บูธ", "โต๊ะ", "ความสนใจร่วมกัน", "ยกเลิก", "วันอังคารที่ 1 ธันวาคม พ.ศ. 2569")]
    [InlineData("zh-Hans", "Smart City Asia 2026：您的会议日程已更新", "变更之处已在下方标出", "展位", "桌号", "共同关注领域", "已取消", "2026年12月1日星期二")]
    [InlineData("ru-RU", "Smart City Asia 2026: ваше расписание встреч изменилось", "Изменения отмечены ниже.", "Стенд", "Стол", "Общие интересы", "Отменена", "вторник, 1 декабря 2026")]
    public void Render_InEachLanguage_ShowsTranslatedTextsMeetingsAndLocalTimes(
        string language, string subject, string intro, string booth, string table, string interests, string cancelled, string dayHeading)
    {
        var email = ScheduleEmailRenderer.Render(NotificationsTestData.Schedule(language));

        Assert.Equal(subject, email.Subject);
        foreach (var body in new[] { email.TextBody, email.HtmlBody })
        {
            Assert.Contains(intro, body, StringComparison.Ordinal);
            Assert.Contains(booth, body, StringComparison.Ordinal);
            Assert.Contains(table, body, StringComparison.Ordinal);
            Assert.Contains(interests, body, StringComparison.Ordinal);
            Assert.Contains(cancelled, body, StringComparison.Ordinal);
            Assert.Contains(dayHeading, body, StringComparison.Ordinal);
            Assert.Contains("Nguyễn Thị Minh Khai", body, StringComparison.Ordinal);
            Assert.Contains("Somchai Prasert", body, StringComparison.Ordinal);
            Assert.Contains("Bangkok Smart Grid Co.", body, StringComparison.Ordinal);
            Assert.Contains("王伟", body, StringComparison.Ordinal);
            Assert.Contains("B12", body, StringComparison.Ordinal);
            Assert.Contains("C07", body, StringComparison.Ordinal);
            Assert.Contains("smart grid", body, StringComparison.Ordinal);
            Assert.Contains("Asia/Ho_Chi_Minh, UTC+07:00", body, StringComparison.Ordinal);
            // 02:00Z, 03:00Z and 07:00Z in Ho Chi Minh City; 18:00Z is 01:00 the next day.
            Assert.Contains("09:00", body, StringComparison.Ordinal);
            Assert.Contains("09:30", body, StringComparison.Ordinal);
            Assert.Contains("10:00", body, StringComparison.Ordinal);
            Assert.Contains("14:00", body, StringComparison.Ordinal);
            Assert.Contains("01:00", body, StringComparison.Ordinal);
            Assert.DoesNotContain("02:00", body, StringComparison.Ordinal);
        }

        Assert.Contains("Booth B12, Table 3".Replace("Booth", booth, StringComparison.Ordinal).Replace("Table", table, StringComparison.Ordinal), email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Hello")]
    [InlineData("", "Hello")]
    [InlineData("fr-FR", "Hello")]
    [InlineData("en-US", "Hello")]
    [InlineData("vi", "Xin chào")]
    [InlineData("VI-vn", "Xin chào")]
    [InlineData("th", "สวัสดีคุณ")]
    [InlineData("zh-CN", "您好")]
    [InlineData("zh-Hans", "您好")]
    [InlineData("zh_Hans_CN", "您好")]
    [InlineData("ru", "Здравствуйте")]
    public void Render_PicksLanguageFromTag_FallingBackToEnglish(string? language, string greeting)
    {
        var email = ScheduleEmailRenderer.Render(NotificationsTestData.Schedule(language));

        Assert.Contains(greeting, email.TextBody.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains(greeting, email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HtmlEncodesAllUserData()
    {
        var meetings = new List<ScheduledMeeting>
        {
            new("m-1", 0, NotificationsTestData.Day1.AddHours(2), NotificationsTestData.Day1.AddHours(2.5), "<B1>", "\"7\"", "<script>alert(1)</script>",
                "Tom & Jerry's \"Cheese\" <Ltd>", ["<iframe>", "R&D"], MeetingChange.New),
        };
        var model = NotificationsTestData.Schedule("en", "Eve <img src=x onerror=alert(1)> & \"Co\"", meetings) with { EventName = "Expo <2026> & \"Friends\"" };

        var email = ScheduleEmailRenderer.Render(model);

        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe>", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<B1>", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<Ltd>", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<2026>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Tom &amp; Jerry&#39;s &quot;Cheese&quot; &lt;Ltd&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Eve &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;iframe&gt;, R&amp;D", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;B1&gt; / &quot;7&quot;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<title>Expo &lt;2026&gt; &amp; &quot;Friends&quot;: your meeting schedule</title>", email.HtmlBody, StringComparison.Ordinal);
        // The plain text part is not HTML: it keeps the data as typed.
        Assert.Contains("<script>alert(1)</script>", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenNothingChanged_UsesPlainSubjectAndNoBadges()
    {
        var meetings = NotificationsTestData.Meetings().Select(m => m with { Change = MeetingChange.Unchanged }).ToList();

        var email = ScheduleEmailRenderer.Render(NotificationsTestData.Schedule("en", meetings: meetings));

        Assert.Equal("Smart City Asia 2026: your meeting schedule", email.Subject);
        Assert.DoesNotContain("[New]", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancelled", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithoutMeetings_SaysSo()
    {
        var email = ScheduleEmailRenderer.Render(NotificationsTestData.Schedule("vi", meetings: []));

        Assert.Contains("Bạn chưa có cuộc gặp nào.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Bạn chưa có cuộc gặp nào.", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithUnknownTimeZone_ShowsUtcAndSaysSo()
    {
        var email = ScheduleEmailRenderer.Render(NotificationsTestData.Schedule("en") with { TimeZoneId = "Mars/Olympus_Mons" });

        Assert.Contains("(UTC, UTC+00:00)", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("02:00", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Smart City Asia 2026: your meetings on Tuesday, 1 December 2026")]
    [InlineData("vi", "Smart City Asia 2026: các cuộc gặp của bạn ngày Thứ Ba, 1 tháng 12, 2026")]
    [InlineData("zh-CN", "Smart City Asia 2026：您2026年12月1日星期二的会议")]
    public void RenderDailyAgenda_ShowsOnlyThatLocalDaysMeetings(string language, string subject)
    {
        var email = ScheduleEmailRenderer.RenderDailyAgenda(NotificationsTestData.Schedule(language), new DateOnly(2026, 12, 1));

        Assert.Equal(subject, email.Subject);
        Assert.Contains("Somchai Prasert", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Иван Петров", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Doe", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Doe", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderDailyAgenda_IncludesMeetingsThatFallOnTheDayOnlyInLocalTime()
    {
        var email = ScheduleEmailRenderer.RenderDailyAgenda(NotificationsTestData.Schedule("ru"), new DateOnly(2026, 12, 2));

        Assert.Contains("Jane Doe", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("01:00", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Somchai Prasert", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("2 декабря 2026", email.Subject, StringComparison.Ordinal);
    }
}
