using ExpoMatch.Matching.Bmf;
using ExpoMatch.Matching.Model;

namespace ExpoMatch.Tests.Matching;

public sealed class BmfFormatTests
{
    private const string Sample = """
        c two visitors, two exhibitors, four slots
        p 2 2 4 3
        v 0 2
        v 1 1 0-1 3-3
        x 0 3 1
        x 1 2 2 1-3
        a 0 0 10
        a 0 1 7
        a 1 1 5
        """;

    private static MatchingProblem Problem() => BmfFormat.ReadProblem(new StringReader(Sample));

    private static SolutionValidation Validate(string solution) =>
        SolutionValidator.Validate(Problem(), BmfFormat.ReadSolution(new StringReader(solution)));

    [Fact]
    public void ProblemRoundTrip_KeepsEverything()
    {
        var p = Problem();
        var text = new StringWriter();
        BmfFormat.WriteProblem(p, text);
        var q = BmfFormat.ReadProblem(new StringReader(text.ToString()));
        Assert.Equal(p.VisitorCapacity, q.VisitorCapacity);
        Assert.Equal(p.ExhibitorCapacity, q.ExhibitorCapacity);
        Assert.Equal(p.ExhibitorTables, q.ExhibitorTables);
        Assert.Equal(p.ArcVisitor, q.ArcVisitor);
        Assert.Equal(p.ArcExhibitor, q.ArcExhibitor);
        Assert.Equal(p.ArcWeight, q.ArcWeight);
        Assert.Equal([new SlotRange(0, 1), new SlotRange(3, 3)], q.VisitorWindows[1]!);
        Assert.Null(q.VisitorWindows[0]);
        Assert.Equal([new SlotRange(1, 3)], q.ExhibitorWindows[1]!);
    }

    [Fact]
    public void SolutionRoundTrip_KeepsMeetings()
    {
        BmfMeeting[] meetings = [new(0, 0, 2, 0), new(1, 1, 3, 1)];
        var text = new StringWriter();
        BmfFormat.WriteSolution(meetings, text);
        Assert.Equal(meetings, BmfFormat.ReadSolution(new StringReader(text.ToString())));
    }

    [Fact]
    public void Validate_ValidSolution_ReportsValue()
    {
        var result = Validate("m 0 0 0 0\nm 0 1 1 1\nm 1 1 3 0\n");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(22, result.Value);
    }

    [Theory]
    [InlineData("m 1 0 0 0", "not an arc")]
    [InlineData("m 0 0 0 0\nm 0 0 1 0", "more than once")]
    [InlineData("m 1 1 1 0\nm 1 1 3 0", "more than once")]
    [InlineData("m 0 0 1 0\nm 0 1 1 0", "already has a meeting in slot")] // visitor double-booked
    [InlineData("m 0 1 1 0\nm 1 1 1 0", "table 0 already has a meeting")] // table double-booked
    [InlineData("m 0 1 1 2", "table outside")]
    [InlineData("m 0 0 4 0", "slot outside")]
    [InlineData("m 1 1 2 0", "outside visitor 1's windows")]
    [InlineData("m 0 1 0 0", "outside exhibitor 1's windows")]
    [InlineData("m 7 0 0 0", "unknown participant")]
    public void Validate_InvalidSolution_NamesTheBrokenRule(string solution, string expected)
    {
        var result = Validate(solution);
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CapacityExceeded_IsRejected()
    {
        // Visitor 1 has maxMeetings 1; exhibitor 1 has maxMeetings 2 - build a problem where both are exceeded.
        var p = BmfFormat.ReadProblem(new StringReader("p 3 1 4 3\nv 0 1\nv 1 1\nv 2 1\nx 0 2 3\na 0 0 1\na 1 0 1\na 2 0 1\n"));
        var result = SolutionValidator.Validate(p, [new BmfMeeting(0, 0, 0, 0), new BmfMeeting(1, 0, 0, 1), new BmfMeeting(2, 0, 0, 2)]);
        Assert.Contains(result.Errors, e => e.Contains("exceeds maxMeetings", StringComparison.Ordinal));
        var q = BmfFormat.ReadProblem(new StringReader("p 1 2 4 2\nv 0 1\nx 0 1 1\nx 1 1 1\na 0 0 1\na 0 1 1\n"));
        var r = SolutionValidator.Validate(q, [new BmfMeeting(0, 0, 0, 0), new BmfMeeting(0, 1, 1, 0)]);
        Assert.Contains(r.Errors, e => e.Contains("visitor 0 exceeds maxMeetings", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v 0 1\np 1 1 1 0")]
    [InlineData("p 1 1 4 1\na 0 0 0")]
    [InlineData("p 1 1 4 2\na 0 0 1\na 0 0 2")]
    [InlineData("p 1 1 4 1\nv 0 1 3-9\na 0 0 1")]
    [InlineData("p 1 1 4 1\nq 0")]
    public void ReadProblem_BadInput_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => BmfFormat.ReadProblem(new StringReader(text)));
}
