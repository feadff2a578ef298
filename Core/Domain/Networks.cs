using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Sway.Domain;

/// <summary>The networks Sway knows. Anything else is rejected before it reaches storage.</summary>
public static partial class Networks
{
    /// <summary>Accounts are <c>user@instance</c>: the instance is part of the identity (ids on one instance mean nothing on another).</summary>
    public static Network Mastodon { get; } = new("mastodon", "Mastodon", MastodonHandle(), MastodonAccount(), IsReplay: false) { IsLive = true };
    public static Network Bluesky { get; } = new("bluesky", "Bluesky", BlueskyHandle(), OpaqueId(), IsReplay: false) { IsLive = true };
    public static Network Twitter { get; } = new("twitter", "X / Twitter", TwitterHandle(), NumericId(), IsReplay: false) { IsLive = true };

    /// <summary>The SNAP Higgs Twitter dataset (July 2012): numeric ids double as handles.</summary>
    public static Network Higgs { get; } = new("higgs", "SNAP Higgs Twitter (replay)", NumericId(), NumericId(), IsReplay: true);

    /// <summary>The synthetic demo population.</summary>
    public static Network Demo { get; } = new("demo", "Sway demo network", DemoHandle(), DemoId(), IsReplay: false);

    public static IReadOnlyList<Network> All { get; } = [Mastodon, Bluesky, Twitter, Higgs, Demo];

    public static bool TryGet(string? name, [NotNullWhen(true)] out Network? network)
    {
        network = All.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
        return network is not null;
    }

    public static Network Get(string name) =>
        TryGet(name, out var network) ? network : throw new ArgumentException($"Unknown network '{name}'.", nameof(name));

    // user or user@instance.example
    [GeneratedRegex(@"^[a-z0-9_]{1,30}(@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+)?\z")]
    private static partial Regex MastodonHandle();

    // user@instance.example: a Mastodon account's stable identity
    [GeneratedRegex(@"^[a-z0-9_]{1,30}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+\z")]
    private static partial Regex MastodonAccount();

    // a domain name: alice.bsky.social
    [GeneratedRegex(@"^(?=.{3,253}\z)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+\z")]
    private static partial Regex BlueskyHandle();

    [GeneratedRegex(@"^[a-z0-9_]{1,15}\z")]
    private static partial Regex TwitterHandle();

    [GeneratedRegex(@"^[a-z0-9_]{1,30}\z")]
    private static partial Regex DemoHandle();

    [GeneratedRegex(@"^[0-9]{1,20}\z")]
    private static partial Regex NumericId();

    [GeneratedRegex(@"^d[0-9]{1,9}\z")]
    private static partial Regex DemoId();

    // ids from the networks' APIs (Mastodon snowflakes, Bluesky DIDs): printable, no key-breaking characters
    [GeneratedRegex(@"^[A-Za-z0-9:._-]{1,256}\z")]
    private static partial Regex OpaqueId();
}
