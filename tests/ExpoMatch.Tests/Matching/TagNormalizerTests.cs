using ExpoMatch.Matching.Scoring;

namespace ExpoMatch.Tests.Matching;

public sealed class TagNormalizerTests
{
    [Theory]
    [InlineData("Đô thị thông minh", "đô thị  THÔNG MINH")] // Vietnamese, precomposed vs. upper case
    [InlineData("Đô thị thông minh", "Đo\u0302 thi\u0323 tho\u0302ng minh")] // Vietnamese, decomposed marks
    [InlineData("เมืองอัจฉริยะ", "  เมืองอัจฉริยะ\t")] // Thai
    [InlineData("智慧城市", "智慧城市\u3000")] // Chinese, ideographic space
    [InlineData("Умный  Город", "умный город")] // Cyrillic
    [InlineData("Smart City", " smart\u00A0 CITY ")] // English, no-break space
    [InlineData("ＩｏＴ", "iot")] // full-width compatibility forms
    public void Normalize_SameTagTypedDifferently_IsEqual(string a, string b) =>
        Assert.Equal(TagNormalizer.Normalize(a), TagNormalizer.Normalize(b));

    [Theory]
    [InlineData("Smart City", "smart cities")]
    [InlineData("智慧城市", "智能城市")]
    [InlineData("умный город", "умный горад")]
    public void Normalize_DifferentTags_StayDifferent(string a, string b) =>
        Assert.NotEqual(TagNormalizer.Normalize(a), TagNormalizer.Normalize(b));

    [Fact]
    public void Normalize_TrimsAndCollapsesWhitespace() =>
        Assert.Equal("a b c", TagNormalizer.Normalize("  A \t\n b   C  "));

    [Fact]
    public void Normalize_CapitalIWithoutCulture_BecomesPlainI() =>
        Assert.Equal("istanbul", TagNormalizer.Normalize("ISTANBUL"));
}
