using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// Event and participant ids: 16 random lowercase base32 characters (80 bits). Random rather than derived from an
/// email, so erasing a participant leaves references intact (ADR-001), and URL- and row-key-safe by construction.
/// </summary>
public static partial class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return string.Create(16, bytes.ToArray(), static (chars, b) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[b[i] & 31];
            }
        });
    }

    /// <summary>Whether a value from a URL or body can be an id; anything else can never name a row.</summary>
    public static bool IsValid(string? value) => value is not null && IdPattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
