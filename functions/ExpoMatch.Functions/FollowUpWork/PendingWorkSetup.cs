namespace ExpoMatch.Functions.FollowUpWork;

/// <summary>Program.cs entry point of pending work (ADR-004).</summary>
public static class PendingWorkSetup
{
    public static IServiceCollection AddPendingWork(this IServiceCollection services)
    {
        services.AddOptions<PendingWorkOptions>().BindConfiguration(PendingWorkOptions.SectionName)
            .Validate(o => o.DeliverAfter >= TimeSpan.Zero && o.AfterCommitTimeout > TimeSpan.Zero && o.ReconcileAfter >= TimeSpan.Zero
                           && o.ActiveAfterEnd >= TimeSpan.Zero && o.FullSweepEvery > TimeSpan.Zero,
                "ExpoMatch:PendingWork: DeliverAfter, ReconcileAfter and ActiveAfterEnd must not be negative, AfterCommitTimeout and FullSweepEvery must be positive.")
            .ValidateOnStart();
        services.AddSingleton<PendingWorkDelivery>();
        services.AddSingleton<FullSweepSchedule>();
        return services;
    }
}
