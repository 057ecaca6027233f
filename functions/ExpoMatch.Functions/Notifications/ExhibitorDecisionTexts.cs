using System.Collections.Frozen;
using System.Globalization;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// Every sentence of the emails answering an exhibitor's registration (approved, rejected), one instance per language,
/// all in this file so a translator reviews one place. Languages are chosen like <see cref="ScheduleEmailTexts.For"/>.
/// </summary>
public sealed record ExhibitorDecisionTexts
{
    public required string CultureName { get; init; }

    /// <summary>{0} event.</summary>
    public required string SubjectApproved { get; init; }

    /// <summary>{0} event.</summary>
    public required string SubjectRejected { get; init; }

    /// <summary>{0} contact name.</summary>
    public required string Greeting { get; init; }

    /// <summary>{0} company, {1} event.</summary>
    public required string Approved { get; init; }

    /// <summary>{0} booth code.</summary>
    public required string BoothAssigned { get; init; }

    public required string BoothPending { get; init; }

    /// <summary>{0} company, {1} event.</summary>
    public required string Rejected { get; init; }

    public required string Reason { get; init; }

    public required string RejectedNextSteps { get; init; }

    /// <summary>{0} event.</summary>
    public required string Closing { get; init; }

    public CultureInfo Culture => CultureInfo.GetCultureInfo(CultureName);

    public static readonly ExhibitorDecisionTexts English = new()
    {
        CultureName = "en-GB",
        SubjectApproved = "{0}: your exhibitor registration is approved",
        SubjectRejected = "{0}: your exhibitor registration",
        Greeting = "Hello {0},",
        Approved = "The organiser has approved {0} as an exhibitor at {1}. Visitors can now find you in the exhibitor directory and request meetings.",
        BoothAssigned = "Your booth: {0}.",
        BoothPending = "The organiser will assign your booth.",
        Rejected = "The organiser could not accept {0} as an exhibitor at {1}.",
        Reason = "Reason",
        RejectedNextSteps = "You can still view, export or delete your registration with your access token.",
        Closing = "The {0} team",
    };

    public static readonly ExhibitorDecisionTexts Vietnamese = new()
    {
        CultureName = "vi-VN",
        SubjectApproved = "{0}: đăng ký đơn vị triển lãm của bạn đã được duyệt",
        SubjectRejected = "{0}: về đăng ký đơn vị triển lãm của bạn",
        Greeting = "Xin chào {0},",
        Approved = "Ban tổ chức đã duyệt {0} là đơn vị triển lãm tại {1}. Khách tham quan giờ đây có thể tìm thấy bạn trong danh bạ đơn vị triển lãm và gửi yêu cầu gặp gỡ.",
        BoothAssigned = "Gian hàng của bạn: {0}.",
        BoothPending = "Ban tổ chức sẽ phân gian hàng cho bạn.",
        Rejected = "Rất tiếc, ban tổ chức không thể chấp nhận {0} là đơn vị triển lãm tại {1}.",
        Reason = "Lý do",
        RejectedNextSteps = "Bạn vẫn có thể xem, xuất hoặc xóa đăng ký của mình bằng mã truy cập.",
        Closing = "Ban tổ chức {0}",
    };

    public static readonly ExhibitorDecisionTexts Thai = new()
    {
        CultureName = "th-TH",
        SubjectApproved = "{0}: การลงทะเบียนผู้แสดงสินค้าของคุณได้รับการอนุมัติแล้ว",
        SubjectRejected = "{0}: เกี่ยวกับการลงทะเบียนผู้แสดงสินค้าของคุณ",
        Greeting = "สวัสดี {0}",
        Approved = "ผู้จัดงานได้อนุมัติให้ {0} เป็นผู้แสดงสินค้าในงาน {1} แล้ว ผู้เข้าชมสามารถค้นหาคุณในรายชื่อผู้แสดงสินค้าและขอนัดประชุมได้",
        BoothAssigned = "บูธของคุณ: {0}",
        BoothPending = "ผู้จัดงานจะกำหนดบูธให้คุณ",
        Rejected = "ขออภัย ผู้จัดงานไม่สามารถรับ {0} เป็นผู้แสดงสินค้าในงาน {1} ได้",
        Reason = "เหตุผล",
        RejectedNextSteps = "คุณยังสามารถดู ส่งออก หรือลบการลงทะเบียนของคุณได้ด้วยโทเค็นการเข้าถึง",
        Closing = "ทีมงาน {0}",
    };

    public static readonly ExhibitorDecisionTexts ChineseSimplified = new()
    {
        CultureName = "zh-CN",
        SubjectApproved = "{0}：您的参展商注册已获批准",
        SubjectRejected = "{0}：关于您的参展商注册",
        Greeting = "{0}，您好：",
        Approved = "主办方已批准{0}作为{1}的参展商。观众现在可以在参展商名录中找到您并提出洽谈请求。",
        BoothAssigned = "您的展位：{0}。",
        BoothPending = "主办方将为您分配展位。",
        Rejected = "很遗憾，主办方未能接受{0}作为{1}的参展商。",
        Reason = "原因",
        RejectedNextSteps = "您仍可使用访问令牌查看、导出或删除您的注册信息。",
        Closing = "{0}团队",
    };

    public static readonly ExhibitorDecisionTexts Russian = new()
    {
        CultureName = "ru-RU",
        SubjectApproved = "{0}: ваша регистрация экспонента одобрена",
        SubjectRejected = "{0}: о вашей регистрации экспонента",
        Greeting = "Здравствуйте, {0}!",
        Approved = "Организатор одобрил участие {0} в качестве экспонента на {1}. Теперь посетители найдут вас в каталоге экспонентов и смогут запросить встречу.",
        BoothAssigned = "Ваш стенд: {0}.",
        BoothPending = "Организатор назначит вам стенд.",
        Rejected = "К сожалению, организатор не смог принять {0} в качестве экспонента на {1}.",
        Reason = "Причина",
        RejectedNextSteps = "Вы по-прежнему можете просмотреть, выгрузить или удалить свою регистрацию с помощью токена доступа.",
        Closing = "Команда {0}",
    };

    private static readonly FrozenDictionary<string, ExhibitorDecisionTexts> ByPrimaryLanguage = new Dictionary<string, ExhibitorDecisionTexts>
    {
        ["en"] = English,
        ["vi"] = Vietnamese,
        ["th"] = Thai,
        ["zh"] = ChineseSimplified,
        ["ru"] = Russian,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The texts for a BCP 47 tag; English when unknown or missing.</summary>
    public static ExhibitorDecisionTexts For(string? languageTag) =>
        string.IsNullOrWhiteSpace(languageTag)
            ? English
            : ByPrimaryLanguage.GetValueOrDefault(languageTag.Trim().Split('-', '_')[0], English);
}
