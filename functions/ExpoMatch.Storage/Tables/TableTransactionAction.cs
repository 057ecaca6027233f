using Azure;

namespace ExpoMatch.Storage;

/// <summary>What one action of an entity group transaction does.</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails the whole transaction if the entity exists.</summary>
    Add,
    /// <summary>Update an existing entity, merging properties (If-Match: the action's ETag, default any).</summary>
    UpdateMerge,
    /// <summary>Update an existing entity, replacing it (If-Match: the action's ETag, default any).</summary>
    UpdateReplace,
    /// <summary>Delete (If-Match: the action's ETag, default any); fails the transaction if absent.</summary>
    Delete,
    /// <summary>Insert or merge.</summary>
    UpsertMerge,
    /// <summary>Insert or replace.</summary>
    UpsertReplace,
}

/// <summary>One action of <see cref="TableClient.SubmitTransactionAsync"/>; <paramref name="ETag"/> applies to updates and deletes.</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);

/// <summary>The outcome of one action of a successful transaction (ETag is absent for deletes).</summary>
public sealed record TableTransactionResult(int Index, int Status, ETag? ETag);
