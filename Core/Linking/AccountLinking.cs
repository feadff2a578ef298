using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Api;
using Sway.Connectors;
using Sway.Domain;
using Sway.Privacy;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Linking;

/// <summary>
/// How a person enters Sway, and leaves an account behind: only accounts they prove they control are linked.
/// <list type="bullet">
/// <item><c>POST /api/profiles</c> creates a pro or personal profile from one account, <c>POST /api/profiles/{id}/accounts</c>
/// asks to link another: each answers a one-time code (<see cref="ProofCode"/>) for the account's bio, profile fields
/// or a post.</item>
/// <item><c>POST /api/profiles/{id}/accounts/{network}/{handle}/verify</c> looks for the code through the network's
/// public API (<see cref="IAccountReader.LookUpAsync"/>): found, the link is active (the account is indexed, pulled and
/// scored from then on) and the code is spent; not found, one of its <see cref="LinkingOptions.MaxChecks"/> checks is.
/// A wrong, expired, spent or reused code is refused.</item>
/// <item><c>DELETE /api/profiles/{id}/accounts/{network}/{handle}</c> unlinks: the account's data goes
/// (<see cref="AccountDataPurge"/>) and the profile is scored again without it.</item>
/// </list>
/// </summary>
public sealed partial class AccountLinking(
    IEnumerable<IAccountReader> readers,
    ProfileStore profiles,
    LinkStore links,
    ScoreStore scores,
    TombstoneStore tombstones,
    AccountDataPurge purge,
    ScoreRequestQueue scoreRequests,
    IOptions<LinkingOptions> options,
    TimeProvider clock,
    ILogger<AccountLinking> logger)
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private readonly LinkingOptions _options = options.Value;

    /// <summary><c>POST /api/profiles</c>: a new profile, with the challenge of its first account.</summary>
    public async Task<Outcome<LinkChallenge>> CreateProfileAsync(string? body, CancellationToken cancellationToken)
    {
        if (!LinkRequest.TryParse(body, withKind: true, out var request, out var problem))
        {
            return problem;
        }

        return await GuardAsync<LinkChallenge>(async ct =>
        {
            var found = await LookUpAsync(request, ct);
            if (!found.Succeeded)
            {
                return found.Problem;
            }

            if (await LinkedElsewhereAsync(found.Value, null, ct) is { } taken)
            {
                return taken;
            }

            var profile = new Profile("p" + RandomNumberGenerator.GetString(IdAlphabet, 15), [], ProfileOrigin.Linked, clock.GetUtcNow()) { Kind = request.Kind };
            await profiles.SaveAsync([profile], ct);
            return await IssueAsync(profile.Id, found.Value, ct);
        }, cancellationToken);
    }

    /// <summary><c>POST /api/profiles/{id}/accounts</c>: the challenge of one more account.</summary>
    public async Task<Outcome<LinkChallenge>> AddAccountAsync(string? profileId, string? body, CancellationToken cancellationToken)
    {
        if (BadId(profileId) is { } badId)
        {
            return badId;
        }

        if (!LinkRequest.TryParse(body, withKind: false, out var request, out var problem))
        {
            return problem;
        }

        return await GuardAsync<LinkChallenge>(async ct =>
        {
            var profile = await profiles.GetAsync(profileId!, ct);
            if (profile is null)
            {
                return NoProfile(profileId!);
            }

            if (profile.Accounts.Any(a => a.Network == request.Network.Name && a.Handle == request.Handle))
            {
                return Problem.Conflict($"The {request.Network.DisplayName} account '{request.Handle}' is already linked to this profile.");
            }

            var found = await LookUpAsync(request, ct);
            if (!found.Succeeded)
            {
                return found.Problem;
            }

            return await LinkedElsewhereAsync(found.Value, profile.Id, ct) is { } taken ? taken : await IssueAsync(profile.Id, found.Value, ct);
        }, cancellationToken);
    }

    /// <summary><c>POST /api/profiles/{id}/accounts/{network}/{handle}/verify</c>: looks for the code; links the account when found.</summary>
    public async Task<Outcome<ProfileView>> VerifyAsync(string? profileId, string? networkName, string? rawHandle, CancellationToken cancellationToken)
    {
        if (BadId(profileId) is { } badId)
        {
            return badId;
        }

        if (!TryAccount(networkName, rawHandle, out var network, out var handle, out var problem))
        {
            return problem!;
        }

        return await GuardAsync<ProfileView>(async ct =>
        {
            var profile = await profiles.GetAsync(profileId!, ct);
            if (profile is null)
            {
                return NoProfile(profileId!);
            }

            var pendings = await links.ListAsync(profile.Id, ct);
            var match = pendings.FirstOrDefault(p => p.Link.Network == network.Name && p.Link.Handle == handle);
            if (match.Link is not { } pending)
            {
                return profile.Accounts.Any(a => a.Network == network.Name && a.Handle == handle)
                    ? Problem.Conflict($"The {network.DisplayName} account '{handle}' is already linked; its code was used and cannot be used again.")
                    : Problem.NotFound($"No link of the {network.DisplayName} account '{handle}' is waiting for its proof on profile '{profile.Id}'. Ask for one with POST /api/profiles/{profile.Id}/accounts.");
            }

            var now = clock.GetUtcNow();
            if (now >= pending.ExpiresAt)
            {
                return Problem.BadRequest($"The code for '{handle}' expired at {pending.ExpiresAt:u}. Ask for a new one with POST /api/profiles/{profile.Id}/accounts.");
            }

            if (pending.ChecksLeft <= 0)
            {
                return Problem.BadRequest($"The code for '{handle}' has used its {_options.MaxChecks} checks. Ask for a new one with POST /api/profiles/{profile.Id}/accounts.");
            }

            if (!await links.TryReplaceAsync(pending with { ChecksLeft = pending.ChecksLeft - 1 }, match.Version, ct))
            {
                return Problem.Conflict($"The link of '{handle}' was checked or changed at the same moment; try again.");
            }

            var found = await LookUpAsync(new LinkRequest(network, handle, null), ct);
            if (!found.Succeeded)
            {
                return found.Problem;
            }

            if (found.Value.AccountId != pending.AccountId)
            {
                return Problem.Conflict($"'{handle}' names a different {network.DisplayName} account than when the link was asked for. Ask for a new code.");
            }

            if (!ProofCode.AppearsIn(pending.CodeHash, found.Value.Texts))
            {
                LogNotFound(logger, network.Name, pending.ChecksLeft - 1);
                return Problem.BadRequest(
                    $"The code was not found in the bio, profile fields or latest posts of '{handle}'. {pending.ChecksLeft - 1} checks left, until {pending.ExpiresAt:u}.");
            }

            if (await LinkedElsewhereAsync(found.Value, profile.Id, ct) is { } taken)
            {
                return taken;
            }

            var account = found.Value.ToLinkedAccount();
            await tombstones.RemoveAsync(account.Network, account.AccountId, ct); // the person opts in again, with proof
            var linked = profile with { Accounts = [.. profile.Accounts, account] };
            await profiles.ReplaceAsync(linked, [], ct);
            await links.DeleteAsync(pending, ct);
            await scoreRequests.EnqueueAsync([profile.Id], ScoreRequestReason.Activity, ct);
            LogLinked(logger, network.Name, profile.Id);
            return ProfileView.Of(linked, pendings.Select(p => p.Link).Where(p => p != pending));
        }, cancellationToken);
    }

    /// <summary><c>DELETE /api/profiles/{id}/accounts/{network}/{handle}</c>: the account is no longer linked, and its data goes.</summary>
    public async Task<Outcome<ProfileView>> UnlinkAsync(string? profileId, string? networkName, string? rawHandle, CancellationToken cancellationToken)
    {
        if (BadId(profileId) is { } badId)
        {
            return badId;
        }

        if (!TryAccount(networkName, rawHandle, out var network, out var handle, out var problem))
        {
            return problem!;
        }

        return await GuardAsync<ProfileView>(async ct =>
        {
            var profile = await profiles.GetAsync(profileId!, ct);
            if (profile is null)
            {
                return NoProfile(profileId!);
            }

            var pendings = (await links.ListAsync(profile.Id, ct)).Select(p => p.Link).ToList();
            var account = profile.Accounts.FirstOrDefault(a => a.Network == network.Name && a.Handle == handle);
            var pending = pendings.FirstOrDefault(p => p.Network == network.Name && p.Handle == handle);
            if (account is null && pending is null)
            {
                return Problem.NotFound($"Profile '{profile.Id}' links no {network.DisplayName} account '{handle}'.");
            }

            if (pending is not null)
            {
                await links.DeleteAsync(pending, ct);
                pendings.Remove(pending);
            }

            if (account is null)
            {
                return ProfileView.Of(profile, pendings);
            }

            var remaining = profile with { Accounts = [.. profile.Accounts.Where(a => a != account)] };
            await profiles.ReplaceAsync(remaining, [account], ct);
            await purge.PurgeAsync(account, ct);
            if (remaining.Accounts.Count == 0)
            {
                await scores.DeleteAllAsync(profile.Id, ct);
            }
            else
            {
                await scoreRequests.EnqueueAsync([profile.Id], ScoreRequestReason.Activity, ct);
            }

            LogUnlinked(logger, network.Name, profile.Id);
            return ProfileView.Of(remaining, pendings);
        }, cancellationToken);
    }

    /// <summary><c>GET /api/profiles/{id}</c>: the profile, its accounts and its pending links.</summary>
    public async Task<Outcome<ProfileView>> GetAsync(string? profileId, CancellationToken cancellationToken)
    {
        if (BadId(profileId) is { } badId)
        {
            return badId;
        }

        return await GuardAsync<ProfileView>(async ct =>
        {
            var profile = await profiles.GetAsync(profileId!, ct);
            return profile is null ? NoProfile(profileId!) : ProfileView.Of(profile, (await links.ListAsync(profile.Id, ct)).Select(p => p.Link));
        }, cancellationToken);
    }

    private async Task<LinkChallenge> IssueAsync(string profileId, PublicAccount account, CancellationToken cancellationToken)
    {
        var code = ProofCode.New();
        var now = clock.GetUtcNow();
        var link = new PendingLink(profileId, account.Network, account.AccountId, account.Handle, ProofCode.Hash(code), now, now + _options.CodeLifetime, _options.MaxChecks);
        await links.SaveAsync(link, cancellationToken);
        var verifyAt = $"/api/profiles/{profileId}/accounts/{account.Network}/{account.Handle}/verify";
        return new LinkChallenge(
            profileId,
            account.Network,
            account.Handle,
            code,
            link.ExpiresAt,
            link.ChecksLeft,
            verifyAt,
            $"Put {code} in the bio, a profile field or a public post of {account.Handle}, then POST {verifyAt}. You may remove it once the link is active.");
    }

    private async Task<Outcome<PublicAccount>> LookUpAsync(LinkRequest request, CancellationToken cancellationToken)
    {
        var reader = readers.FirstOrDefault(r => r.Network == request.Network && r.Serves(request.Handle));
        if (reader is null)
        {
            return Problem.BadRequest($"This Sway does not read {request.Network.DisplayName} for '{request.Handle}': no connector for it is enabled in its settings.");
        }

        try
        {
            var account = await reader.LookUpAsync(request.Handle, cancellationToken);
            return account is null
                ? Problem.NotFound($"{request.Network.DisplayName} has no account '{request.Handle}'.")
                : account;
        }
        catch (Exception ex) when (ex is HttpRequestException or RateLimitedException or ConnectorDataException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogNetworkFailed(logger, request.Network.Name, ex.Message);
            return Problem.Unavailable($"{request.Network.DisplayName} did not answer Sway's lookup of '{request.Handle}' ({ex.Message}). Nothing was changed; try again later.");
        }
    }

    private async Task<Problem?> LinkedElsewhereAsync(PublicAccount account, string? profileId, CancellationToken cancellationToken)
    {
        var owners = await profiles.FindByAccountsAsync(account.Network, [account.AccountId], cancellationToken);
        return owners.TryGetValue(account.AccountId, out var owner) && owner != profileId
            ? Problem.Conflict($"The {account.Network} account '{account.Handle}' is already linked to another profile. An account belongs to one profile at a time: unlink it there first.")
            : null;
    }

    private static bool TryAccount(string? networkName, string? rawHandle, out Network network, out string handle, out Problem? problem)
    {
        network = Networks.Demo;
        handle = "";
        if (!Networks.TryGet(networkName, out var found) || !found.IsLive)
        {
            problem = Problem.BadRequest($"'{Handle.Printable(networkName ?? "")}' is not a network people link accounts on ({string.Join(", ", Networks.All.Where(n => n.IsLive).Select(n => n.Name))}).");
            return false;
        }

        network = found;
        if (!Handle.TryNormalize(found, rawHandle, out var normalized, out var error))
        {
            problem = Problem.BadRequest(error);
            return false;
        }

        handle = normalized;
        problem = null;
        return true;
    }

    private static Problem? BadId(string? profileId) =>
        profileId is null || !ProfileId.IsValid(profileId)
            ? Problem.BadRequest($"'{Handle.Printable(profileId ?? "")}' is not a profile id (lower-case letters, digits and dashes, at most {ProfileId.MaxLength}).")
            : null;

    private static Problem NoProfile(string profileId) => Problem.NotFound($"There is no profile '{profileId}'.");

    private static async Task<Outcome<T>> GuardAsync<T>(Func<CancellationToken, Task<Outcome<T>>> work, CancellationToken cancellationToken)
        where T : notnull
    {
        try
        {
            return await work(cancellationToken);
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex, cancellationToken) || ex is StorageUnavailableException)
        {
            return Problem.Unavailable("Sway's storage is not answering right now; nothing stored is lost. Try again in a few seconds.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Linked a {Network} account to profile {ProfileId} after its proof of control")]
    private static partial void LogLinked(ILogger logger, string network, string profileId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unlinked a {Network} account from profile {ProfileId}; its data was removed")]
    private static partial void LogUnlinked(ILogger logger, string network, string profileId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Network} proof code was not found; {ChecksLeft} checks left")]
    private static partial void LogNotFound(ILogger logger, string network, int checksLeft);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Network} did not answer a lookup: {Reason}")]
    private static partial void LogNetworkFailed(ILogger logger, string network, string reason);
}
