using System.Text;

namespace ExpoMatch.Tests.Notifications;

/// <summary>
/// Just enough of RFC 5545 to read our calendars back: unfold (CRLF + one space/tab), split name;params:value with
/// quoted parameter values, and group VEVENT components. Written independently of the writer on purpose.
/// </summary>
internal static class ICalendarParser
{
    public static ParsedCalendar Parse(string text)
    {
        var unfolded = text.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
        var lines = unfolded.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var calendar = new ParsedCalendar();
        ParsedComponent current = calendar;
        foreach (var line in lines)
        {
            var property = ParseLine(line);
            if (property.Name == "BEGIN" && property.Value == "VEVENT")
            {
                current = new ParsedComponent();
                calendar.Events.Add(current);
            }
            else if (property.Name == "END" && property.Value == "VEVENT")
            {
                current = calendar;
            }
            else if (property.Name is not ("BEGIN" or "END"))
            {
                current.Properties.Add(property);
            }
        }

        return calendar;
    }

    public static string Unescape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                sb.Append(value[i] is 'n' or 'N' ? '\n' : value[i]);
            }
            else
            {
                sb.Append(value[i]);
            }
        }

        return sb.ToString();
    }

    private static ParsedProperty ParseLine(string line)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var quoted = false;
        var nameEnd = -1;
        var segmentStart = 0;
        string? name = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == ';' || c == ':'))
            {
                var segment = line[segmentStart..i];
                if (name is null)
                {
                    name = segment;
                    nameEnd = i;
                }
                else
                {
                    var eq = segment.IndexOf('=', StringComparison.Ordinal);
                    parameters[segment[..eq]] = segment[(eq + 1)..];
                }

                segmentStart = i + 1;
                if (c == ':')
                {
                    return new ParsedProperty(name, parameters, line[(i + 1)..]);
                }
            }
        }

        throw new FormatException($"Not a content line: {line} ({nameEnd})");
    }
}

internal class ParsedComponent
{
    public List<ParsedProperty> Properties { get; } = [];

    public ParsedProperty Single(string name) => Assert.Single(Properties, p => p.Name == name);

    public IEnumerable<ParsedProperty> All(string name) => Properties.Where(p => p.Name == name);
}

internal sealed class ParsedCalendar : ParsedComponent
{
    public List<ParsedComponent> Events { get; } = [];
}

internal sealed record ParsedProperty(string Name, IReadOnlyDictionary<string, string> Parameters, string Value);
