using ExpoMatch.Functions.Registration;
using ExpoMatch.Matching.Scoring;

namespace ExpoMatch.Tests.Registration;

/// <summary>Registration stores tags normalised by the matching engine's normaliser; these are the forms it must unify.</summary>
public sealed class TagNormalizationTests
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
        Assert.Equal(TagNormalizer.Normalize(a), TagNormalizer.Normalize(b));
    }

    [Fact]
    public void Normalise_DecomposedVietnamese_EqualsPrecomposed()
    {
        var decomposed = "Đô thị".Normalize(System.Text.NormalizationForm.FormD);

        Assert.Equal(TagNormalizer.Normalize("Đô thị"), TagNormalizer.Normalize(decomposed));
    }

    [Fact]
    public void Normalise_DifferentTags_StayDifferent()
    {
        Assert.NotEqual(TagNormalizer.Normalize("Đô thị"), TagNormalizer.Normalize("Do thi"));
    }
}
