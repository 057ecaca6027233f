using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// Table clients for the registration feature. Each table is created once per process on first use (a failed or
/// cancelled creation is retried by the next caller), so a fresh storage account needs no provisioning step.
/// </summary>
public sealed class RegistrationTables(TableServiceClient service)
{
    public const string Events = "Events";
    public const string Participants = "Participants";
    public const string Requests = "Requests";
    public const string Idempotency = "Idempotency";

    /// <summary>Every table registration reads or writes (Meetings is written by the matcher).</summary>
    public static IReadOnlyList<string> All { get; } = [Events, Participants, Requests, Meetings.MeetingRow.TableName, Idempotency];

    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public async Task<TableClient> GetAsync(string name, CancellationToken cancellationToken)
    {
        var lazy = _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(n)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(name, lazy));
            throw;
        }
    }

    // Not tied to one request's token: a creation shared by concurrent requests must not die with the first caller.
    private async Task<TableClient> CreateAsync(string name)
    {
        var table = service.GetTableClient(name);
        await table.CreateIfNotExistsAsync(CancellationToken.None);
        return table;
    }
}
