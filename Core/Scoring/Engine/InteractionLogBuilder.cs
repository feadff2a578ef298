using System.Runtime.InteropServices;
using Sway.Domain;

namespace Sway.Scoring.Engine;

/// <summary>
/// Builds an <see cref="InteractionLog"/> reaction by reaction: each <see cref="Add"/> numbers the reaction's two
/// accounts (an <see cref="AccountNumbering"/> lookup each) and its instant, and appends its columns. <see cref="AddRange"/>
/// hashes a large list's account ids in parallel first. A builder makes one log: <see cref="Build"/> groups the
/// reactions by target (a stable counting sort) and hands the columns over.
/// </summary>
public sealed class InteractionLogBuilder
{
    private const int ReactionsPerRange = 16_384;
    private readonly AccountNumbering _numbering;
    private int[] _actors;
    private int[] _targets;
    private InteractionType[] _types;
    private long[] _ticks;
    private int[] _instantOf;
    private readonly Dictionary<long, int> _instants = [];
    private long _lastTicks = long.MinValue;
    private int _lastInstant;
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
        _instantOf = new int[capacity];
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

    /// <summary>The log of the reactions added, grouped by target; the builder cannot be used after.</summary>
    public InteractionLog Build()
    {
        ThrowIfBuilt();
        _built = true;
        var m = Count;
        var n = _numbering.Count;

        // A counting sort by target that places the reactions from the last, so that each target keeps its reactions
        // in the order they were added and offsets[t] ends as the start of target t's.
        var offsets = new int[n + 1];
        foreach (var target in _targets.AsSpan(0, m))
        {
            offsets[target]++;
        }

        for (var t = 1; t < n; t++)
        {
            offsets[t] += offsets[t - 1];
        }

        offsets[n] = m;
        var actors = GC.AllocateUninitializedArray<int>(m);
        var targets = GC.AllocateUninitializedArray<int>(m);
        var types = GC.AllocateUninitializedArray<InteractionType>(m);
        var ticks = GC.AllocateUninitializedArray<long>(m);
        var instantOf = GC.AllocateUninitializedArray<int>(m);
        for (var i = m - 1; i >= 0; i--)
        {
            var target = _targets[i];
            var at = --offsets[target];
            actors[at] = _actors[i];
            targets[at] = target;
            types[at] = _types[i];
            ticks[at] = _ticks[i];
            instantOf[at] = _instantOf[i];
        }

        var instants = new long[_instants.Count];
        foreach (var (instantTicks, instant) in _instants)
        {
            instants[instant] = instantTicks;
        }

        _actors = _targets = _instantOf = [];
        _types = [];
        _ticks = [];
        _instants.Clear();
        return new InteractionLog(_numbering, offsets, actors, targets, types, ticks, instantOf, instants);
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
        var ticks = interaction.OccurredAt.UtcTicks;
        _ticks[i] = ticks;
        if (ticks != _lastTicks)
        {
            ref var instant = ref CollectionsMarshal.GetValueRefOrAddDefault(_instants, ticks, out var exists);
            if (!exists)
            {
                instant = _instants.Count - 1;
            }

            _lastTicks = ticks;
            _lastInstant = instant;
        }

        _instantOf[i] = _lastInstant;
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
            Array.Resize(ref _instantOf, capacity);
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
