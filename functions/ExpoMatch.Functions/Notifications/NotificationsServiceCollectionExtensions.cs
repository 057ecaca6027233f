using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SendGrid;

namespace ExpoMatch.Functions.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Email sending, schedule composition and webhook verification. <see cref="IEmailSender"/> is SendGrid when
    /// <c>ExpoMatch:Email:SendGrid:ApiKey</c> is set and .eml files in <c>ExpoMatch:Email:OutboxDirectory</c> otherwise;
    /// bad settings stop the app at start.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<SendGridOptions>().BindConfiguration(SendGridOptions.SectionName).ValidateOnStart();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateOnStart();
        services.AddOptions<SendGridWebhookOptions>().BindConfiguration(SendGridWebhookOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SendGridOptions>, SendGridOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SendGridWebhookOptions>, SendGridWebhookOptionsValidator>());

        // The package's client on a factory-managed HttpClient. Handing it an HttpClient also means the package never
        // adds its RetryDelegatingHandler (it only builds one when it creates its own HttpClient), so its
        // ReliabilitySettings do nothing here and SendGridMailClient alone decides what is retried.
        services.AddHttpClient<ISendGridClient, SendGrid.SendGridClient>((http, sp) =>
            {
                var settings = sp.GetRequiredService<IOptions<SendGridOptions>>().Value;
                return new SendGrid.SendGridClient(http, new SendGridClientOptions
                {
                    ApiKey = settings.HasApiKey ? settings.ApiKey : throw new InvalidOperationException($"{SendGridOptions.SectionName}:ApiKey is not configured."),
                    Host = settings.BaseUrl.ToString(),
                    HttpErrorAsException = false,
                });
            })
            .ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<SendGridOptions>>().Value.RequestTimeout);
        services.TryAddTransient<SendGridMailClient>();
        services.TryAddTransient<SendGridEmailSender>();
        services.TryAddSingleton<EmlFileEmailSender>();
        services.TryAddTransient<IEmailSender>(sp => sp.GetRequiredService<IOptions<SendGridOptions>>().Value.HasApiKey
            ? sp.GetRequiredService<SendGridEmailSender>()
            : sp.GetRequiredService<EmlFileEmailSender>());

        services.TryAddSingleton<ScheduleEmailComposer>();
        services.TryAddSingleton<SendGridWebhookVerifier>();
        return services;
    }
}
