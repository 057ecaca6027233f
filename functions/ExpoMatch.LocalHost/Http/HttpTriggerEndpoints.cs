using ExpoMatch.LocalHost.Worker;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;

namespace ExpoMatch.LocalHost.Http;

/// <summary>
/// One ASP.NET Core endpoint per HTTP-triggered function: `{routePrefix}/{route ?? function name}` with the binding's
/// methods (all methods when it names none), filled in once the worker has indexed its functions.
/// </summary>
public sealed class HttpTriggerEndpoints(HttpForwarder forwarder) : EndpointDataSource
{
    private List<Endpoint> _endpoints = [];
    private CancellationTokenSource _changed = new();

    public override IReadOnlyList<Endpoint> Endpoints => _endpoints;

    public override IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    public IReadOnlyList<(FunctionDescriptor Function, string Route, IReadOnlyList<string> Methods)> Routes { get; private set; } = [];

    public void Publish(IReadOnlyList<FunctionDescriptor> functions, string routePrefix)
    {
        var endpoints = new List<Endpoint>();
        var routes = new List<(FunctionDescriptor, string, IReadOnlyList<string>)>();
        foreach (var function in functions.Where(f => string.Equals(f.TriggerType, "httpTrigger", StringComparison.OrdinalIgnoreCase)))
        {
            var route = (routePrefix.Length > 0 ? routePrefix + "/" : string.Empty) + (function.TriggerString("route") ?? function.Name);
            var methods = function.TriggerStrings("methods").Select(m => m.ToUpperInvariant()).ToList();
            var builder = new RouteEndpointBuilder(context => forwarder.ForwardAsync(context, function), RoutePatternFactory.Parse(route), endpoints.Count)
            {
                DisplayName = function.Name,
            };
            if (methods.Count > 0)
            {
                builder.Metadata.Add(new HttpMethodMetadata(methods));
            }

            endpoints.Add(builder.Build());
            routes.Add((function, route, methods));
        }

        _endpoints = endpoints;
        Routes = routes;
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }
}
