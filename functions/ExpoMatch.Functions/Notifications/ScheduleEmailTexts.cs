using System.Collections.Frozen;
using System.Globalization;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// Every sentence of the schedule emails, one instance per language, all in this file so a translator reviews one
/// place. Placeholders: {0} and {1} as documented on each property.
/// </summary>
public sealed record ScheduleEmailTexts
{
    /// <summary>Culture used for dates and times (th-TH shows Buddhist-era years, as Thai readers expect).</summary>
    public required string CultureName { get; init; }

    /// <summary>{0} event.</summary>
    public required string Subject { get; init; }

    /// <summary>{0} event.</summary>
    public required string SubjectChanged { get; init; }

    /// <summary>{0} event, {1} date.</summary>
    public required string SubjectAgenda { get; init; }

    /// <summary>{0} participant.</summary>
    public required string Greeting { get; init; }

    /// <summary>{0} event.</summary>
    public required string Intro { get; init; }

    /// <summary>{0} event.</summary>
    public required string IntroChanged { get; init; }

    /// <summary>{0} event, {1} date.</summary>
    public required string IntroAgenda { get; init; }

    public required string NoMeetings { get; init; }

    /// <summary>{0} zone, e.g. "Asia/Ho_Chi_Minh, UTC+07:00".</summary>
    public required string TimeZoneNote { get; init; }

    public required string Time { get; init; }

    public required string With { get; init; }

    public required string Booth { get; init; }

    public required string Table { get; init; }

    /// <summary>Label of an online meeting's video link, shown instead of booth and table.</summary>
    public required string Online { get; init; }

    /// <summary>{0} the participant's own zone, e.g. "Asia/Dushanbe, UTC+05:00".</summary>
    public required string OwnTimeZoneNote { get; init; }

    public required string SharedInterests { get; init; }

    public required string New { get; init; }

    public required string Changed { get; init; }

    public required string Cancelled { get; init; }

    public required string CalendarNote { get; init; }

    /// <summary>{0} event.</summary>
    public required string Closing { get; init; }

    /// <summary>{0} counterpart: the calendar entry's title.</summary>
    public required string MeetingSummary { get; init; }

    public CultureInfo Culture => CultureInfo.GetCultureInfo(CultureName); // cached by the runtime

    public static readonly ScheduleEmailTexts English = new()
    {
        CultureName = "en-GB",
        Subject = "{0}: your meeting schedule",
        SubjectChanged = "{0}: your meeting schedule has changed",
        SubjectAgenda = "{0}: your meetings on {1}",
        Greeting = "Hello {0},",
        Intro = "Here is your B2B meeting schedule for {0}.",
        IntroChanged = "Your B2B meeting schedule for {0} has changed. Changes are marked below.",
        IntroAgenda = "Here are your B2B meetings at {0} on {1}.",
        NoMeetings = "You have no meetings scheduled.",
        TimeZoneNote = "All times are in the event's local time ({0}).",
        Time = "Time",
        With = "With",
        Booth = "Booth",
        Table = "Table",
        Online = "Online meeting",
        OwnTimeZoneNote = "Times in brackets are in your time zone ({0}).",
        SharedInterests = "Shared interests",
        New = "New",
        Changed = "Changed",
        Cancelled = "Cancelled",
        CalendarNote = "Open the attached calendar file (.ics) to add these meetings to your calendar.",
        Closing = "See you at {0}!",
        MeetingSummary = "Meeting with {0}",
    };

    public static readonly ScheduleEmailTexts Vietnamese = new()
    {
        CultureName = "vi-VN",
        Subject = "{0}: lịch gặp gỡ của bạn",
        SubjectChanged = "{0}: lịch gặp gỡ của bạn đã thay đổi",
        SubjectAgenda = "{0}: các cuộc gặp của bạn ngày {1}",
        Greeting = "Xin chào {0},",
        Intro = "Đây là lịch gặp gỡ B2B của bạn tại {0}.",
        IntroChanged = "Lịch gặp gỡ B2B của bạn tại {0} đã thay đổi. Các thay đổi được đánh dấu bên dưới.",
        IntroAgenda = "Đây là các cuộc gặp B2B của bạn tại {0} ngày {1}.",
        NoMeetings = "Bạn chưa có cuộc gặp nào.",
        TimeZoneNote = "Mọi thời gian đều theo giờ địa phương của sự kiện ({0}).",
        Time = "Thời gian",
        With = "Gặp",
        Booth = "Gian hàng",
        Table = "Bàn",
        Online = "Họp trực tuyến",
        OwnTimeZoneNote = "Giờ trong ngoặc là giờ theo múi giờ của bạn ({0}).",
        SharedInterests = "Lĩnh vực quan tâm chung",
        New = "Mới",
        Changed = "Đã thay đổi",
        Cancelled = "Đã hủy",
        CalendarNote = "Mở tệp lịch đính kèm (.ics) để thêm các cuộc gặp này vào lịch của bạn.",
        Closing = "Hẹn gặp bạn tại {0}!",
        MeetingSummary = "Gặp gỡ với {0}",
    };

    public static readonly ScheduleEmailTexts Thai = new()
    {
        CultureName = "th-TH",
        Subject = "{0}: ตารางนัดหมายของคุณ",
        SubjectChanged = "{0}: ตารางนัดหมายของคุณมีการเปลี่ยนแปลง",
        SubjectAgenda = "{0}: การนัดหมายของคุณวันที่ {1}",
        Greeting = "สวัสดีคุณ {0}",
        Intro = "นี่คือตารางนัดหมายธุรกิจ (B2B) ของคุณในงาน {0}",
        IntroChanged = "ตารางนัดหมายธุรกิจ (B2B) ของคุณในงาน {0} มีการเปลี่ยนแปลง รายการที่เปลี่ยนได้ทำเครื่องหมายไว้ด้านล่าง",
        IntroAgenda = "นี่คือการนัดหมายธุรกิจ (B2B) ของคุณในงาน {0} วันที่ {1}",
        NoMeetings = "คุณยังไม่มีการนัดหมาย",
        TimeZoneNote = "เวลาทั้งหมดเป็นเวลาท้องถิ่นของงาน ({0})",
        Time = "เวลา",
        With = "พบกับ",
        Booth = "บูธ",
        Table = "โต๊ะ",
        Online = "ประชุมออนไลน์",
        OwnTimeZoneNote = "เวลาในวงเล็บเป็นเวลาตามเขตเวลาของคุณ ({0})",
        SharedInterests = "ความสนใจร่วมกัน",
        New = "ใหม่",
        Changed = "เปลี่ยนแปลง",
        Cancelled = "ยกเลิก",
        CalendarNote = "เปิดไฟล์ปฏิทินที่แนบมา (.ics) เพื่อเพิ่มการนัดหมายเหล่านี้ลงในปฏิทินของคุณ",
        Closing = "แล้วพบกันที่งาน {0}",
        MeetingSummary = "นัดหมายกับ {0}",
    };

    public static readonly ScheduleEmailTexts ChineseSimplified = new()
    {
        CultureName = "zh-CN",
        Subject = "{0}：您的会议日程",
        SubjectChanged = "{0}：您的会议日程已更新",
        SubjectAgenda = "{0}：您{1}的会议",
        Greeting = "{0}，您好：",
        Intro = "以下是您在{0}的B2B洽谈会议日程。",
        IntroChanged = "您在{0}的B2B洽谈会议日程已更新，变更之处已在下方标出。",
        IntroAgenda = "以下是您{1}在{0}的B2B洽谈会议。",
        NoMeetings = "您目前没有安排会议。",
        TimeZoneNote = "所有时间均为展会当地时间（{0}）。",
        Time = "时间",
        With = "洽谈对象",
        Booth = "展位",
        Table = "桌号",
        Online = "线上会议",
        OwnTimeZoneNote = "括号内为您所在时区的时间（{0}）。",
        SharedInterests = "共同关注领域",
        New = "新增",
        Changed = "已变更",
        Cancelled = "已取消",
        CalendarNote = "打开附件中的日历文件（.ics）即可将这些会议添加到您的日历。",
        Closing = "期待在{0}与您相见！",
        MeetingSummary = "与{0}的会议",
    };

    public static readonly ScheduleEmailTexts Russian = new()
    {
        CultureName = "ru-RU",
        Subject = "{0}: ваше расписание встреч",
        SubjectChanged = "{0}: ваше расписание встреч изменилось",
        SubjectAgenda = "{0}: ваши встречи {1}",
        Greeting = "Здравствуйте, {0}!",
        Intro = "Ваше расписание B2B-встреч на {0}.",
        IntroChanged = "Ваше расписание B2B-встреч на {0} изменилось. Изменения отмечены ниже.",
        IntroAgenda = "Ваши B2B-встречи на {0}, {1}.",
        NoMeetings = "У вас пока нет запланированных встреч.",
        TimeZoneNote = "Всё время указано по местному времени мероприятия ({0}).",
        Time = "Время",
        With = "Собеседник",
        Booth = "Стенд",
        Table = "Стол",
        Online = "Онлайн-встреча",
        OwnTimeZoneNote = "Время в скобках указано по вашему часовому поясу ({0}).",
        SharedInterests = "Общие интересы",
        New = "Новая",
        Changed = "Изменена",
        Cancelled = "Отменена",
        CalendarNote = "Откройте вложенный файл календаря (.ics), чтобы добавить эти встречи в свой календарь.",
        Closing = "До встречи на {0}!",
        MeetingSummary = "Встреча: {0}",
    };

    private static readonly FrozenDictionary<string, ScheduleEmailTexts> ByPrimaryLanguage = new Dictionary<string, ScheduleEmailTexts>
    {
        ["en"] = English,
        ["vi"] = Vietnamese,
        ["th"] = Thai,
        // Simplified for every zh tag (zh-CN, zh-Hans, zh-SG, and zh-TW until a Traditional set exists).
        ["zh"] = ChineseSimplified,
        ["ru"] = Russian,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The texts for a BCP 47 tag ("vi-VN", "zh-Hans", "RU", "th_TH"); English when unknown or missing.</summary>
    public static ScheduleEmailTexts For(string? languageTag)
    {
        if (string.IsNullOrWhiteSpace(languageTag))
        {
            return English;
        }

        var primary = languageTag.Trim().Split('-', '_')[0];
        return ByPrimaryLanguage.GetValueOrDefault(primary, English);
    }
}
