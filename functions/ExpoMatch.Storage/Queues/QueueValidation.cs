using System.Text.RegularExpressions;

namespace ExpoMatch.Storage;

/// <summary>Queue service limits, checked before sending.</summary>
internal static partial class QueueValidation
{
    public const int MaxMessageBytes = 64 * 1024;
    public static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromDays(7);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    private static partial Regex QueueNamePattern();

    public static void CheckQueueName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!QueueNamePattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"Invalid queue name '{name}': 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(name));
        }
    }

    public static int Seconds(TimeSpan value, TimeSpan min, TimeSpan max, string paramName)
    {
        if (value < min || value > max || value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be whole seconds between {min} and {max}.");
        }

        return (int)value.TotalSeconds;
    }

    public static void CheckId(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
    }
}
