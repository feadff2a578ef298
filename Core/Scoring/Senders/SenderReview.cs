using System.Globalization;

namespace Sway.Scoring.Senders;

/// <summary>
/// Applies <see cref="SenderRules"/> to what one reactor sent and received: the single place where a model decides
/// that an account behaves like a bot or a ring member. Both the pipeline (from stored reactions) and the in-memory
/// engine (from a whole population) call it, with accounts keyed as each finds convenient.
/// </summary>
public static class SenderReview
{
    /// <param name="rules">The model's rules.</param>
    /// <param name="sent">The reactor's reactions in the model's window: target and time (UTC ticks), sorted by time.</param>
    /// <param name="receivedFrom">How many reactions the reactor received in the window, per account that sent them.</param>
    public static SenderVerdict Assess<TKey>(SenderRules rules, ReadOnlySpan<(TKey Target, long Ticks)> sent, IReadOnlyDictionary<TKey, int> receivedFrom)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(receivedFrom);
        if (rules.IsNone || sent.Length == 0)
        {
            return SenderVerdict.Trusted;
        }

        var sending = AssessSending(rules, sent);
        var ring = AssessRing(rules, sent, receivedFrom);
        return ring.Trust < sending.Trust ? ring : sending;
    }

    /// <summary>The burst and spray rules alone: what the reactor sent, whoever reacted to it.</summary>
    public static SenderVerdict AssessSending<TKey>(SenderRules rules, ReadOnlySpan<(TKey Target, long Ticks)> sent)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.IsNone || sent.Length == 0)
        {
            return SenderVerdict.Trusted;
        }

        var burst = MostDistinctTargets(sent, rules.BurstWindow.Ticks);
        var verdict = Lower(SenderVerdict.Trusted, Ramp(burst, rules.BurstFrom, rules.BurstTo), $"reacted to {burst} accounts within {Describe(rules.BurstWindow)}");
        var spray = burst >= rules.SprayTo ? burst : MostDistinctTargets(sent, TimeSpan.TicksPerDay);
        return Lower(verdict, Ramp(spray, rules.SprayFrom, rules.SprayTo), $"reacted to {spray} accounts within a day");
    }

    /// <summary>The ring rule alone.</summary>
    public static SenderVerdict AssessRing<TKey>(SenderRules rules, ReadOnlySpan<(TKey Target, long Ticks)> sent, IReadOnlyDictionary<TKey, int> receivedFrom)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(receivedFrom);
        return rules.IsNone || sent.Length == 0 || receivedFrom.Count < rules.RingPartners
            ? SenderVerdict.Trusted
            : Lower(SenderVerdict.Trusted, Ring(rules, sent, receivedFrom, out var why), why);
    }

    private static double Ring<TKey>(SenderRules rules, ReadOnlySpan<(TKey Target, long Ticks)> sent, IReadOnlyDictionary<TKey, int> receivedFrom, out string why)
        where TKey : notnull
    {
        why = string.Empty;
        var partners = new HashSet<TKey>();
        var toPartners = 0;
        foreach (var (target, _) in sent)
        {
            if (receivedFrom.ContainsKey(target))
            {
                partners.Add(target);
                toPartners++;
            }
        }

        if (partners.Count < rules.RingPartners || toPartners < rules.RingSentShare * sent.Length)
        {
            return 1;
        }

        var received = 0;
        var fromPartners = 0;
        foreach (var (account, count) in receivedFrom)
        {
            received += count;
            fromPartners += partners.Contains(account) ? count : 0;
        }

        var share = (double)fromPartners / received;
        why = string.Create(CultureInfo.InvariantCulture, $"reacts mostly within a closed group of {partners.Count + 1} accounts ({share:P0} of its reactions come from them)");
        return 1 - Math.Clamp((share - rules.RingReceivedFrom) / (rules.RingReceivedTo - rules.RingReceivedFrom), 0, 1);
    }

    /// <summary>The most distinct targets within any span of <paramref name="window"/> ticks (a sliding window over the sorted reactions).</summary>
    internal static int MostDistinctTargets<TKey>(ReadOnlySpan<(TKey Target, long Ticks)> sent, long window)
        where TKey : notnull
    {
        var inWindow = new Dictionary<TKey, int>();
        var most = 0;
        var first = 0;
        for (var i = 0; i < sent.Length; i++)
        {
            var (target, ticks) = sent[i];
            inWindow[target] = inWindow.GetValueOrDefault(target) + 1;
            while (sent[first].Ticks <= ticks - window)
            {
                var leaving = sent[first++].Target;
                if (--inWindow[leaving] == 0)
                {
                    inWindow.Remove(leaving);
                }
            }

            most = Math.Max(most, inWindow.Count);
        }

        return most;
    }

    private static double Ramp(int figure, int from, int to) =>
        figure <= from ? 1 : figure >= to ? 0 : 1 - ((double)(figure - from) / (to - from));

    private static SenderVerdict Lower(SenderVerdict verdict, double trust, string reason) =>
        trust < verdict.Trust ? new SenderVerdict(trust, reason) : verdict;

    private static string Describe(TimeSpan window) =>
        window == TimeSpan.FromHours(1) ? "an hour" : window.ToString("c", CultureInfo.InvariantCulture);
}
