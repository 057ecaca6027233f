using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Tests.Registration;

public sealed class SlotGridTests
{
    private static readonly TimeZoneInfo Saigon = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static EventDay Day(string date, string start, string end) =>
        new(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

    private static DailyBreak Break(string start, string end) =>
        new(TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Create_SmartCityAsiaDay_CutsThirtyMinuteSlotsAroundLunchInUtc()
    {
        var result = SlotGrid.Create(Saigon, [Day("2022-05-26", "09:00", "17:00")], 30, [Break("12:00", "13:00")]);

        var grid = Assert.IsType<SlotGrid>(result.Grid);
        Assert.Equal(14, grid.Count);
        Assert.Equal(DateTimeOffset.Parse("2022-05-26T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture), grid[0].StartUtc);
        Assert.Equal(DateTimeOffset.Parse("2022-05-26T04:30:00Z", System.Globalization.CultureInfo.InvariantCulture), grid[5].StartUtc);
        Assert.Equal(DateTimeOffset.Parse("2022-05-26T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture), grid[6].StartUtc); // 13:00 local
        Assert.Equal(DateTimeOffset.Parse("2022-05-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), grid[13].EndUtc);
        Assert.Equal(TimeSpan.FromHours(7), grid.ToEventTime(grid[0].StartUtc).Offset);
        Assert.Equal(Enumerable.Range(0, 14), grid.Slots.Select(s => s.Index));
    }

    [Fact]
    public void Create_SeveralDays_NumbersSlotsAcrossDays()
    {
        var result = SlotGrid.Create(Saigon, [Day("2022-05-26", "09:00", "11:00"), Day("2022-05-27", "09:00", "10:00")], 30, []);

        var grid = Assert.IsType<SlotGrid>(result.Grid);
        Assert.Equal(6, grid.Count);
        Assert.Equal(new DateOnly(2022, 5, 27), grid[4].Date);
        Assert.Equal(4, grid[4].Index);
    }

    [Fact]
    public void Create_PeriodNotWholeSlots_ReportsLeftoverMinutes()
    {
        var result = SlotGrid.Create(Saigon, [Day("2022-05-26", "09:00", "17:00")], 25, [Break("12:00", "13:00")]);

        Assert.Null(result.Grid);
        Assert.Contains("slotMinutes", result.Errors.Keys);
        Assert.Contains("5 minutes left over", result.Errors["slotMinutes"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SlotLongerThanDay_IsAFieldError()
    {
        var result = SlotGrid.Create(Saigon, [Day("2022-05-26", "09:00", "10:00")], 120, []);

        Assert.Null(result.Grid);
        Assert.NotEmpty(result.Errors);
    }

    [Theory]
    [InlineData("10:00", "09:00", "days[0].end")]
    [InlineData("09:00", "09:00", "days[0].end")]
    public void Create_DayEndingBeforeItStarts_IsAFieldError(string start, string end, string field)
    {
        var result = SlotGrid.Create(Saigon, [Day("2022-05-26", start, end)], 30, []);

        Assert.Contains(field, result.Errors.Keys);
    }

    [Fact]
    public void Create_OverlappingBreaks_IsAFieldError()
    {
        var result = SlotGrid.Create(Saigon, [Day("2022-05-26", "09:00", "17:00")], 30, [Break("12:00", "13:00"), Break("12:30", "13:30")]);

        Assert.Contains("breaks[1]", result.Errors.Keys);
    }

    [Fact]
    public void Create_DaysOutOfOrder_IsAFieldError()
    {
        var result = SlotGrid.Create(Saigon, [Day("2022-05-27", "09:00", "10:00"), Day("2022-05-26", "09:00", "10:00")], 30, []);

        Assert.Contains("days[1].date", result.Errors.Keys);
    }

    [Fact]
    public void Create_DayInsideDaylightSavingGap_IsRefused()
    {
        // 27 March 2022: Berlin clocks jump from 02:00 to 03:00, so 02:30 never happens.
        var result = SlotGrid.Create(Berlin, [Day("2022-03-27", "02:30", "05:00")], 30, []);

        Assert.Contains("days[0]", result.Errors.Keys);
    }

    [Fact]
    public void Create_DayAcrossDaylightSavingChange_UsesRealElapsedTime()
    {
        // 01:00-04:00 local on the spring-forward night is two real hours: four 30-minute slots, not six.
        var result = SlotGrid.Create(Berlin, [Day("2022-03-27", "01:00", "04:00")], 30, []);

        var grid = Assert.IsType<SlotGrid>(result.Grid);
        Assert.Equal(4, grid.Count);
        Assert.Equal(TimeSpan.FromHours(2), grid.ToEventTime(grid[3].EndUtc).Offset);
    }

    [Fact]
    public void SlotsWithin_ReturnsOnlySlotsInsideTheWindow()
    {
        var grid = SlotGrid.Create(Saigon, [Day("2022-05-26", "09:00", "17:00")], 30, [Break("12:00", "13:00")]).Grid!;

        var slots = grid.SlotsWithin(
            DateTimeOffset.Parse("2022-05-26T11:00:00+07:00", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2022-05-26T14:00:00+07:00", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([4, 5, 6, 7], slots);
    }
}
