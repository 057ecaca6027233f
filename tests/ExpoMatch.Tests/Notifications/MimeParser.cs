using System.Text;
using System.Text.RegularExpressions;

namespace ExpoMatch.Tests.Notifications;

/// <summary>
/// A small, independent MIME reader for the tests: unfolds headers, decodes RFC 2047 B-words, splits multiparts on
/// their boundary and decodes Base64 bodies. Enough to prove an .eml is what a mail client will see.
/// </summary>
internal static partial class MimeParser
{
    public static MimeEntity Parse(string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerBlock = raw[..split];
        var body = raw[(split + 4)..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in headerBlock.Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        var entity = new MimeEntity(headers, body);
        var boundary = entity.Parameter("Content-Type", "boundary");
        if (entity.ContentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) && boundary is not null)
        {
            var delimiter = "\r\n--" + boundary;
            var text = "\r\n" + body;
            var end = text.IndexOf(delimiter + "--", StringComparison.Ordinal);
            Assert.True(end >= 0, "multipart without closing delimiter");
            var segments = text[..end].Split(delimiter);
            foreach (var segment in segments.Skip(1))
            {
                entity.Parts.Add(Parse(segment[2..]));
            }
        }

        return entity;
    }

    public static string DecodeHeader(string value)
    {
        // Whitespace between two adjacent encoded-words is not part of the text (RFC 2047 section 6.2).
        var joined = AdjacentWords().Replace(value, "?==?");
        return EncodedWord().Replace(joined, m =>
        {
            Assert.Equal("UTF-8", m.Groups["charset"].Value, ignoreCase: true);
            Assert.InRange(m.Value.Length, 1, 75);
            return Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups["text"].Value));
        }).Replace("?==?", "", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex AdjacentWords();

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?B\?(?<text>[A-Za-z0-9+/=]*)\?=", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWord();
}

internal sealed class MimeEntity(List<KeyValuePair<string, string>> headers, string body)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers => headers;

    public List<MimeEntity> Parts { get; } = [];

    public string ContentType => Header("Content-Type") ?? "text/plain";

    public string? Header(string name) => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? Parameter(string header, string parameter)
    {
        var value = Header(header);
        if (value is null)
        {
            return null;
        }

        foreach (var part in value.Split(';').Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && string.Equals(part[..eq].Trim(), parameter, StringComparison.OrdinalIgnoreCase))
            {
                return part[(eq + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }

    public byte[] DecodedBody()
    {
        Assert.Equal("base64", Header("Content-Transfer-Encoding"));
        return Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal));
    }

    public string DecodedText() => Encoding.UTF8.GetString(DecodedBody());
}
