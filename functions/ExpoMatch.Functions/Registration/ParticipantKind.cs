namespace ExpoMatch.Functions.Registration;

/// <summary>Exhibitors hold booths; visitors request meetings with them.</summary>
public enum ParticipantKind
{
    Exhibitor,
    Visitor,
}

public static class ParticipantKinds
{
    /// <summary>The lowercase name used in row keys, tokens, messages and JSON.</summary>
    public static string Name(this ParticipantKind kind) => kind == ParticipantKind.Exhibitor ? "exhibitor" : "visitor";

    public static bool TryParse(string? name, out ParticipantKind kind)
    {
        switch (name)
        {
            case "exhibitor":
                kind = ParticipantKind.Exhibitor;
                return true;
            case "visitor":
                kind = ParticipantKind.Visitor;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
