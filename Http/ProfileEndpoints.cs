using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sway.Linking;
using Sway.Privacy;

namespace Sway.Http;

/// <summary>
/// The handlers of the profile routes, shared by both hosts; all need the key: linking with proof of control
/// (<see cref="AccountLinking"/>) and erasure (<see cref="ProfileErasure"/>).
/// </summary>
public static class ProfileEndpoints
{
    /// <summary><c>POST /api/profiles</c>: 201 with the profile's id and the one-time code of its first account.</summary>
    public static async Task<Results<Created<LinkChallenge>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, [FromServices] AccountLinking linking, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, LinkRequest.MaxBodyBytes, cancellationToken);
        var outcome = await linking.CreateProfileAsync(body, cancellationToken);
        return outcome.Succeeded ? TypedResults.Created($"/api/profiles/{outcome.Value.ProfileId}", outcome.Value) : outcome.Problem.ToHttpResult();
    }

    /// <summary><c>GET /api/profiles/{id}</c>: the profile, its linked accounts and the links waiting for proof.</summary>
    public static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> GetAsync(
        string id, [FromServices] AccountLinking linking, CancellationToken cancellationToken) =>
        (await linking.GetAsync(id, cancellationToken)).ToOkOrProblem();

    /// <summary><c>DELETE /api/profiles/{id}</c>: erases everything about the profile; answers what was removed (again: zeros).</summary>
    public static async Task<Results<Ok<ErasureReport>, ProblemHttpResult>> EraseAsync(
        string id, [FromServices] ProfileErasure erasure, CancellationToken cancellationToken) =>
        (await erasure.EraseAsync(id, cancellationToken)).ToOkOrProblem();

    /// <summary><c>POST /api/profiles/{id}/accounts</c>: 202 with the one-time code of the account to link.</summary>
    public static async Task<Results<Accepted<LinkChallenge>, ProblemHttpResult>> LinkAsync(
        string id, HttpRequest request, [FromServices] AccountLinking linking, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, LinkRequest.MaxBodyBytes, cancellationToken);
        var outcome = await linking.AddAccountAsync(id, body, cancellationToken);
        return outcome.Succeeded ? TypedResults.Accepted(outcome.Value.VerifyAt, outcome.Value) : outcome.Problem.ToHttpResult();
    }

    /// <summary><c>POST /api/profiles/{id}/accounts/{network}/{handle}/verify</c>: looks for the code; 200 once the account is linked.</summary>
    public static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> VerifyAsync(
        string id, string network, string handle, [FromServices] AccountLinking linking, CancellationToken cancellationToken) =>
        (await linking.VerifyAsync(id, network, handle, cancellationToken)).ToOkOrProblem();

    /// <summary><c>DELETE /api/profiles/{id}/accounts/{network}/{handle}</c>: unlinks the account and removes its data.</summary>
    public static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> UnlinkAsync(
        string id, string network, string handle, [FromServices] AccountLinking linking, CancellationToken cancellationToken) =>
        (await linking.UnlinkAsync(id, network, handle, cancellationToken)).ToOkOrProblem();
}
