using Azure;

namespace ExpoMatch.Storage;

/// <summary>
/// A storage request the service refused. <see cref="RequestFailedException.Status"/> and
/// <see cref="RequestFailedException.ErrorCode"/> come from the response (the code from the JSON or XML error body,
/// e.g. EntityAlreadyExists, QueueNotFound). Catch the subclasses for the outcomes callers act on.
/// </summary>
public class StorageRequestFailedException : RequestFailedException
{
    public StorageRequestFailedException(int status, string message, string? errorCode, int? failedActionIndex = null, Exception? innerException = null)
        : base(status, message, errorCode, innerException)
    {
        FailedActionIndex = failedActionIndex;
    }

    /// <summary>For a failed entity group transaction: the zero-based index of the action the service rejected.</summary>
    public int? FailedActionIndex { get; }

    internal static StorageRequestFailedException Create(int status, string message, string? errorCode, int? failedActionIndex = null) =>
        status switch
        {
            404 => new StorageNotFoundException(status, message, errorCode, failedActionIndex),
            409 => new StorageConflictException(status, message, errorCode, failedActionIndex),
            412 => new StoragePreconditionFailedException(status, message, errorCode, failedActionIndex),
            _ => new StorageRequestFailedException(status, message, errorCode, failedActionIndex),
        };
}

/// <summary>409: the entity, table or queue already exists (EntityAlreadyExists, TableAlreadyExists...) or is being deleted.</summary>
public sealed class StorageConflictException(int status, string message, string? errorCode, int? failedActionIndex = null)
    : StorageRequestFailedException(status, message, errorCode, failedActionIndex);

/// <summary>412: the ETag no longer matches (UpdateConditionNotSatisfied): someone else wrote first.</summary>
public sealed class StoragePreconditionFailedException(int status, string message, string? errorCode, int? failedActionIndex = null)
    : StorageRequestFailedException(status, message, errorCode, failedActionIndex);

/// <summary>404: the entity, table, queue or message does not exist (ResourceNotFound, TableNotFound, MessageNotFound...).</summary>
public sealed class StorageNotFoundException(int status, string message, string? errorCode, int? failedActionIndex = null)
    : StorageRequestFailedException(status, message, errorCode, failedActionIndex);
