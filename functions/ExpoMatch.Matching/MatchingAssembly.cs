namespace ExpoMatch.Matching;

/// <summary>Marker for the matching engine's assembly.</summary>
internal static class MatchingAssembly;
