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

    /// <summary>
    /// <see cref="Assess{TKey}"/> for accounts numbered 0 to <see cref="SenderTally.Capacity"/> − 1, counting in
    /// <paramref name="tally"/> instead of dictionaries (the in-memory engine reviews a whole population this way, one
    /// tally per worker). The verdict is the one <see cref="Assess{TKey}"/> gives for the same reactions.
    /// </summary>
    /// <param name="rules">The model's rules.</param>
    /// <param name="targets">The targets of the reactor's reactions in the model's window, in the order of <paramref name="ticks"/>.</param>
    /// <param name="ticks">Their times (UTC ticks), sorted.</param>
    /// <param name="receivedFrom">The sender of each reaction the reactor received in the window (an account once per reaction).</param>
    /// <param name="tally">Counters for the accounts, all 0 (left all 0).</param>
    public static SenderVerdict Assess(SenderRules rules, ReadOnlySpan<int> targets, ReadOnlySpan<long> ticks, ReadOnlySpan<int> receivedFrom, SenderTally tally)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentOutOfRangeException.ThrowIfNotEqual(ticks.Length, targets.Length);
        if (rules.IsNone || targets.Length == 0)
        {
            return SenderVerdict.Trusted;
        }

        var sending = Sending(rules, new NumberedSent(targets, ticks, tally));
        var ring = SenderVerdict.Trusted;
        var counts = tally.Counts;
        var distinct = 0;
        foreach (var account in receivedFrom)
        {
            distinct += counts[account]++ == 0 ? 1 : 0;
        }

        if (distinct >= rules.RingPartners)
        {
            var marks = tally.NextMarks(out var mark);
            var partners = 0;
            var toPartners = 0;
            foreach (var target in targets)
            {
                if (counts[target] > 0)
                {
                    partners += marks[target] == mark ? 0 : 1;
                    marks[target] = mark;
                    toPartners++;
                }
            }

            if (IsRing(rules, partners, toPartners, targets.Length))
            {
                var fromPartners = 0;
                foreach (var account in receivedFrom)
                {
                    fromPartners += marks[account] == mark ? 1 : 0;
                }

                ring = Lower(SenderVerdict.Trusted, RingTrust(rules, partners, receivedFrom.Length, fromPartners, out var why), why);
            }
        }

        foreach (var account in receivedFrom)
        {
            counts[account] = 0;
        }

        return ring.Trust < sending.Trust ? ring : sending;
    }

    /// <summary>The burst and spray rules alone: what the reactor sent, whoever reacted to it.</summary>
    public static SenderVerdict AssessSending<TKey>(SenderRules rules, ReadOnlySpan<(TKey Target, long Ticks)> sent)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.IsNone || sent.Length == 0 ? SenderVerdict.Trusted : Sending(rules, new KeyedSent<TKey>(sent));
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

    /// <summary>The burst and spray rules over the reactor's sorted reactions, however its accounts are keyed.</summary>
    private static SenderVerdict Sending<TSent>(SenderRules rules, TSent sent)
        where TSent : ISentReactions, allows ref struct
    {
        var burst = sent.MostDistinctTargets(rules.BurstWindow.Ticks);
        // The reasons are written only for a verdict that lowers the trust (most reviewed senders keep it).
        var burstTrust = Ramp(burst, rules.BurstFrom, rules.BurstTo);
        var verdict = burstTrust < 1 ? new SenderVerdict(burstTrust, $"reacted to {burst} accounts within {Describe(rules.BurstWindow)}") : SenderVerdict.Trusted;
        var spray = burst >= rules.SprayTo ? burst : sent.MostDistinctTargets(TimeSpan.TicksPerDay);
        var sprayTrust = Ramp(spray, rules.SprayFrom, rules.SprayTo);
        return sprayTrust < verdict.Trust ? new SenderVerdict(sprayTrust, $"reacted to {spray} accounts within a day") : verdict;
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

        if (!IsRing(rules, partners.Count, toPartners, sent.Length))
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

        return RingTrust(rules, partners.Count, received, fromPartners, out why);
    }

    /// <summary>Whether the reactor has enough partners and sends them enough of its <paramref name="sent"/> reactions for the ring rule to weigh it.</summary>
    private static bool IsRing(SenderRules rules, int partners, int toPartners, int sent) =>
        partners >= rules.RingPartners && toPartners >= rules.RingSentShare * sent;

    /// <summary>The ring rule's trust, from the share of the reactor's <paramref name="received"/> reactions that came from its partners.</summary>
    private static double RingTrust(SenderRules rules, int partners, int received, int fromPartners, out string why)
    {
        var share = (double)fromPartners / received;
        why = string.Create(CultureInfo.InvariantCulture, $"reacts mostly within a closed group of {partners + 1} accounts ({share:P0} of its reactions come from them)");
        return 1 - Math.Clamp((share - rules.RingReceivedFrom) / (rules.RingReceivedTo - rules.RingReceivedFrom), 0, 1);
    }

    /// <summary>The most distinct targets within any span of <paramref name="window"/> ticks (a sliding window over the sorted reactions).</summary>
    internal static int MostDistinctTargets<TKey>(ReadOnlySpan<(TKey Target, long Ticks)> sent, long window)
        where TKey : notnull =>
        new KeyedSent<TKey>(sent).MostDistinctTargets(window);

    private static double Ramp(int figure, int from, int to) =>
        figure <= from ? 1 : figure >= to ? 0 : 1 - ((double)(figure - from) / (to - from));

    private static SenderVerdict Lower(SenderVerdict verdict, double trust, string reason) =>
        trust < verdict.Trust ? new SenderVerdict(trust, reason) : verdict;

    private static string Describe(TimeSpan window) =>
        window == TimeSpan.FromHours(1) ? "an hour" : window.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>A reactor's reactions, sorted by time, as the sending rules read them.</summary>
    private interface ISentReactions
    {
        /// <summary>The most distinct targets within any span of <paramref name="window"/> ticks (a sliding window over the sorted reactions).</summary>
        int MostDistinctTargets(long window);
    }

    /// <summary>Reactions to accounts keyed as the caller likes, counted in a dictionary.</summary>
    private readonly ref struct KeyedSent<TKey>(ReadOnlySpan<(TKey Target, long Ticks)> sent) : ISentReactions
        where TKey : notnull
    {
        private readonly ReadOnlySpan<(TKey Target, long Ticks)> _sent = sent;

        public int MostDistinctTargets(long window)
        {
            var inWindow = new Dictionary<TKey, int>();
            var most = 0;
            var first = 0;
            for (var i = 0; i < _sent.Length; i++)
            {
                var (target, ticks) = _sent[i];
                inWindow[target] = inWindow.GetValueOrDefault(target) + 1;
                while (_sent[first].Ticks <= ticks - window)
                {
                    var leaving = _sent[first++].Target;
                    if (--inWindow[leaving] == 0)
                    {
                        inWindow.Remove(leaving);
                    }
                }

                most = Math.Max(most, inWindow.Count);
            }

            return most;
        }
    }

    /// <summary>Reactions to numbered accounts, counted in a <see cref="SenderTally"/> (left all 0).</summary>
    private readonly ref struct NumberedSent(ReadOnlySpan<int> targets, ReadOnlySpan<long> ticks, SenderTally tally) : ISentReactions
    {
        private readonly ReadOnlySpan<int> _targets = targets;
        private readonly ReadOnlySpan<long> _ticks = ticks;

        public int MostDistinctTargets(long window)
        {
            var inWindow = tally.Counts;
            var distinct = 0;
            var most = 0;
            var first = 0;
            for (var i = 0; i < _targets.Length; i++)
            {
                var ticks = _ticks[i];
                distinct += inWindow[_targets[i]]++ == 0 ? 1 : 0;
                while (_ticks[first] <= ticks - window)
                {
                    distinct -= --inWindow[_targets[first++]] == 0 ? 1 : 0;
                }

                most = Math.Max(most, distinct);
            }

            for (var i = first; i < _targets.Length; i++)
            {
                inWindow[_targets[i]] = 0;
            }

            return most;
        }
    }
}
