using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Tests.Registration;

public sealed class AccessTokenTests
{
    [Fact]
    public void Issue_ThenParse_MatchesItsOwnHashOnly()
    {
        var (token, hash) = AccessToken.Issue("event1", ParticipantKind.Visitor, "visitor1");
        var (_, otherHash) = AccessToken.Issue("event1", ParticipantKind.Visitor, "visitor1");

        Assert.True(AccessToken.TryParse(token.ToString(), out var parsed));
        Assert.Equal(("event1", ParticipantKind.Visitor, "visitor1"), (parsed.EventId, parsed.Kind, parsed.ParticipantId));
        Assert.True(parsed.Matches(hash));
        Assert.False(parsed.Matches(otherHash));
        Assert.DoesNotContain(token.Secret, hash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b.c")]
    [InlineData("event1.admin.visitor1.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("EVENT/1.visitor.visitor1.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("event1.visitor.visitor1.short")]
    public void TryParse_Malformed_ReturnsFalse(string value)
    {
        Assert.False(AccessToken.TryParse(value, out _));
    }

    [Fact]
    public void Matches_MalformedStoredHash_ReturnsFalse()
    {
        var (token, _) = AccessToken.Issue("event1", ParticipantKind.Exhibitor, "x1");

        Assert.False(token.Matches(""));
        Assert.False(token.Matches(new string('z', 64)));
    }
}
