using Sway.Domain;

namespace Sway.Scoring.Engine;

/// <summary>
/// Builds an <see cref="InteractionLog"/> reaction by reaction: each <see cref="Add"/> numbers the reaction's two
/// accounts (an <see cref="AccountNumbering"/> lookup each) and appends its columns. <see cref="AddRange"/> hashes a
/// large list's account ids in parallel first. A builder makes one log: <see cref="Build"/> hands its columns over.
/// </summary>
public sealed class InteractionLogBuilder
{
    private const int ReactionsPerRange = 16_384;
    private readonly AccountNumbering _numbering;
    private int[] _actors;
    private int[] _targets;
    private InteractionType[] _types;
    private long[] _ticks;
    private string? _network;
    private int _networkHash;
    private bool _built;

    /// <param name="capacity">The reactions expected (the columns grow past it as needed).</param>
    public InteractionLogBuilder(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        capacity = Math.Max(capacity, 16);
        _numbering = new AccountNumbering(Math.Min(capacity, 1 << 20));
        _actors = new int[capacity];
        _targets = new int[capacity];
        _types = new InteractionType[capacity];
        _ticks = new long[capacity];
    }

    /// <summary>The reactions added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends one reaction, numbering its actor and target if they are new.</summary>
    public void Add(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var networkHash = NetworkHash(interaction.Network);
        Append(
            interaction,
            AccountNumbering.Hash(networkHash, interaction.ActorId),
            AccountNumbering.Hash(networkHash, interaction.TargetId));
    }

    /// <summary>Appends reactions in order; a large list's ids are hashed in parallel, then numbered in order.</summary>
    public void AddRange(IEnumerable<Interaction> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (interactions is not IReadOnlyList<Interaction> list || list.Count <= ReactionsPerRange)
        {
            foreach (var interaction in interactions)
            {
                Add(interaction);
            }

            return;
        }

        var m = list.Count;
        var actorHashes = new int[m];
        var targetHashes = new int[m];
        var ranges = (m + ReactionsPerRange - 1) / ReactionsPerRange;
        Parallel.For(0, ranges, r =>
        {
            string? network = null;
            var networkHash = 0;
            for (int i = r * ReactionsPerRange, end = Math.Min(m, i + ReactionsPerRange); i < end; i++)
            {
                var interaction = list[i] ?? throw new ArgumentException($"Interaction {i} is null.", nameof(interactions));
                if (!ReferenceEquals(interaction.Network, network))
                {
                    network = interaction.Network;
                    networkHash = string.GetHashCode(network, StringComparison.Ordinal);
                }

                actorHashes[i] = AccountNumbering.Hash(networkHash, interaction.ActorId);
                targetHashes[i] = AccountNumbering.Hash(networkHash, interaction.TargetId);
            }
        });

        Reserve(Count + m);
        for (var i = 0; i < m; i++)
        {
            Append(list[i], actorHashes[i], targetHashes[i]);
        }
    }

    /// <summary>The log of the reactions added; the builder cannot be used after.</summary>
    public InteractionLog Build()
    {
        ThrowIfBuilt();
        _built = true;
        var count = Count;
        Array.Resize(ref _actors, count);
        Array.Resize(ref _targets, count);
        Array.Resize(ref _types, count);
        Array.Resize(ref _ticks, count);
        return new InteractionLog(_numbering, _actors, _targets, _types, _ticks);
    }

    private void Append(Interaction interaction, int actorHash, int targetHash)
    {
        ThrowIfBuilt();
        if (Count == _actors.Length)
        {
            Reserve(Count * 2);
        }

        var i = Count++;
        _actors[i] = _numbering.NumberOf(interaction.Network, interaction.ActorId, actorHash);
        _targets[i] = _numbering.NumberOf(interaction.Network, interaction.TargetId, targetHash);
        _types[i] = interaction.Type;
        _ticks[i] = interaction.OccurredAt.UtcTicks;
    }

    private int NetworkHash(string network)
    {
        if (!ReferenceEquals(network, _network))
        {
            _network = network;
            _networkHash = string.GetHashCode(network, StringComparison.Ordinal);
        }

        return _networkHash;
    }

    private void Reserve(int capacity)
    {
        if (capacity > _actors.Length)
        {
            Array.Resize(ref _actors, capacity);
            Array.Resize(ref _targets, capacity);
            Array.Resize(ref _types, capacity);
            Array.Resize(ref _ticks, capacity);
        }
    }

    private void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("This builder has already built its log.");
        }
    }
}
