using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Tests.Registration;

public sealed class InputRulesTests
{
    [Theory]
    [InlineData("lan.nguyen@example.vn", true)]
    [InlineData("a+tag@sub.example.com", true)]
    [InlineData("no-at-sign.example.com", false)]
    [InlineData("Lan <lan@example.vn>", false)]
    [InlineData("lan@localhost", false)]
    [InlineData("lan @example.vn", false)]
    [InlineData("lan@example.vn.", false)]
    [InlineData("", false)]
    public void Email_AcceptsOnlyBareAddresses(string email, bool valid)
    {
        var errors = new FieldErrors();

        var result = InputRules.Email(errors, "email", email);

        Assert.Equal(valid, result is not null);
        Assert.Equal(!valid, errors.HasErrors);
    }

    [Fact]
    public void EmailHash_IgnoresCase()
    {
        Assert.Equal(InputRules.EmailHash("Lan@Example.VN"), InputRules.EmailHash("lan@example.vn"));
    }

    [Fact]
    public void Tags_DropsDuplicatesByNormalisedForm_KeepingFirstTypedForm()
    {
        var errors = new FieldErrors();

        var tags = InputRules.Tags(errors, "tags", ["Đô thị thông minh", "đô thị  THÔNG MINH", "IoT"]);

        Assert.Equal(["Đô thị thông minh", "IoT"], tags!.Value.Typed);
        Assert.Equal(["đô thị thông minh", "iot"], tags.Value.Normalised);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void Tags_OutsideOneToThirty_IsAnError(int count)
    {
        var errors = new FieldErrors();

        var tags = InputRules.Tags(errors, "tags", [.. Enumerable.Range(0, count).Select(i => $"tag {i}")]);

        Assert.Null(tags);
        Assert.True(errors.HasErrors);
    }

    [Theory]
    [InlineData("2022-05-26T09:00:00+07:00", true)]
    [InlineData("2022-05-26T02:00Z", true)]
    [InlineData("2022-05-26T09:00:00", false)]
    [InlineData("26/05/2022 09:00 +07:00", false)]
    [InlineData("2022-13-26T09:00:00+07:00", false)]
    public void TryParseInstant_RequiresAnOffset(string value, bool valid)
    {
        Assert.Equal(valid, InputRules.TryParseInstant(value, out _));
    }
}
