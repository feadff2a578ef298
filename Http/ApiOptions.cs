using System.ComponentModel.DataAnnotations;

namespace Sway.Http;

/// <summary>
/// The <c>Api</c> settings of a host that checks the API key itself (the local host; the Functions host checks its own
/// function keys). Environment: <c>Api__Key</c>.
/// </summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The key that routes needing one (<see cref="SwayRoute.RequiresKey"/>) accept. Unset: they accept none and answer
    /// 401 to every call (<c>sway serve</c> generates a key when none is set).
    /// </summary>
    [MinLength(ApiKey.MinLength, ErrorMessage = "Api:Key must be at least 16 characters long (unset, sway serve generates one).")]
    public string? Key { get; set; }
}
