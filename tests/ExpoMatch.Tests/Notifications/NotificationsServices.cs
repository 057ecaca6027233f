using ExpoMatch.Functions.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Notifications;

/// <summary>Builds the notifications services exactly as the app registers them, from in-memory configuration.</summary>
internal static class NotificationsServices
{
    public static ServiceProvider Build(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddNotifications();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public static Dictionary<string, string?> SendGridSettings(Uri baseUrl, string apiKey = "SG.fake-sendgrid-key.for-tests-only") => new()
    {
        ["ExpoMatch:Email:SendGrid:BaseUrl"] = baseUrl.ToString(),
        ["ExpoMatch:Email:SendGrid:ApiKey"] = apiKey,
        ["ExpoMatch:Email:SendGrid:FromEmail"] = "schedules@expomatch.example",
        ["ExpoMatch:Email:SendGrid:FromName"] = "Smart City Asia",
        ["ExpoMatch:Email:SendGrid:RetryBaseDelay"] = "00:00:01",
        ["ExpoMatch:Email:SendGrid:MaxRetryDelay"] = "00:01:00",
        ["ExpoMatch:Email:SendGrid:MaxAttempts"] = "4",
    };
}
