using System.Text;

namespace ExpoMatch.Matching.Scoring;

/// <summary>
/// Normalises interest tags so the same idea typed differently compares equal, in any script:
/// Unicode NFKC (full-width and compatibility forms fold), invariant lower case (culture-free, so no Turkish dotless-i
/// surprises), NFKC again (lower-casing can denormalise), trimmed, inner whitespace runs collapsed to one space.
/// </summary>
public static class TagNormalizer
{
    public static string Normalize(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var s = tag.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
