using System.Collections.Concurrent;
using Sway.Connectors;
using Sway.Domain;

namespace Sway.Tests.Linking;

/// <summary>
/// A network's public API in memory, the test seam behind linking and erasure tests: accounts with the texts their
/// owners control, and the reactions each account's pass finds (all in one page). The HTTP connectors have their own
/// loopback fakes; this one isolates what Sway does with the answers.
/// </summary>
internal sealed class FakeAccountReader(Network network) : IAccountReader
{
    private readonly ConcurrentDictionary<string, PublicAccount> _byHandle = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<Interaction>> _activity = new(StringComparer.Ordinal);

    public Network Network => network;

    public string SourceName => network.Name + "-fake";

    public TimeSpan ReReadWindow => TimeSpan.FromDays(7);

    public int LookUps { get; private set; }

    public bool Serves(string accountIdOrHandle) => true;

    public FakeAccountReader Add(string accountId, string handle, string bio = "")
    {
        _byHandle[handle] = new PublicAccount(network.Name, accountId, handle, new AudienceFigures(10, 5, 3), [bio]);
        return this;
    }

    /// <summary>The owner edits the bio (for example, pastes the code).</summary>
    public void SetBio(string handle, string bio) => _byHandle[handle] = _byHandle[handle] with { Texts = [bio] };

    /// <summary>A reaction the next pass over <paramref name="target"/> finds.</summary>
    public Interaction React(string actor, string target, InteractionType type, DateTimeOffset at, string? eventId = null)
    {
        var reaction = new Interaction(eventId ?? $"{type}:{actor}:{target}:{at.UtcTicks}", network.Name, actor, target, type, "post-1", at);
        _activity.GetOrAdd(target, _ => []).Add(reaction);
        return reaction;
    }

    public Task<PublicAccount?> LookUpAsync(string handle, CancellationToken cancellationToken)
    {
        LookUps++;
        return Task.FromResult(_byHandle.TryGetValue(handle, out var account) ? account : null);
    }

    public Task<AccountPage> ReadAsync(LinkedAccount account, string? position, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(new AccountPage(_activity.TryGetValue(account.AccountId, out var found) ? [.. found] : [], Next: null));
}
