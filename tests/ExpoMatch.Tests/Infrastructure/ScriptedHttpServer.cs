using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExpoMatch.Tests.Infrastructure;

/// <summary>A scripted reply for <see cref="ScriptedHttpServer"/>.</summary>
public sealed record ScriptedReply(int Status, string Body = "", string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>A request as the server saw it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A tiny real HTTP server on 127.0.0.1 and an OS-chosen port that answers from a script (the last reply repeats)
/// and records every request: for testing retry and authentication behaviour through the real transport.
/// </summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _script;
    private readonly ScriptedReply _last;

    private ScriptedHttpServer(WebApplication app, IEnumerable<ScriptedReply> replies)
    {
        _app = app;
        var list = replies.ToList();
        _last = list[^1];
        _script = new ConcurrentQueue<ScriptedReply>(list);
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<ScriptedHttpServer> StartAsync(params ScriptedReply[] replies)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedHttpServer(app, replies);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        var reply = _script.TryDequeue(out var next) ? next : _last;
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Body.Length > 0)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body);
        }
    }
}
