using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Sway.Http;
using Sway.Linking;
using Sway.Privacy;

namespace Sway.Functions;

/// <summary>
/// The profile routes (<see cref="ProfileEndpoints"/>): linking with proof of control, and erasure. One trigger per row
/// of <see cref="SwayRoutes"/>; <c>AuthorizationLevel.Function</c>, as the local host checks <c>Api:Key</c>.
/// </summary>
public sealed class ManageProfiles(AccountLinking linking, ProfileErasure erasure)
{
    [Function("CreateProfile")]
    public async Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "profiles")] HttpRequest req) =>
        await ProfileEndpoints.CreateAsync(req, linking, req.HttpContext.RequestAborted);

    [Function("GetProfile")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "profiles/{id}")] HttpRequest req,
        string id) =>
        await ProfileEndpoints.GetAsync(id, linking, req.HttpContext.RequestAborted);

    [Function("EraseProfile")]
    public async Task<IResult> EraseAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "profiles/{id}")] HttpRequest req,
        string id) =>
        await ProfileEndpoints.EraseAsync(id, erasure, req.HttpContext.RequestAborted);

    [Function("LinkAccount")]
    public async Task<IResult> LinkAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "profiles/{id}/accounts")] HttpRequest req,
        string id) =>
        await ProfileEndpoints.LinkAsync(id, req, linking, req.HttpContext.RequestAborted);

    [Function("VerifyAccount")]
    public async Task<IResult> VerifyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "profiles/{id}/accounts/{network}/{handle}/verify")] HttpRequest req,
        string id,
        string network,
        string handle) =>
        await ProfileEndpoints.VerifyAsync(id, network, handle, linking, req.HttpContext.RequestAborted);

    [Function("UnlinkAccount")]
    public async Task<IResult> UnlinkAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "profiles/{id}/accounts/{network}/{handle}")] HttpRequest req,
        string id,
        string network,
        string handle) =>
        await ProfileEndpoints.UnlinkAsync(id, network, handle, linking, req.HttpContext.RequestAborted);
}
