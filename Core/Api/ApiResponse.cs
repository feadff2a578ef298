namespace Sway.Api;

/// <summary>
/// What an API call answers, independent of the host: a status and a JSON body, or a problem.
/// The Functions app and the local host each turn it into their own HTTP response.
/// </summary>
public sealed record ApiResponse(int StatusCode, object Body)
{
    public bool IsProblem => Body is Problem;

    public string ContentType => IsProblem ? Problem.ContentType : "application/json";

    public static ApiResponse Ok(object body) => new(200, body);

    public static ApiResponse From(Problem problem) => new(problem.Status, problem);
}
