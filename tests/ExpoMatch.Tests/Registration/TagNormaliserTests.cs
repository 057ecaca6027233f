using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Tests.Registration;

public sealed class TagNormaliserTests
{
    [Theory]
    [InlineData("Đô thị thông minh", "đô thị  THÔNG MINH")]
    [InlineData("  Smart   City ", "smart city")]
    [InlineData("ＩｏＴ", "iot")] // full-width Latin
    [InlineData("Умный Город", "умный город")]
    [InlineData("เมืองอัจฉริยะ", " เมืองอัจฉริยะ ")]
    [InlineData("智慧城市", "智慧城市")]
    public void Normalise_SameTagTypedDifferently_GivesOneForm(string a, string b)
    {
        Assert.Equal(TagNormaliser.Normalise(a), TagNormaliser.Normalise(b));
    }

    [Fact]
    public void Normalise_DecomposedVietnamese_EqualsPrecomposed()
    {
        var decomposed = "Đô thị".Normalize(System.Text.NormalizationForm.FormD);

        Assert.Equal(TagNormaliser.Normalise("Đô thị"), TagNormaliser.Normalise(decomposed));
    }

    [Fact]
    public void Normalise_DifferentTags_StayDifferent()
    {
        Assert.NotEqual(TagNormaliser.Normalise("Đô thị"), TagNormaliser.Normalise("Do thi"));
    }
}
