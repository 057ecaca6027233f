using ExpoMatch.Functions.Api;

namespace ExpoMatch.Functions.Security;

/// <summary>Applies an endpoint's <see cref="AccessRule"/>: 401 without a valid credential, 403 without the right.</summary>
public static class AccessFilter
{
    private static readonly object CallerKey = new();

    public static RouteHandlerBuilder RequireAccess(this RouteHandlerBuilder builder, AccessRule rule)
    {
        builder.WithMetadata(rule);
        builder.ProducesProblem(StatusCodes.Status401Unauthorized);
        if (!rule.AllowsAnonymous)
        {
            builder.ProducesProblem(StatusCodes.Status403Forbidden);
        }

        return builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var resolver = http.RequestServices.GetRequiredService<CallerResolver>();
            var caller = await resolver.ResolveAsync(http, http.RequestAborted);
            if (caller is null || (caller is AnonymousCaller && !rule.AllowsAnonymous))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Problems.Unauthorized();
            }

            if (!rule.Allows(caller, http.Request.RouteValues))
            {
                return Problems.Forbidden();
            }

            http.Items[CallerKey] = caller;
            return await next(context);
        });
    }

    /// <summary>The caller the access filter accepted for this request.</summary>
    public static Caller GetCaller(this HttpContext http) =>
        http.Items.TryGetValue(CallerKey, out var caller) && caller is Caller c
            ? c
            : throw new InvalidOperationException("The endpoint has no access rule.");
}
