using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Sway.Api;

namespace Sway.Http;

/// <summary>How Core's host-independent answers (<see cref="Outcome{T}"/>, <see cref="Problem"/>) become typed HTTP results.</summary>
public static class OutcomeResults
{
    /// <summary>
    /// The problem as an RFC 9457 body: its type, title, status and detail, served as <c>application/problem+json</c>
    /// with that status.
    /// </summary>
    public static ProblemHttpResult ToHttpResult(this Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return TypedResults.Problem(detail: problem.Detail, statusCode: problem.Status, title: problem.Title, type: problem.Type);
    }

    /// <summary>200 with the value, or the problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOkOrProblem<T>(this Outcome<T> outcome)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.Problem.ToHttpResult();
    }
}
