using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExpoMatch.Tests.Infrastructure;

/// <summary>One HTTP exchange of a test, as the client saw it.</summary>
public sealed record RecordedResponse(string Method, string Path, int Status, string? MediaType, string Body);

/// <summary>
/// Checks every response a test client receives against the app's OpenAPI document (the body is buffered, so the test
/// still reads it); a violation fails the request, and so the test.
/// </summary>
public sealed class OpenApiCheckingHandler(Lazy<Task<JsonNode>> document) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var recorded = new RecordedResponse(
            request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken));
        var violations = OpenApiConformance.Violations(await document.Value, [recorded]);
        return violations.Count == 0
            ? response
            : throw new InvalidOperationException("The response contradicts the OpenAPI document: " + string.Join("; ", violations) + "\n" + recorded.Body);
    }
}

/// <summary>
/// Checks recorded responses against the app's OpenAPI document: the operation lists the status code, and a JSON body
/// matches the documented schema (types, required fields, recursively through $ref, properties and items).
/// </summary>
public static partial class OpenApiConformance
{
    public static List<string> Violations(JsonNode document, IEnumerable<RecordedResponse> responses)
    {
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Pattern: PathPattern(p.Key), Method: o.Key.ToUpperInvariant(), Operation: o.Value!, Path: p.Key)))
            .ToList();
        var violations = new List<string>();
        foreach (var response in responses)
        {
            var match = operations.Where(o => o.Method == response.Method && o.Pattern.IsMatch(response.Path))
                .OrderByDescending(o => o.Path.Count(c => c != '{')).FirstOrDefault();
            if (match.Operation is null)
            {
                continue; // no function has the route (the host's 404) or the document itself
            }

            var where = $"{response.Method} {match.Path} -> {response.Status}";
            var answers = match.Operation["responses"]!.AsObject();
            var documented = answers[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? answers["default"];
            if (documented is null)
            {
                violations.Add($"{where}: status not in the document ({string.Join(", ", answers.Select(a => a.Key))})");
                continue;
            }

            if (response.Body.Length == 0 || response.MediaType?.EndsWith("json", StringComparison.Ordinal) != true)
            {
                continue;
            }

            var schema = documented["content"]?.AsObject().Where(c => c.Key.EndsWith("json", StringComparison.Ordinal)).Select(c => c.Value?["schema"]).FirstOrDefault();
            if (schema is null)
            {
                violations.Add($"{where}: a JSON body, but the document describes none");
                continue;
            }

            Check(document, schema, JsonNode.Parse(response.Body), "$", violations, where);
        }

        return violations;
    }

    private static void Check(JsonNode document, JsonNode schema, JsonNode? value, string at, List<string> violations, string where)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            schema = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        }

        if ((schema["oneOf"] ?? schema["anyOf"]) is { } alternatives)
        {
            var any = alternatives.AsArray().Any(a =>
            {
                var found = new List<string>();
                Check(document, a!, value, at, found, where);
                return found.Count == 0;
            });
            if (!any)
            {
                violations.Add($"{where}: {at} matches none of the alternatives");
            }

            return;
        }

        var types = schema["type"] switch
        {
            JsonArray list => list.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };
        if (value is null)
        {
            if (types.Count > 0 && !types.Contains("null"))
            {
                violations.Add($"{where}: {at} is null, the document says {string.Join("|", types)}");
            }

            return;
        }

        var kind = value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.Object => "object",
            System.Text.Json.JsonValueKind.Array => "array",
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            _ => "boolean",
        };
        if (types.Count > 0 && !types.Contains(kind) && !(kind == "number" && types.Contains("integer"))
            && !(kind == "string" && (types.Contains("integer") || types.Contains("number")))) // .NET documents numbers that may come as strings
        {
            violations.Add($"{where}: {at} is {kind}, the document says {string.Join("|", types)}");
            return;
        }

        if (value is JsonObject obj)
        {
            foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
            {
                if (!obj.ContainsKey(required))
                {
                    violations.Add($"{where}: {at}.{required} is required by the document but absent");
                }
            }

            foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            {
                if (obj.TryGetPropertyValue(name, out var child))
                {
                    Check(document, property!, child, at + "." + name, violations, where);
                }
            }
        }
        else if (value is JsonArray array && schema["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(document, items, array[i], $"{at}[{i}]", violations, where);
            }
        }
    }

    private static Regex PathPattern(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+\}", "[^/]+") + "$", RegexOptions.CultureInvariant);
}
