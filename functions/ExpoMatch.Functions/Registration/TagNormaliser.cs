using System.Text;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// The form tags are compared in: Unicode NFKC, case-folded, trimmed, inner whitespace runs collapsed to one space.
/// "Đô thị thông minh" and "đô thị  THÔNG MINH" are one tag; full-width Latin equals ASCII.
/// </summary>
public static class TagNormaliser
{
    public static string Normalise(string tag)
    {
        // Upper then lower folds case pairs that lower-casing alone keeps apart (final sigma, Kelvin sign).
        var folded = tag.Normalize(NormalizationForm.FormKC).ToUpperInvariant().ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString().Normalize(NormalizationForm.FormKC);
    }
}
