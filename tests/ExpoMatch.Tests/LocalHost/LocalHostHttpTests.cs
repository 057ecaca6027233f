using System.Net;
using System.Text.Json;

namespace ExpoMatch.Tests.LocalHost;

/// <summary>One host + worker for the class; HTTP requests go through the host to the worker's ASP.NET Core integration.</summary>
public sealed class LocalHostHttpTests(LocalHostHttpTests.Host host) : IClassFixture<LocalHostHttpTests.Host>
{
    [Fact]
    public async Task Request_IsForwarded_WithRouteValuesQueryBodyHeaders_AndTheFunctionsStatusAndHeaders()
    {
        using var client = host.Process.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo/ada/42?colour=blue&status=201")
        {
            Content = new StringContent("hello body"),
        };
        request.Headers.Add("X-Test", "from-test");

        using var response = await client.SendAsync(request);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("ada", Assert.Single(response.Headers.GetValues("X-Echo-Name")));
        var body = echo.RootElement;
        Assert.Equal("ada", body.GetProperty("name").GetString()); // bound from trigger metadata
        Assert.Equal(42, body.GetProperty("id").GetInt32());
        Assert.Equal("ada", body.GetProperty("routeName").GetString()); // routed by the worker on the forwarded URL
        Assert.Equal("blue", body.GetProperty("query").GetProperty("colour").GetString());
        Assert.Equal("hello body", body.GetProperty("body").GetString());
        Assert.Equal("POST", body.GetProperty("method").GetString());
        Assert.Equal("from-test", body.GetProperty("header").GetString());
    }

    [Fact]
    public async Task FunctionThatThrows_Returns_TheAppsProblem500()
    {
        using var client = host.Process.CreateClient();

        using var response = await client.GetAsync(new Uri("api/throw", UriKind.Relative));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The function failed.", problem.RootElement.GetProperty("title").GetString());
        Assert.True(await host.Process.WaitForOutputAsync("Executed 'Functions.Throw' (Failed", TimeSpan.FromSeconds(10)), host.Process.Output);
    }

    [Theory]
    [InlineData("api/nothing-here")]
    [InlineData("api/echo/ada/not-a-number")] // the {id:int} constraint does not match
    [InlineData("health")] // outside the route prefix
    public async Task UnknownRoute_Returns404(string path)
    {
        using var client = host.Process.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public sealed class Host : IAsyncLifetime
    {
        public LocalHostProcess Process { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Process = await LocalHostProcess.StartAsync((await TestAppSettings.CreateAsync()).ToEnvironment(work: false));

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}
