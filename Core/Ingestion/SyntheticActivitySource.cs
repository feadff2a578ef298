using System.Globalization;
using Microsoft.Extensions.Options;
using Sway.Domain;

namespace Sway.Ingestion;

/// <summary>
/// The demo's activity: a <see cref="SyntheticPopulation"/> reacting to itself in real time. Event <c>i</c> happens at
/// <c>anchor + i / rate</c> and is drawn from a generator seeded with (seed, i), so any cursor can be re-read and gives
/// the same events. The first read anchors the stream <see cref="DemoSourceOptions.BackfillDays"/> in the past, so
/// the first pull already finds a history; later pulls find what "happened" since.
/// Mix of reactions: likes 55 %, reposts 20 %, replies 12 %, mentions 9 %, quotes 4 %; 8 % of events are bots at work.
/// </summary>
public sealed class SyntheticActivitySource : IActivitySource
{
    private const double BotShare = 0.08;
    private readonly SyntheticPopulation _population;
    private readonly DemoSourceOptions _options;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _interval;

    public SyntheticActivitySource(IOptions<IngestionOptions> options, TimeProvider clock)
    {
        _options = options.Value.Demo;
        _clock = clock;
        _population = new SyntheticPopulation(_options.Seed, _options.Accounts);
        _interval = TimeSpan.FromMinutes(1) / _options.ReactionsPerMinute;
    }

    public string Name => "demo";

    public Network Network => Networks.Demo;

    public ProfileEnrollment Enrollment => ProfileEnrollment.EveryReceiver;

    public SyntheticPopulation Population => _population;

    public Task<ActivityBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        // The anchor is kept in whole seconds, the cursor's precision, so that a resumed stream is the same stream.
        var (anchor, next) = cursor is null
            ? (DateTimeOffset.FromUnixTimeSeconds((now - TimeSpan.FromDays(_options.BackfillDays)).ToUnixTimeSeconds()), 0L)
            : ParseCursor(cursor);
        var due = (long)Math.Floor((now - anchor) / _interval);
        var end = Math.Min(due, next + maxEvents);
        var events = new List<Interaction>((int)Math.Max(0, end - next));
        for (var i = next; i < end; i++)
        {
            events.Add(EventAt(anchor, i));
        }

        var nextCursor = FormattableString.Invariant($"{anchor.ToUnixTimeSeconds()}:{Math.Max(next, end)}");
        return Task.FromResult(new ActivityBatch(events, nextCursor, Exhausted: end >= due));
    }

    /// <summary>A live stream: it has no end.</summary>
    public Task<DatasetExtent?> MeasureAsync(CancellationToken cancellationToken) => Task.FromResult<DatasetExtent?>(null);

    public LinkedAccount Describe(string accountId)
    {
        var index = SyntheticPopulation.IndexOf(accountId);
        if (index < 0 || index >= _population.Count)
        {
            throw new ArgumentException($"'{accountId}' is not an account of the demo population.", nameof(accountId));
        }

        return new LinkedAccount(Network.Name, accountId, _population.HandleOf(index));
    }

    /// <summary>The i-th event of the stream anchored at <paramref name="anchor"/>.</summary>
    public Interaction EventAt(DateTimeOffset anchor, long i)
    {
        var random = new SplitMix((_options.Seed * 1_000_003L) ^ (i * 0x5851F42D4C957F2DL));
        var at = anchor + (_interval * i);
        int actor, target;
        InteractionType type;
        if (random.NextDouble() < BotShare)
        {
            actor = _population.RandomBot(ref random);
            target = _population.BotTarget(actor);
            type = random.NextDouble() < 0.5 ? InteractionType.Like : InteractionType.Mention;
        }
        else
        {
            actor = _population.RandomHuman(ref random);
            target = _population.PopularAccount(ref random);
            if (target == actor)
            {
                target = _population.PopularAccount(ref random);
            }

            type = random.NextDouble() switch
            {
                < 0.55 => InteractionType.Like,
                < 0.75 => InteractionType.Repost,
                < 0.87 => InteractionType.Reply,
                < 0.96 => InteractionType.Mention,
                _ => InteractionType.Quote,
            };
        }

        // A target posts a few times per six hours; reactions land on one of those posts.
        var slot = (long)((at - anchor).TotalHours / 6);
        var postId = type == InteractionType.Mention
            ? null
            : FormattableString.Invariant($"{SyntheticPopulation.AccountId(target)}-{slot}-{random.Next() % 3}");
        return new Interaction(
            FormattableString.Invariant($"demo-{_options.Seed}-{anchor.ToUnixTimeSeconds()}-{i}"),
            Network.Name,
            SyntheticPopulation.AccountId(actor),
            SyntheticPopulation.AccountId(target),
            type,
            postId,
            at);
    }

    private static (DateTimeOffset Anchor, long Next) ParseCursor(string cursor)
    {
        var parts = cursor.Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var anchor)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var next))
        {
            throw new FormatException($"'{cursor}' is not a demo cursor (anchorUnixSeconds:nextIndex).");
        }

        return (DateTimeOffset.FromUnixTimeSeconds(anchor), next);
    }
}
