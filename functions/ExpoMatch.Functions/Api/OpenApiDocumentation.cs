using ExpoMatch.Functions.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ExpoMatch.Functions.Api;

/// <summary>
/// Puts what the endpoint metadata knows into the OpenAPI document: the bearer scheme, each operation's security
/// requirement and who may call it (from its <see cref="AccessRule"/>), and the Idempotency-Key header.
/// </summary>
public static class OpenApiDocumentation
{
    public const string SchemeName = "Bearer";

    public static OpenApiOptions AddRegistrationDocumentation(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An organiser key (ExpoMatch:OrganiserKey or ExpoMatch:OrganiserKeys:n), or a participant's access " +
                              "token as answered once by registration.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<AccessRule>().FirstOrDefault() is { } rule)
            {
                var requirement = new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [],
                };
                operation.Security = rule.AllowsAnonymous ? [new OpenApiSecurityRequirement(), requirement] : [requirement];
                operation.Description = (operation.Description is null ? "" : operation.Description + "\n\n") +
                                        "Who may call: " + rule.Description;
            }

            if (metadata.OfType<IdempotencyFilter.IdempotentEndpoint>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyFilter.HeaderName,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Repeat the request with the same key and body to get the first answer again " +
                                  "(kept 24 h). Another body with the same key is a 422.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 100 },
                });
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
