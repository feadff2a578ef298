using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Sway.Api;

namespace Sway.Functions;

/// <summary>Turns Core's host-independent <see cref="ApiResponse"/> into the result an HTTP trigger returns.</summary>
internal static class ApiResponseResults
{
    public static IActionResult ToActionResult(this ApiResponse response) => new ContentResult
    {
        Content = JsonSerializer.Serialize(response.Body, SwayJson.Options),
        ContentType = response.ContentType,
        StatusCode = response.StatusCode,
    };
}
