using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Sway.Http;

/// <summary>
/// What the route table (<see cref="SwayRoute"/>) says about each operation of the OpenAPI document: its summary (the
/// table's, rather than the handler's XML documentation), and for routes that need the API key (<see cref="ApiKey"/>)
/// the <c>x-functions-key</c> security scheme and the 401 answer. The document declares the scheme once.
/// </summary>
internal sealed class SwayOpenApiTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKey.HeaderName,
            Description = $"The API key, for routes that require it. The ?{ApiKey.QueryName}= query parameter works too.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var route = context.Description.ActionDescriptor.EndpointMetadata.OfType<SwayRoute>().FirstOrDefault();
        if (route is null)
        {
            return;
        }

        operation.Summary = route.Summary;
        if (!route.RequiresKey)
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });

        operation.Responses ??= [];
        operation.Responses[StatusCodes.Status401Unauthorized.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
        {
            Description = ApiKey.Refusal.Title,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [Api.Problem.ContentType] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken) },
            },
        };
    }
}
