using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sway.Http;

/// <summary>
/// The local host's key check for routes that need the key (<see cref="SwayRoute.RequiresKey"/>), against the
/// <c>Api:Key</c> setting. It runs once routing has chosen the endpoint and before the endpoint binds anything, so
/// a call without a valid key gets the 401 problem whatever its body or route values, and its handler never runs.
/// (An endpoint filter would run only after binding: a malformed body would then answer 400 to a caller with no key.)
/// </summary>
internal sealed partial class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiOptions> options, ILogger<ApiKeyMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<SwayRoute>();
        if (route is not { RequiresKey: true } || ApiKey.Matches(options.Value.Key, ApiKey.PresentedBy(context.Request)))
        {
            return next(context);
        }

        LogRefused(logger, route.Name);
        return ApiKey.Refusal.ToHttpResult().ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a call to {Route}: it did not present the API key.")]
    private static partial void LogRefused(ILogger logger, string route);
}
