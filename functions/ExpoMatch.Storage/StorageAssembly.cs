namespace ExpoMatch.Storage;

/// <summary>Marker for the storage library's assembly.</summary>
internal static class StorageAssembly;
