namespace ExpoMatch.Functions.Hosting;

/// <summary>One app setting, named as an environment variable / Azure app setting (`__` for `:`).</summary>
/// <param name="Secret">Kept in Key Vault in Azure; the sample holds a development value or an empty placeholder.</param>
/// <param name="SampleValue">The safe value local.settings.sample.json carries.</param>
public sealed record AppSetting(string Name, string Purpose, bool Required, bool Secret, string SampleValue);

/// <summary>
/// Every setting the app reads. local.settings.sample.json and the Bicep app settings are checked against this
/// list by a test, so a feature that reads a new setting adds one line here. Every `%Setting%` of a trigger must be
/// here (a test checks it against <see cref="FunctionTable"/>): the host cannot index a function without it.
/// </summary>
public static class AppSettingsManifest
{
    private static readonly AppSetting[] Fixed =
    [
        new("AzureWebJobsStorage", "Storage for tables, queues and the Functions host. In Azure: identity-based AzureWebJobsStorage__* settings.",
            Required: true, Secret: false, "UseDevelopmentStorage=true"),
        new("FUNCTIONS_WORKER_RUNTIME", "Tells Azure Functions (and the local host) to run the app on the .NET isolated worker.",
            Required: true, Secret: false, "dotnet-isolated"),
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
        new("ExpoMatch__Schedules__SendScheduleEmails", "Six-field NCRONTAB (UTC) for the SendScheduleEmails timer (its %binding expression%).",
            Required: true, Secret: false, "0 */15 * * * *"),
        new("ExpoMatch__Schedules__PurgeExpiredIdempotencyKeys", "Six-field NCRONTAB (UTC) for the PurgeExpiredIdempotencyKeys timer (its %binding expression%).",
            Required: true, Secret: false, "0 30 3 * * *"),
        new("ExpoMatch__Schedules__ErasePersonalData", "Six-field NCRONTAB (UTC) for the ErasePersonalData retention timer (its %binding expression%).",
            Required: true, Secret: false, "0 45 3 * * *"),
        new(Storage.KeyEncryptionCertificates.CurrentSetting, "Data Protection key-encryption certificate: a PFX in Base64 with its private key, no password (in Azure the Key Vault reference of a Key Vault certificate). Every new key of the ring is encrypted to it. Empty: keys stored in clear (ADR-003).",
            Required: false, Secret: true, ""),
        new(Storage.KeyEncryptionCertificates.PreviousSetting, "The key-encryption certificate used before the current one, kept during a rotation so keys it encrypted stay readable (same format). Empty: none.",
            Required: false, Secret: true, ""),
        new("ExpoMatch__Retention__PersonalDataDays", "Days after an event's last day ends until its participants' personal data is erased (0: kept).",
            Required: false, Secret: false, "90"),
        new("ExpoMatch__Schedules__DeliverPendingWork", "Six-field NCRONTAB (UTC) for the DeliverPendingWork timer: delivers follow-up work its request left pending (ADR-004).",
            Required: true, Secret: false, "*/15 * * * * *"),
        new("ExpoMatch__Schedules__ReconcileMeetingRequests", "Six-field NCRONTAB (UTC) for the ReconcileMeetingRequests timer: repairs accepted requests left without a meeting and similar slips (ADR-004).",
            Required: true, Secret: false, "0 */5 * * * *"),
        new("ExpoMatch__PendingWork__DeliverAfter", "Age (hh:mm:ss) after which DeliverPendingWork delivers a pending-work row its request did not.",
            Required: false, Secret: false, "00:00:05"),
        new("ExpoMatch__PendingWork__AfterCommitTimeout", "How long (hh:mm:ss) a request spends delivering its committed work before leaving it to DeliverPendingWork.",
            Required: false, Secret: false, "00:00:10"),
        new("ExpoMatch__PendingWork__ReconcileAfter", "Age (hh:mm:ss) a request's state must reach before ReconcileMeetingRequests repairs it.",
            Required: false, Secret: false, "00:02:00"),
        new("ExpoMatch__PendingWork__ActiveAfterEnd", "How long (d.hh:mm:ss) after its last day an event stays in play: the reconciliation skips older events and the dispatcher sweeps them only in its full sweep.",
            Required: false, Secret: false, "2.00:00:00"),
        new("ExpoMatch__PendingWork__FullSweepEvery", "How often (hh:mm:ss) DeliverPendingWork also sweeps events out of play (and on its first run in a process).",
            Required: false, Secret: false, "01:00:00"),
        new("ExpoMatch__MatchingWorkQueue", "Queue of the matcher (MatchRequestedMeetings trigger and the app's sends).",
            Required: true, Secret: false, Meetings.MatchingWork.QueueName),
        new("ExpoMatch__MatchingRunsQueue", "Queue of organiser matching runs (RunEventMatching trigger and the app's sends).",
            Required: true, Secret: false, Matching.MatchingRunQueue.DefaultName),
        new("ExpoMatch__ScheduleEmailsQueue", "Queue of schedule email jobs (SendScheduleEmail trigger and the app's sends).",
            Required: true, Secret: false, Notifications.ScheduleEmails.ScheduleEmailJob.QueueName),
    ];

    public static IReadOnlyList<AppSetting> All => Fixed;

    /// <summary>A configuration key as an app setting / environment variable name (`:` becomes `__`).</summary>
    public static string AppSettingName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The sample (and Azure) value of an app setting named as a configuration key.</summary>
    public static string SampleValueOf(string configurationKey) =>
        Fixed.Single(s => s.Name == AppSettingName(configurationKey)).SampleValue;
}

/// <summary>The queues and tables the app uses: created by infra/app/storage.bicep (storage-names.json) or at start.</summary>
public static class StorageResources
{
    /// <summary>Tables the features use; a feature adds its table names here.</summary>
    public static IReadOnlyList<string> Tables { get; } =
    [
        .. Registration.RegistrationTables.All,
        Matching.MatchingRunRow.TableName,
        .. Notifications.ScheduleEmails.ScheduleEmailRows.Tables,
    ];

    /// <summary>Trigger queues (as the sample settings name them) with their poison queues, from the function table.</summary>
    public static IReadOnlyList<string> Queues { get; } =
    [
        .. FunctionTable.Queues
            .Select(q => FunctionTable.SettingOf(q.Trigger.QueueName) is { } setting ? AppSettingsManifest.SampleValueOf(setting) : q.Trigger.QueueName)
            .SelectMany(q => new[] { q, q + QueueTriggerSettings.PoisonSuffix }),
    ];
}
