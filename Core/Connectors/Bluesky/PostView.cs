using System.Globalization;

namespace Sway.Connectors.Bluesky;

/// <summary>
/// A post as the AppView shows it (<c>app.bsky.feed.defs#postView</c>): its <c>at://</c> URI, author, record
/// (<c>app.bsky.feed.post</c>: text and author-given time) and when the AppView indexed it.
/// </summary>
internal sealed record PostView(string Uri, ActorView Author, PostRecord Record, string? IndexedAt = null)
{
    /// <summary>When the post was made: its record's <c>createdAt</c>, else when it was indexed, else <paramref name="fallback"/>.</summary>
    public DateTimeOffset TimeOr(DateTimeOffset fallback) =>
        Parse(Record.CreatedAt) ?? Parse(IndexedAt) ?? fallback;

    internal static DateTimeOffset? Parse(string? at) =>
        DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
}

/// <summary>The fields Sway reads of an <c>app.bsky.feed.post</c> record. The time is kept as text: authors' clocks write odd ones.</summary>
internal sealed record PostRecord(string? CreatedAt = null, string? Text = null);
