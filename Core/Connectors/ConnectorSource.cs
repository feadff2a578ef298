using Microsoft.Extensions.Logging;
using Sway.Domain;
using Sway.Ingestion;
using Sway.Storage;

namespace Sway.Connectors;

/// <summary>
/// A live network as an <see cref="IActivitySource"/>: passes over the accounts linked on the network (those its reader
/// <see cref="IAccountReader.Serves"/>), in the index's order (<see cref="ProfileStore.ListLinkedAccountsAsync"/>), reading each through its
/// <see cref="IAccountReader"/> one request at a time, and re-reading each account's posts of the last
/// <see cref="IAccountReader.ReReadWindow"/>. The cursor (<see cref="ConnectorCursor"/>) says which account and where in it;
/// the puller stores it only after the batch read before it, so a crash resumes with no gap, and the puller's
/// idempotent keys make the re-read reactions no duplicate. A pass ends the run's reading (the next run starts the next
/// pass), and so does a rate limit that would make the run wait too long (<see cref="RateLimitedException"/>): a pull
/// over many accounts spreads across runs where it is where it stopped.
/// </summary>
public sealed partial class ConnectorSource(IAccountReader reader, ProfileStore profiles, StorageRetry retry, TimeProvider clock, ILogger<ConnectorSource> logger) : IActivitySource
{
    /// <summary>Accounts fetched from the index at a time.</summary>
    private const int AccountPage = 100;

    public string Name => reader.SourceName;

    public Network Network => reader.Network;

    public ProfileEnrollment Enrollment => ProfileEnrollment.LinkedOnly;

    public IAccountReader Reader => reader;

    /// <summary>Requests this source made since it was created (for tests and telemetry).</summary>
    public long Requests { get; private set; }

    public async Task<ActivityBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken)
    {
        var state = ConnectorCursor.Parse(cursor) ?? NewPass();
        var read = new List<Interaction>();
        var queue = new Queue<LinkedAccount>();
        LinkedAccount? account = null;
        while (read.Count < maxEvents)
        {
            if (state.Account is null)
            {
                if (queue.Count == 0)
                {
                    foreach (var next in await NextAccountsAsync(state.LastDone, cancellationToken))
                    {
                        queue.Enqueue(next);
                    }
                }

                if (queue.Count == 0)
                {
                    LogPassDone(logger, Name, state.PassStarted);
                    return new ActivityBatch(read, NewPass().ToJson(), Exhausted: true);
                }

                state = state with { Account = queue.Dequeue().AccountId, Position = null };
            }

            if (account?.AccountId != state.Account)
            {
                var id = state.Account;
                account = await retry.RunAsync($"read the linked account {id}", ct => profiles.GetLinkedAccountAsync(reader.Network.Name, id, ct), cancellationToken);
            }

            if (account is null)
            {
                // Unlinked or erased since the pass reached it: go on after it.
                state = state with { Account = null, Position = null, LastDone = state.Account };
                continue;
            }

            AccountPage page;
            try
            {
                Requests++;
                page = await reader.ReadAsync(account, state.Position, state.PassStarted - reader.ReReadWindow, cancellationToken);
            }
            catch (RateLimitedException ex)
            {
                LogRateLimited(logger, Name, ex.Message);
                return new ActivityBatch(read, state.ToJson(), Exhausted: true);
            }

            read.AddRange(page.Interactions);
            state = page.Next is null
                ? state with { Account = null, Position = null, LastDone = account.AccountId }
                : state with { Position = page.Next };
        }

        return new ActivityBatch(read, state.ToJson(), Exhausted: false);
    }

    public Task<DatasetExtent?> MeasureAsync(CancellationToken cancellationToken) => Task.FromResult<DatasetExtent?>(null);

    public LinkedAccount Describe(string accountId) => new(reader.Network.Name, accountId, accountId);

    private ConnectorCursor NewPass() => new(clock.GetUtcNow(), LastDone: null, Account: null, Position: null);

    private async Task<IReadOnlyList<LinkedAccount>> NextAccountsAsync(string? after, CancellationToken cancellationToken)
    {
        while (true)
        {
            var from = after;
            var page = await retry.RunAsync($"list the linked accounts of {Name}", ct => profiles.ListLinkedAccountsAsync(reader.Network.Name, from, AccountPage, ct), cancellationToken);
            if (page.Count == 0)
            {
                return [];
            }

            var served = page.Where(a => reader.Serves(a.AccountId)).ToList();
            if (served.Count > 0)
            {
                return served;
            }

            after = page[^1].AccountId;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: the pass over linked accounts started {Started:u} is complete")]
    private static partial void LogPassDone(ILogger logger, string source, DateTimeOffset started);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: rate limited, the pull goes on in a later run: {Reason}")]
    private static partial void LogRateLimited(ILogger logger, string source, string reason);
}
