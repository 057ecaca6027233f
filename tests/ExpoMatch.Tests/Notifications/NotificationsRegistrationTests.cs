using ExpoMatch.Functions.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Tests.Notifications;

public sealed class NotificationsRegistrationTests
{
    [Fact]
    public void AddNotifications_WithoutApiKey_SendsToOutboxUnderWorkingFolder()
    {
        using var services = NotificationsServices.Build(new Dictionary<string, string?>());

        var sender = Assert.IsType<EmlFileEmailSender>(services.GetRequiredService<IEmailSender>());
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "outbox"), sender.OutboxDirectory);
    }

    [Fact]
    public void AddNotifications_WithApiKey_SendsThroughSendGrid()
    {
        using var services = NotificationsServices.Build(NotificationsServices.SendGridSettings(new Uri("https://api.eu.sendgrid.com")));

        Assert.IsType<SendGridEmailSender>(services.GetRequiredService<IEmailSender>());
        Assert.Equal(new Uri("https://api.eu.sendgrid.com"), services.GetRequiredService<IOptions<SendGridOptions>>().Value.BaseUrl);
    }

    [Fact]
    public void AddNotifications_DefaultsToTheGlobalSendGridHost()
    {
        using var services = NotificationsServices.Build(new Dictionary<string, string?>());

        Assert.Equal(new Uri("https://api.sendgrid.com"), services.GetRequiredService<IOptions<SendGridOptions>>().Value.BaseUrl);
    }

    [Theory]
    [InlineData("ExpoMatch:Email:SendGrid:FromEmail", "", "FromEmail")]
    [InlineData("ExpoMatch:Email:SendGrid:FromName", "Expo, Team", "FromName")]
    [InlineData("ExpoMatch:Email:SendGrid:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("ExpoMatch:Email:SendGrid:BaseUrl", "ftp://example.com", "BaseUrl")]
    [InlineData("ExpoMatch:Email:SendGrid:EventWebhook:PublicKey", "bm90IGEga2V5", "PublicKey")]
    [InlineData("ExpoMatch:Email:OutboxDirectory", " ", "OutboxDirectory")]
    public void AddNotifications_WithBadSetting_FailsValidationNamingIt(string key, string value, string named)
    {
        var settings = NotificationsServices.SendGridSettings(new Uri("https://api.sendgrid.com"));
        settings[key] = value;
        using var services = NotificationsServices.Build(settings);

        var ex = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<SendGridOptions>>().Value;
            _ = services.GetRequiredService<IOptions<EmailOptions>>().Value;
            _ = services.GetRequiredService<IOptions<SendGridWebhookOptions>>().Value;
        });
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SG.fake", ex.Message, StringComparison.Ordinal);
    }
}
