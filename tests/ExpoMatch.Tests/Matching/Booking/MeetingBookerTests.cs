using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExpoMatch.Tests.Matching.Booking;

public sealed class MeetingBookerTests
{
    private static async Task<(MeetingBooker Booker, TableClient Table, string EventId)> CreateAsync()
    {
        var service = await SharedAzurite.GetTablesAsync();
        var booker = new MeetingBooker(new RegistrationTables(service), NullLogger<MeetingBooker>.Instance);
        var table = service.GetTableClient(MeetingRow.TableName);
        await table.CreateIfNotExistsAsync();
        return (booker, table, Ids.New());
    }

    private static MeetingRecord Meeting(string eventId, string visitor, string exhibitor, int slot, int table = 1,
        int visitorQuota = 0, int exhibitorQuota = 0, int generation = 0) =>
        new(eventId, MeetingIds.Format(visitor, exhibitor, generation), visitor, exhibitor, slot, table, MeetingStatus.Booked,
            0, $"{visitor}-{exhibitor}", ["iot"], visitorQuota, exhibitorQuota);

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string eventId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task Book_FreeSlot_WritesMeetingAndAllReservationsAtomically()
    {
        var (booker, table, eventId) = await CreateAsync();

        var result = await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 3, table: 2), CancellationToken.None);

        Assert.Equal(BookingOutcome.Booked, result.Outcome);
        var keys = (await RowsAsync(table, eventId)).Select(r => r.RowKey).Order(StringComparer.Ordinal);
        Assert.Equal(["busy~3~v~v1", "busy~3~x~x1~2", "meeting~v1-x1-0", "pair~v1~x1", "quota~v~v1~0", "quota~x~x1~0"], keys);
        var meeting = await booker.GetAsync(eventId, "v1-x1-0", CancellationToken.None);
        Assert.Equal((3, 2, MeetingStatus.Booked, 0, "v1-x1"), (meeting!.Slot, meeting.Table, meeting.Status, meeting.Sequence, meeting.RequestId));
    }

    [Fact]
    public async Task Book_VisitorBusyInSlot_FailsWholeTransactionAndNamesTheReservation()
    {
        var (booker, table, eventId) = await CreateAsync();
        await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 3), CancellationToken.None);

        var result = await booker.BookAsync(Meeting(eventId, "v1", "x2", slot: 3, visitorQuota: 1), CancellationToken.None);

        Assert.Equal((BookingOutcome.Conflict, Reservation.VisitorSlot), (result.Outcome, result.Conflicted));
        Assert.DoesNotContain(await RowsAsync(table, eventId), r => r.RowKey.Contains("x2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2, 1, 0, 0, Reservation.BoothTable)]
    [InlineData(4, 1, 1, 0, Reservation.ExhibitorQuota)]
    [InlineData(4, 1, 0, 1, Reservation.VisitorQuota)]
    public async Task Book_TakenTableOrQuota_ConflictsOnThatReservation(int slot, int tableNo, int visitorQuota, int exhibitorQuota, Reservation expected)
    {
        var (booker, table, eventId) = await CreateAsync();
        // v1 holds visitor quota 0 and x1 exhibitor quota 0 at slot 2, table 1.
        await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 2), CancellationToken.None);
        // The second meeting shares v1 when it conflicts on the visitor quota, x1 otherwise.
        var second = expected == Reservation.VisitorQuota
            ? Meeting(eventId, "v1", "x9", slot, tableNo, visitorQuota: 0, exhibitorQuota: exhibitorQuota)
            : Meeting(eventId, "v2", "x1", slot, tableNo, visitorQuota: visitorQuota, exhibitorQuota: exhibitorQuota);

        var result = await booker.BookAsync(second, CancellationToken.None);

        Assert.Equal((BookingOutcome.Conflict, expected), (result.Outcome, result.Conflicted));
        Assert.Equal(6, (await RowsAsync(table, eventId)).Count);
    }

    [Fact]
    public async Task Book_SameBookingTwice_SecondIsRecognisedAsDoneNotASecondMeeting()
    {
        var (booker, table, eventId) = await CreateAsync();
        var meeting = Meeting(eventId, "v1", "x1", slot: 5);
        await booker.BookAsync(meeting, CancellationToken.None);

        var again = await booker.BookAsync(meeting, CancellationToken.None);

        Assert.Equal(BookingOutcome.Booked, again.Outcome);
        Assert.Equal(6, (await RowsAsync(table, eventId)).Count);
    }

    [Fact]
    public async Task Book_SamePairElsewhere_ReportsThePairsExistingMeeting()
    {
        var (booker, _, eventId) = await CreateAsync();
        await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 5), CancellationToken.None);

        var sameGeneration = await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 6, visitorQuota: 1, exhibitorQuota: 1), CancellationToken.None);
        var nextGeneration = await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 6, visitorQuota: 1, exhibitorQuota: 1, generation: 1), CancellationToken.None);

        Assert.Equal(BookingOutcome.PairAlreadyBooked, sameGeneration.Outcome);
        Assert.Equal(5, sameGeneration.Existing!.Slot);
        Assert.Equal((BookingOutcome.PairAlreadyBooked, Reservation.Pair), (nextGeneration.Outcome, nextGeneration.Conflicted));
        Assert.Equal("v1-x1-0", nextGeneration.Existing!.MeetingId);
    }

    [Fact]
    public async Task Free_LiveMeeting_CancelsWithSequenceBumpAndDeletesReservations_ThenSlotBooksAgain()
    {
        var (booker, table, eventId) = await CreateAsync();
        await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 1), CancellationToken.None);
        var booked = await booker.GetAsync(eventId, "v1-x1-0", CancellationToken.None);

        var outcome = await booker.FreeAsync(booked!, MeetingStatus.Cancelled, CancellationToken.None);

        Assert.Equal(FreeOutcome.Freed, outcome);
        var rows = await RowsAsync(table, eventId);
        var meeting = MeetingRecord.FromEntity(Assert.Single(rows));
        Assert.Equal((MeetingStatus.Cancelled, 1), (meeting.Status, meeting.Sequence));
        var rebooked = await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 1, generation: 1), CancellationToken.None);
        Assert.Equal(BookingOutcome.Booked, rebooked.Outcome);
    }

    [Fact]
    public async Task Free_RetriedAfterFirstAttemptLanded_IsRecognisedAsFreed()
    {
        var (booker, table, eventId) = await CreateAsync();
        await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 1), CancellationToken.None);
        var booked = await booker.GetAsync(eventId, "v1-x1-0", CancellationToken.None);
        await booker.FreeAsync(booked!, MeetingStatus.Cancelled, CancellationToken.None);

        // The same call again, with the ETag read before the first attempt (what a retry after a lost answer sends).
        var again = await booker.FreeAsync(booked!, MeetingStatus.Cancelled, CancellationToken.None);

        Assert.Equal(FreeOutcome.Freed, again);
        var meeting = MeetingRecord.FromEntity(Assert.Single(await RowsAsync(table, eventId)));
        Assert.Equal(1, meeting.Sequence);
    }

    [Fact]
    public async Task Free_StaleReadOfAMeetingThatChanged_ReportsChangedAndWritesNothing()
    {
        var (booker, table, eventId) = await CreateAsync();
        await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 1) with { Status = MeetingStatus.Proposed }, CancellationToken.None);
        var proposal = await booker.GetAsync(eventId, "v1-x1-0", CancellationToken.None);
        Assert.True(await booker.ConfirmAsync(proposal!, "v1-x1", CancellationToken.None));

        var outcome = await booker.FreeAsync(proposal!, MeetingStatus.Declined, CancellationToken.None);

        Assert.Equal(FreeOutcome.Changed, outcome);
        var now = await booker.GetAsync(eventId, "v1-x1-0", CancellationToken.None);
        Assert.Equal((MeetingStatus.Booked, 1), (now!.Status, now.Sequence));
        Assert.Equal(6, (await RowsAsync(table, eventId)).Count);
    }

    [Fact]
    public async Task Free_MissingReservation_StillFreesAndDeletesTheRest()
    {
        var (booker, table, eventId) = await CreateAsync();
        await booker.BookAsync(Meeting(eventId, "v1", "x1", slot: 1), CancellationToken.None);
        await table.DeleteEntityAsync(eventId, "quota~v~v1~0");
        var booked = await booker.GetAsync(eventId, "v1-x1-0", CancellationToken.None);

        Assert.Equal(FreeOutcome.Freed, await booker.FreeAsync(booked!, MeetingStatus.Cancelled, CancellationToken.None));

        Assert.Equal(["meeting~v1-x1-0"], (await RowsAsync(table, eventId)).Select(r => r.RowKey));
    }

    [Fact]
    public async Task Book_ManyRacersForOneSlot_ExactlyOneWins()
    {
        var (booker, table, eventId) = await CreateAsync();
        // 16 visitors race for x1's single table in slot 0: the table reservation lets exactly one through.
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            booker.BookAsync(Meeting(eventId, $"v{i}", "x1", slot: 0, exhibitorQuota: i), CancellationToken.None)));

        Assert.Single(results, r => r.Outcome == BookingOutcome.Booked);
        Assert.All(results.Where(r => r.Outcome != BookingOutcome.Booked), r => Assert.Equal(Reservation.BoothTable, r.Conflicted));
        Assert.Equal(6, (await RowsAsync(table, eventId)).Count);
    }
}
