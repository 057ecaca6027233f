namespace ExpoMatch.Functions.Storage;

/// <summary>The HTTP statuses of <see cref="Azure.RequestFailedException"/> our storage code acts on.</summary>
public static class StorageStatus
{
    /// <summary>ResourceNotFound, TableNotFound, QueueNotFound, MessageNotFound.</summary>
    public const int NotFound = 404;

    /// <summary>EntityAlreadyExists (a create-only row is taken), TableAlreadyExists.</summary>
    public const int Conflict = 409;

    /// <summary>UpdateConditionNotSatisfied: the ETag no longer matches, someone else wrote first.</summary>
    public const int PreconditionFailed = 412;

    /// <summary>The queue service's code for a pop receipt that is no longer valid (400): the message was dequeued again.</summary>
    public const string PopReceiptMismatch = "PopReceiptMismatch";
}
