using Sway.Domain;

namespace Sway.Scoring.Engine;

/// <summary>
/// A population's reactions held column-wise and numbered once, when the population is loaded: per reaction its actor
/// and target as dense account numbers, its type and its UTC ticks, plus the table of accounts (number ↔
/// <see cref="AccountKey"/>). Building an <see cref="InteractionGraph"/> from a log reads these columns only and hashes
/// no string, so a population loaded once can be built under several models (a shadow comparison) cheaply.
/// </summary>
/// <remarks>
/// <para>
/// The log keeps every reaction it is given, including self-reactions, reactions of any date and of types a model
/// weighs 0: which reactions count is decided when a graph is built, in one place (<see cref="InteractionGraph.Build(InteractionLog, DateTimeOffset, ScoreModel)"/>).
/// </para>
/// <para>
/// Accounts are numbered in the order they first appear in what was added, a reaction's actor before its target,
/// whether or not that reaction will count. The reactions are held grouped by target, targets in account-number order
/// and each target's reactions in the order they were added (<see cref="ReactionsTo"/>), which is the order a graph
/// aggregates them in; the columns are indexed in that order. Each reaction's instant is also numbered (distinct
/// instants are far fewer than reactions), so that a build computes each decay once per instant.
/// </para>
/// <para>Create a log with <see cref="InteractionLogBuilder"/>, <see cref="From"/> or <see cref="FromAsync"/>.</para>
/// </remarks>
public sealed class InteractionLog
{
    private readonly AccountNumbering _numbering;

    internal InteractionLog(
        AccountNumbering numbering, int[] targetOffsets, int[] actors, int[] targets, InteractionType[] types, long[] ticks, int[] instantOf, long[] instants)
    {
        _numbering = numbering;
        TargetOffsets = targetOffsets;
        ActorArray = actors;
        TargetArray = targets;
        TypeArray = types;
        TickArray = ticks;
        InstantOf = instantOf;
        Instants = instants;
    }

    /// <summary>The reactions held.</summary>
    public int Count => ActorArray.Length;

    /// <summary>The accounts numbered: every account that is the actor or the target of a reaction in the log.</summary>
    public int AccountCount => _numbering.Count;

    /// <summary>The account number of each reaction's actor.</summary>
    public ReadOnlySpan<int> Actors => ActorArray;

    /// <summary>The account number of each reaction's target.</summary>
    public ReadOnlySpan<int> Targets => TargetArray;

    /// <summary>Each reaction's type.</summary>
    public ReadOnlySpan<InteractionType> Types => TypeArray;

    /// <summary>When each reaction occurred, in UTC ticks (<see cref="DateTimeOffset.UtcTicks"/>).</summary>
    public ReadOnlySpan<long> Ticks => TickArray;

    /// <summary>The reactions to account <c>t</c> are <c>TargetOffsets[t]..TargetOffsets[t + 1]</c> (length <see cref="AccountCount"/> + 1).</summary>
    internal int[] TargetOffsets { get; }

    internal int[] ActorArray { get; }

    internal int[] TargetArray { get; }

    internal InteractionType[] TypeArray { get; }

    internal long[] TickArray { get; }

    /// <summary>Per reaction, the number of its instant in <see cref="Instants"/>.</summary>
    internal int[] InstantOf { get; }

    /// <summary>The distinct instants (UTC ticks), in the order they first appear in what was added.</summary>
    internal long[] Instants { get; }

    /// <summary>The positions, in the columns, of the reactions <paramref name="account"/> received.</summary>
    public Range ReactionsTo(int account) => TargetOffsets[account]..TargetOffsets[account + 1];

    /// <summary>The account numbered <paramref name="number"/>.</summary>
    public AccountKey AccountAt(int number) => _numbering.Accounts[number];

    /// <summary>The number of an account, if the log names it.</summary>
    public bool TryGetNumber(string network, string accountId, out int number)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(accountId);
        return _numbering.TryFind(network, accountId, out number);
    }

    /// <summary>The log of <paramref name="interactions"/>, in their order.</summary>
    public static InteractionLog From(IEnumerable<Interaction> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var builder = new InteractionLogBuilder(interactions.TryGetNonEnumeratedCount(out var count) ? count : 0);
        builder.AddRange(interactions);
        return builder.Build();
    }

    /// <summary>The log of <paramref name="interactions"/> as they stream in (for example a replay file read line by line).</summary>
    public static async Task<InteractionLog> FromAsync(IAsyncEnumerable<Interaction> interactions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var builder = new InteractionLogBuilder();
        await foreach (var interaction in interactions.WithCancellation(cancellationToken))
        {
            builder.Add(interaction);
        }

        return builder.Build();
    }
}
