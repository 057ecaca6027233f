using Azure.Core;
using ExpoMatch.Storage;

namespace ExpoMatch.Tests.Storage;

public sealed class StorageConnectionTests
{
    private const string Key = "a2V5LWJ5dGVzLWZvci10ZXN0aW5nLW9ubHktMTIzNDU2Nzg5MA==";

    [Fact]
    public void Parse_UseDevelopmentStorage_GivesAzuriteDefaults()
    {
        var connection = StorageConnection.Parse("UseDevelopmentStorage=true");

        Assert.True(connection.IsDevelopmentStorage);
        Assert.Equal(StorageAuthentication.SharedKey, connection.Authentication);
        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.QueueEndpoint);
    }

    [Fact]
    public void Parse_AccountNameAndKey_BuildsDefaultEndpoints_WithCaseInsensitiveKeys()
    {
        var connection = StorageConnection.Parse($"defaultendpointsprotocol=https;ACCOUNTNAME=expomatch;AccountKey={Key};");

        Assert.Equal("expomatch", connection.AccountName);
        Assert.Equal(new Uri("https://expomatch.table.core.windows.net"), connection.TableEndpoint);
        Assert.Equal(new Uri("https://expomatch.queue.core.windows.net"), connection.QueueEndpoint);
        Assert.Equal(StorageAuthentication.SharedKey, connection.Authentication);
    }

    [Fact]
    public void Parse_ProtocolAndSuffix_AreHonoured()
    {
        var connection = StorageConnection.Parse($"DefaultEndpointsProtocol=http;AccountName=expo1;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("http://expo1.table.core.chinacloudapi.cn"), connection.TableEndpoint);
        Assert.Equal(new Uri("http://expo1.queue.core.chinacloudapi.cn"), connection.QueueEndpoint);
    }

    [Fact]
    public void Parse_ExplicitEndpoints_OverrideDefaults_WithoutTrailingSlash()
    {
        var connection = StorageConnection.Parse(
            $"AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:5555/devstoreaccount1/;QueueEndpoint=http://127.0.0.1:6666/devstoreaccount1");

        Assert.Equal("http://127.0.0.1:5555/devstoreaccount1", connection.TableEndpoint!.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:6666/devstoreaccount1", connection.QueueEndpoint!.AbsoluteUri);
    }

    [Fact]
    public void Parse_SharedAccessSignature_UsesSasAndNoKey()
    {
        var connection = StorageConnection.Parse(
            "TableEndpoint=https://expo.table.core.windows.net;SharedAccessSignature=?sv=2019-02-02&ss=t&sig=abc%3D");

        Assert.Equal(StorageAuthentication.SharedAccessSignature, connection.Authentication);
        Assert.Null(connection.QueueEndpoint);
        Assert.Throws<ArgumentException>(() => connection.CreateQueueServiceClient());
        Assert.NotNull(connection.CreateTableServiceClient());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccountName", "Key=Value")]
    [InlineData("=x", "Key=Value")]
    [InlineData("AccountName=a1b2c;accountname=other;AccountKey=" + Key, "more than once")]
    [InlineData("AccountName=expomatch", "neither AccountKey nor SharedAccessSignature")]
    [InlineData("AccountKey=" + Key, "requires AccountName")]
    [InlineData("AccountName=expomatch;AccountKey=" + Key + ";SharedAccessSignature=sv=1", "both")]
    [InlineData("AccountName=Bad_Name;AccountKey=" + Key, "AccountName")]
    [InlineData("AccountName=expomatch;AccountKey=" + Key + ";DefaultEndpointsProtocol=ftp", "http")]
    [InlineData("AccountName=expomatch;AccountKey=" + Key + ";TableEndpoint=not a uri", "TableEndpoint")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage")]
    [InlineData("UseDevelopmentStorage=true;AccountName=x", "cannot be combined")]
    [InlineData("AccountName=expomatch;AccountKey=", "empty value")]
    public void Parse_BadConnectionStrings_ThrowFormatExceptionNamingTheProblem(string connectionString, string expectedMessagePart)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnection.Parse(connectionString));

        Assert.Contains(expectedMessagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_InvalidKey_NeverEchoesTheKey()
    {
        const string secret = "not*base64*secret-value";

        var error = Assert.Throws<FormatException>(() => StorageConnection.Parse($"AccountName=expomatch;AccountKey={secret}"));

        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverContainsKeyOrSignature()
    {
        var keyed = StorageConnection.Parse($"AccountName=expomatch;AccountKey={Key}");
        var sas = StorageConnection.Parse("TableEndpoint=https://expo.table.core.windows.net;SharedAccessSignature=sv=1&sig=SECRETSIG");

        Assert.DoesNotContain(Key, keyed.ToString(), StringComparison.Ordinal);
        Assert.Contains("expomatch", keyed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETSIG", sas.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromServiceUris_UsesTokenAuthentication()
    {
        var connection = StorageConnection.FromServiceUris(
            new Uri("https://expo.table.core.windows.net/"), null, new StaticTokenCredential("t"));

        Assert.Equal(StorageAuthentication.Token, connection.Authentication);
        Assert.Equal(new Uri("https://expo.table.core.windows.net"), connection.TableEndpoint);
        Assert.Null(connection.QueueEndpoint);
        Assert.Throws<ArgumentException>(() => StorageConnection.FromServiceUris(null, null, new StaticTokenCredential("t")));
    }

    [Fact]
    public void FromSettings_PrefersTheConnectionString()
    {
        var settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" };

        var connection = StorageConnection.FromSettings(k => settings.GetValueOrDefault(k));

        Assert.True(connection.IsDevelopmentStorage);
    }

    [Theory]
    [InlineData("__")]
    [InlineData(":")]
    public void FromSettings_ServiceUrisWithManagedIdentity_BuildTokenConnection(string separator)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage" + separator + "tableServiceUri"] = "https://expo.table.core.windows.net",
            ["AzureWebJobsStorage" + separator + "queueServiceUri"] = "https://expo.queue.core.windows.net",
            ["AzureWebJobsStorage" + separator + "credential"] = "managedidentity",
            ["AzureWebJobsStorage" + separator + "clientId"] = "00000000-0000-0000-0000-000000000001",
        };

        var connection = StorageConnection.FromSettings(k => settings.GetValueOrDefault(k));

        Assert.Equal(StorageAuthentication.Token, connection.Authentication);
        Assert.Equal(new Uri("https://expo.queue.core.windows.net"), connection.QueueEndpoint);
    }

    [Fact]
    public void FromSettings_AccountNameOnly_UsesPublicCloudEndpoints()
    {
        var connection = StorageConnection.FromSettings(k => k == "AzureWebJobsStorage__accountName" ? "expomatch" : null);

        Assert.Equal(new Uri("https://expomatch.table.core.windows.net"), connection.TableEndpoint);
    }

    [Fact]
    public void FromSettings_WhenNothingConfigured_ThrowsNamingTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromSettings(_ => null));

        Assert.Contains("AzureWebJobsStorage__tableServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSettings_UnknownCredentialKind_Throws()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage__tableServiceUri"] = "https://expo.table.core.windows.net",
            ["AzureWebJobsStorage__credential"] = "password",
        };

        Assert.Throws<FormatException>(() => StorageConnection.FromSettings(k => settings.GetValueOrDefault(k)));
    }

    internal sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public List<string[]> RequestedScopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (RequestedScopes)
            {
                RequestedScopes.Add(requestContext.Scopes);
            }

            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
