using System.Globalization;

namespace Sway.Ingestion;

/// <summary>
/// A deterministic, realistic population for the demo: audiences are heavy-tailed (Pareto popularity, so a few
/// accounts get most reactions), and a small share of accounts are bots — some repeat the same mention or like on a
/// handful of targets, others form a like-ring among themselves. The same seed always gives the same population.
/// </summary>
public sealed class SyntheticPopulation
{
    private static readonly string[] Adjectives =
    [
        "quiet", "bright", "lucky", "brave", "clever", "gentle", "swift", "witty", "calm", "bold",
        "eager", "merry", "noble", "proud", "sunny", "wise", "zesty", "keen", "jolly", "vivid",
    ];

    private static readonly string[] Animals =
    [
        "otter", "falcon", "lynx", "heron", "badger", "puffin", "marten", "ibis", "orca", "gecko",
        "bison", "crane", "ferret", "koala", "lemur", "raven", "tapir", "wren", "yak", "zebu",
    ];

    private readonly double[] _cumulativePopularity;
    private readonly int[] _humans;
    private readonly int[] _bots;
    private readonly int[] _botTargets;

    public SyntheticPopulation(int seed, int accounts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 10);
        Seed = seed;
        Count = accounts;
        var random = new SplitMix(seed);
        var botCount = Math.Max(3, accounts / 50);
        var isBot = new bool[accounts];
        foreach (var index in Enumerable.Range(0, accounts).OrderBy(_ => random.Next()).Take(botCount))
        {
            isBot[index] = true;
        }

        _bots = [.. Enumerable.Range(0, accounts).Where(i => isBot[i])];
        _humans = [.. Enumerable.Range(0, accounts).Where(i => !isBot[i])];

        // Pareto(α = 1.2) popularity for humans; bots attract almost nobody on their own.
        _cumulativePopularity = new double[accounts];
        var sum = 0.0;
        for (var i = 0; i < accounts; i++)
        {
            var popularity = isBot[i] ? 0.05 : Math.Pow(1 - random.NextDouble(), -1 / 1.2);
            sum += popularity;
            _cumulativePopularity[i] = sum;
        }

        // Half the bots spam a fixed human target, the other half like the next bot in a ring.
        _botTargets = new int[accounts];
        for (var b = 0; b < _bots.Length; b++)
        {
            _botTargets[_bots[b]] = b % 2 == 0
                ? _humans[(int)(random.Next() % (ulong)_humans.Length)]
                : _bots[(b + 2) % _bots.Length];
        }
    }

    public int Seed { get; }

    public int Count { get; }

    public IReadOnlyList<int> Bots => _bots;

    public static string AccountId(int index) => "d" + (index + 1).ToString(CultureInfo.InvariantCulture);

    public static int IndexOf(string accountId) =>
        accountId.Length > 1 && accountId[0] == 'd' && int.TryParse(accountId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n - 1
            : -1;

    public string HandleOf(int index)
    {
        var random = new SplitMix(((long)Seed << 32) ^ index);
        var mixed = (int)(random.Next() % (ulong)(Adjectives.Length * Animals.Length));
        return $"{Adjectives[mixed / Animals.Length]}_{Animals[mixed % Animals.Length]}{index + 1}";
    }

    public bool IsBot(int index) => Array.BinarySearch(_bots, index) >= 0;

    public int BotTarget(int bot) => _botTargets[bot];

    public int RandomHuman(ref SplitMix random) => _humans[(int)(random.Next() % (ulong)_humans.Length)];

    public int RandomBot(ref SplitMix random) => _bots[(int)(random.Next() % (ulong)_bots.Length)];

    /// <summary>An account drawn in proportion to its popularity: who receives a reaction.</summary>
    public int PopularAccount(ref SplitMix random)
    {
        var point = random.NextDouble() * _cumulativePopularity[^1];
        var index = Array.BinarySearch(_cumulativePopularity, point);
        return Math.Min(index < 0 ? ~index : index, Count - 1);
    }
}
