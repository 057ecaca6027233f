namespace ExpoMatch.Functions.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Hosting mode {Mode}; {FunctionCount} functions registered")]
    public static partial void Started(ILogger logger, FunctionHostingMode mode, int functionCount);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Invocation of {FunctionName} rejected: {Reason}")]
    public static partial void InvalidInvocationPayload(ILogger logger, string functionName, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Function {FunctionName} failed")]
    public static partial void FunctionFailed(ILogger logger, string functionName, Exception exception);
}
