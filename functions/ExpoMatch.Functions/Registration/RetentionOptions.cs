using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Registration;

/// <summary>How long participants' personal data is kept (section "ExpoMatch:Retention"; app settings ExpoMatch__Retention__*).</summary>
public sealed class RetentionOptions
{
    public const string Section = "ExpoMatch:Retention";

    public const int DefaultPersonalDataDays = 90;

    /// <summary>Days after the event's last day ends until <see cref="ErasePersonalData"/> erases it; 0 keeps it.</summary>
    public int PersonalDataDays { get; set; } = DefaultPersonalDataDays;

    /// <summary>When the event's participants' personal data is erased; null when retention is switched off.</summary>
    public DateTimeOffset? ErasedAfter(ExpoEvent expo) =>
        PersonalDataDays == 0 ? null : expo.EndsAt + TimeSpan.FromDays(PersonalDataDays);
}

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public const int MaxDays = 3650;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        options.PersonalDataDays is >= 0 and <= MaxDays
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"ExpoMatch:Retention:PersonalDataDays (app setting ExpoMatch__Retention__PersonalDataDays) = {options.PersonalDataDays} " +
                $"must be 0 (keep personal data) to {MaxDays} days.");
}
