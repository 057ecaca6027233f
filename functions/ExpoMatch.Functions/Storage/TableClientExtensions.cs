using Azure.Data.Tables;

namespace ExpoMatch.Functions.Storage;

public static class TableClientExtensions
{
    /// <summary>Point read: the entity, or null when it (or its table) does not exist.</summary>
    public static async Task<TableEntity?> GetEntityOrNullAsync(
        this TableClient table, string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select, cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
