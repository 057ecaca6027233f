using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Notifications;
using ExpoMatch.Functions.Notifications.ScheduleEmails;

namespace ExpoMatch.Tests.Notifications.ScheduleEmails;

public sealed class ScheduleVersionTests
{
    private const string Visitor = "v1";
    private const string Hash = "emailhash";

    private static BookedMeeting Row(string id, int slot, int table = 1, string status = MeetingStatus.Booked, int sequence = 0, string exhibitor = "x1") =>
        new("e1", id, Visitor, exhibitor, slot, table, status, sequence);

    [Fact]
    public void Version_IsStable_AndMovesWithEveryShownField()
    {
        var rows = new[] { Row("a", 0), Row("b", 3, 2) };
        var version = ScheduleVersion.Compute(rows, Hash);

        Assert.Equal(version, ScheduleVersion.Compute(rows.Reverse(), Hash));
        Assert.True(version >= 0);
        Assert.NotEqual(version, ScheduleVersion.Compute([Row("a", 1), Row("b", 3, 2)], Hash));
        Assert.NotEqual(version, ScheduleVersion.Compute([Row("a", 0, 2), Row("b", 3, 2)], Hash));
        Assert.NotEqual(version, ScheduleVersion.Compute([Row("a", 0, sequence: 1), Row("b", 3, 2)], Hash));
        Assert.NotEqual(version, ScheduleVersion.Compute([Row("a", 0, status: MeetingStatus.Cancelled), Row("b", 3, 2)], Hash));
        Assert.NotEqual(version, ScheduleVersion.Compute(rows, "otherhash"));
    }

    [Fact]
    public void Plan_MarksNewChangedCancelledUnchanged_AgainstWhatWasShown()
    {
        ShownMeeting[] shown =
        [
            new("same", 0, 1, 0, "x1"),
            new("moved", 1, 1, 0, "x2"),
            new("cancelled", 2, 1, 0, "x3"),
            new("deleted", 3, 1, 4, "x4"),
        ];
        BookedMeeting[] rows =
        [
            Row("same", 0),
            Row("moved", 5, 2, sequence: 1, exhibitor: "x2"),
            Row("cancelled", 2, status: MeetingStatus.Cancelled, sequence: 1, exhibitor: "x3"),
            Row("fresh", 6, exhibitor: "x5"),
            Row("never-shown", 7, status: MeetingStatus.Cancelled, sequence: 1, exhibitor: "x6"),
        ];

        var plan = ScheduleVersion.Plan(Visitor, rows, shown).ToDictionary(p => p.Meeting.MeetingId);

        Assert.Equal(MeetingChange.Unchanged, plan["same"].Change);
        Assert.Equal((MeetingChange.Changed, 5, 2, 1), (plan["moved"].Change, plan["moved"].Meeting.Slot, plan["moved"].Meeting.Table, plan["moved"].Meeting.Sequence));
        Assert.Equal((MeetingChange.Cancelled, 1), (plan["cancelled"].Change, plan["cancelled"].Meeting.Sequence));
        Assert.Equal((MeetingChange.Cancelled, 5), (plan["deleted"].Change, plan["deleted"].Meeting.Sequence));
        Assert.Equal((MeetingChange.New, "x5"), (plan["fresh"].Change, plan["fresh"].Meeting.Other));
        Assert.DoesNotContain("never-shown", plan.Keys);
        Assert.Equal(["same", "moved", "fresh"], ScheduleVersion.Booked(plan.Values.OrderBy(p => p.Meeting.Slot)).Select(s => s.MeetingId));
    }

    [Fact]
    public void Shown_RoundTripsCompactly_AndDamagedJsonMeansNothingShown()
    {
        List<ShownMeeting> shown = [new("m1", 3, 2, 1, "x1")];
        var json = ScheduleVersion.Serialize(shown);

        Assert.Equal("[{\"m\":\"m1\",\"s\":3,\"t\":2,\"q\":1,\"o\":\"x1\"}]", json);
        Assert.Equal(shown, ScheduleVersion.Deserialize(json));
        Assert.Empty(ScheduleVersion.Deserialize("{not json"));
    }
}
