using Sway.Domain;

namespace Sway.Connectors;

/// <summary>
/// How Sway reads one network's public API for the accounts people linked (Mastodon, Bluesky). A reader is stateless:
/// where it is in an account's activity travels in an opaque <em>position</em> that <see cref="ConnectorSource"/> stores
/// in the pull cursor only after what was read before it is stored, so a crash between two calls resumes with no gap,
/// and re-reading a position returns the same interactions with the same event ids (no duplicate).
/// </summary>
public interface IAccountReader
{
    Network Network { get; }

    /// <summary>
    /// The name of the source over this reader and the key of its stored cursor: the network's name, or for a Mastodon
    /// instance <c>mastodon@example.social</c>.
    /// </summary>
    string SourceName { get; }

    /// <summary>How far back each pass over an account re-reads its posts, for reactions that keep arriving on old posts.</summary>
    TimeSpan ReReadWindow { get; }

    /// <summary>Whether this reader reads the account with this stable id or handle (a Mastodon reader: the accounts of its instance).</summary>
    bool Serves(string accountIdOrHandle);

    /// <summary>
    /// The public account with this (normalised) handle, for linking: its stable id, current handle, figures and the
    /// texts in which its owner may have placed a proof code (bio, profile fields, recent posts). Null when the network
    /// has no such account. One or two requests.
    /// </summary>
    Task<PublicAccount?> LookUpAsync(string handle, CancellationToken cancellationToken);

    /// <summary>
    /// One step of a pass over a linked account: exactly one request to the network (so a rate limit or crash loses at
    /// most that request). <paramref name="position"/> null starts the pass; the answer's <see cref="AccountPage.Next"/>
    /// null ends it. Posts older than <paramref name="since"/> are not walked.
    /// Interactions name the linked account as target, the reactor's stable id as actor, and carry an event id and
    /// time that are the same whenever the same reaction is read again.
    /// </summary>
    /// <exception cref="ConnectorDataException">The network answered something that is not the API's shape.</exception>
    /// <exception cref="RateLimitedException">The network's limit would make this run wait longer than it may.</exception>
    Task<AccountPage> ReadAsync(LinkedAccount account, string? position, DateTimeOffset since, CancellationToken cancellationToken);
}
