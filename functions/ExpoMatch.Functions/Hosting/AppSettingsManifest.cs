namespace ExpoMatch.Functions.Hosting;

/// <summary>One app setting, named as an environment variable / Azure app setting (`__` for `:`).</summary>
/// <param name="Secret">Kept in Key Vault in Azure; the sample holds a development value or an empty placeholder.</param>
/// <param name="SampleValue">The safe value local.settings.sample.json carries.</param>
public sealed record AppSetting(string Name, string Purpose, bool Required, bool Secret, string SampleValue);

/// <summary>
/// Every setting the app reads. local.settings.sample.json and the Bicep app settings are checked against this
/// list by a test, so a feature that reads a new setting adds one line here (timer schedules are added from the
/// catalog automatically).
/// </summary>
public static class AppSettingsManifest
{
    private static readonly AppSetting[] Fixed =
    [
        new("AzureWebJobsStorage", "Storage for tables, queues and the Functions host. In Azure: identity-based AzureWebJobsStorage__* settings.",
            Required: true, Secret: false, "UseDevelopmentStorage=true"),
        new("FUNCTIONS_WORKER_RUNTIME", "Tells Azure Functions to start our executable as a custom handler.",
            Required: true, Secret: false, "custom"),
        new("ExpoMatch__OrganiserKey", $"Shared secret organisers present; at least {ExpoMatchOptions.MinimumOrganiserKeyLength} characters. The sample's value is refused outside Development.",
            Required: true, Secret: true, ExpoMatchOptions.DevelopmentOrganiserKey),
        new("ExpoMatch__OrganiserKeys__0", "Optional further organiser key (rotation, a second organiser); __1, __2, ... may follow. Same rules as ExpoMatch__OrganiserKey; empty: unused.",
            Required: false, Secret: true, ""),
        new("ExpoMatch__Email__SendGrid__ApiKey", "SendGrid API key. Empty: emails are written locally instead of sent.",
            Required: false, Secret: true, ""),
        new("ExpoMatch__Email__SendGrid__FromEmail", "SendGrid-verified sender address; required (the app refuses to start without it) when ApiKey is set.",
            Required: false, Secret: false, ""),
        new("ExpoMatch__Email__SendGrid__FromName", "Optional sender display name (no ';' or ','); empty counts as unset.",
            Required: false, Secret: false, ""),
        new("ExpoMatch__Email__SendGrid__EventWebhook__PublicKey", "SendGrid Signed Event Webhook verification key (Base64 SubjectPublicKeyInfo). Empty: POST /api/sendgrid/events answers 401.",
            Required: false, Secret: false, ""),
        new("ExpoMatch__Email__Schedule__AgendaLocalTime", "Event-local time (HH:mm) on the evening before each expo day when daily agenda emails go out.",
            Required: false, Secret: false, "18:00"),
        new("ExpoMatch__Email__Schedule__SendDailyAgenda", "Whether the SendScheduleEmails timer sends daily agendas at all.",
            Required: false, Secret: false, "true"),
        new("ExpoMatch__Schedules__SendScheduleEmails", "Six-field NCRONTAB (UTC) for the schedule mailer timer.",
            Required: false, Secret: false, "0 */15 * * * *"),
    ];

    public static IReadOnlyList<AppSetting> All(FunctionRegistry registry) =>
    [
        .. Fixed,
        .. registry.TimerFunctions
            .Where(t => !Fixed.Any(f => string.Equals(f.Name, t.ScheduleAppSetting, StringComparison.OrdinalIgnoreCase)))
            .Select(t => new AppSetting(t.ScheduleAppSetting, $"Six-field NCRONTAB (UTC) for the {t.Name} timer.", Required: false, Secret: false, t.DefaultSchedule)),
    ];
}

/// <summary>The queues and tables the app uses: created by infra/app/storage.bicep (storage-names.json) or at start.</summary>
public static class StorageResources
{
    /// <summary>Tables the features use; a feature adds its table names here.</summary>
    public static IReadOnlyList<string> Tables { get; } =
    [
        .. Registration.RegistrationTables.All,
        TimerScheduleMonitor.DefaultTableName,
        Matching.MatchingRunRow.TableName,
        .. Notifications.ScheduleEmails.ScheduleEmailRows.Tables,
    ];

    /// <summary>Trigger queues (with their poison queues) from the catalog.</summary>
    public static IReadOnlyList<string> Queues(FunctionRegistry registry) => [.. registry.QueueNames];
}
