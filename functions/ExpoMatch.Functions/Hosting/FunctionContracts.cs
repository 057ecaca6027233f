namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// An HTTP function: a class with one <c>[Function]</c> method whose <c>[HttpTrigger]</c> holds the route and methods,
/// and these static members holding the minimal-API handler and its endpoint metadata (filters, OpenAPI). The
/// method hands the request to <see cref="HttpFunctionEndpoints"/>, which runs the handler as ASP.NET Core would.
/// </summary>
public interface IHttpFunction
{
    /// <summary>The minimal-API handler, e.g. a static method group returning TypedResults.</summary>
    static abstract Delegate Handler { get; }

    /// <summary>Adds endpoint metadata (OpenAPI, filters, produces...). The name is set already.</summary>
    static virtual void Configure(RouteHandlerBuilder endpoint)
    {
    }
}
