using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// The HTTP API of registration and meeting requests under /api/events. Who may call what (also in the OpenAPI
/// document, per operation):
/// <list type="bullet">
/// <item>create event, register exhibitor: organiser.</item>
/// <item>read event, register visitor: anyone (a visitor signs up without an account).</item>
/// <item>a participant's profile, export, requests, schedule, PATCH, DELETE: that participant or the organiser.</item>
/// <item>exhibitor directory: any participant of the event, or the organiser.</item>
/// <item>request a meeting: a visitor of the event; accept/decline: that request's exhibitor; cancel: its visitor;
/// read one request: either of them or the organiser.</item>
/// </list>
/// 401 means no valid credential; 403 a valid one without the right (decided from the credential and the URL only,
/// so it never tells whether the target exists); 404 an unknown event, participant or request for a caller who
/// may ask.
/// </summary>
public static class RegistrationApi
{
    public static IServiceCollection AddRegistration(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OrganiserOptions>()
            .BindConfiguration(OrganiserOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<OrganiserOptions>, OrganiserOptionsValidator>();
        services.AddSingleton<OrganiserKeys>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<PersonalDataErasure>();
        services.AddSingleton<RegistrationTables>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<ParticipantStore>();
        services.AddSingleton<MeetingRequestStore>();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<MatchingWorkQueue>();
        services.AddSingleton<CallerResolver>();
        services.AddScoped<RegistrationContext>();
        services.AddScoped<Meetings.Reschedule.RescheduleContext>();
        services.ConfigureAll<OpenApiOptions>(options => options.AddRegistrationDocumentation());
        return services;
    }


    /// <summary>Tag and summary every registration endpoint carries in the OpenAPI document.</summary>
    internal static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string summary) =>
        builder.WithTags("Registration").WithSummary(summary);

    /// <summary>Declares a JSON body and the body errors every such endpoint can answer (400, 413, 415).</summary>
    internal static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder builder) where T : notnull =>
        builder.Accepts<T>("application/json")
            .ProducesValidationProblem()
            .Errors(400, 404, 409, 413, 415);

    internal static RouteHandlerBuilder Errors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
