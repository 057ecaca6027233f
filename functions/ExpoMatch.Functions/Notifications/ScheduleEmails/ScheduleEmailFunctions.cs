using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>POST /api/events/{eventId}/schedule-emails: the organiser sends every participant their schedule (202).</summary>
public sealed class StartScheduleEmailSend : IHttpFunction
{
    [Function(nameof(StartScheduleEmailSend))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/schedule-emails")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(StartScheduleEmailSend));

    public static Delegate Handler => ScheduleEmailsApi.Start;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Schedule emails")
        .WithSummary("Queue one schedule email job per participant; each sends only if their schedule changed since their last email. " +
                     "Answers 202 with the send id to poll.")
        .RequireAccess(AccessRule.Organiser).Idempotent().Errors(404);
}

/// <summary>GET /api/events/{eventId}/schedule-emails/{sendId}: progress of an organiser send.</summary>
public sealed class GetScheduleEmailSend : IHttpFunction
{
    [Function(nameof(GetScheduleEmailSend))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/schedule-emails/{sendId}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetScheduleEmailSend));

    public static Delegate Handler => ScheduleEmailsApi.Get;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Schedule emails")
        .WithSummary("Counts of an organiser send: sent, failed, pending, delivered, bounced (from the outbox rows it resolved to).")
        .RequireAccess(AccessRule.Organiser).Errors(404);
}

/// <summary>POST /api/sendgrid/events: SendGrid's signed Event Webhook (no credential; the signature is the check).</summary>
public sealed class ReceiveSendGridEvents : IHttpFunction
{
    [Function(nameof(ReceiveSendGridEvents))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sendgrid/events")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(ReceiveSendGridEvents));

    public static Delegate Handler => SendGridEventsApi.Receive;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Schedule emails")
        .WithSummary("SendGrid Event Webhook: delivered, bounce and dropped events update the outbox and suppress bounced addresses. " +
                     "Verified with the ECDSA signature over the raw body.")
        .Accepts<object>("application/json")
        .RequireAccess(AccessRule.Anyone).Errors(400, 413, 503);
}

public static class ScheduleEmailsRegistration
{
    /// <summary>The schedule mailer's services (needs <see cref="RegistrationApi.AddRegistration"/> and AddNotifications).</summary>
    public static IServiceCollection AddScheduleEmails(this IServiceCollection services)
    {
        services.AddOptions<ScheduleEmailOptions>().BindConfiguration(ScheduleEmailOptions.SectionName);
        services.TryAddSingleton<ScheduleEmailStore>();
        services.TryAddSingleton<ScheduleEmailQueue>();
        services.TryAddSingleton<OrganiserSendStore>();
        return services;
    }

}
