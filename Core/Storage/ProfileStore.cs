using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Sway.Domain;

namespace Sway.Storage;

/// <summary>
/// Profiles and the index of their accounts. Profiles spread over 256 partitions (a hash of the id) so that no
/// single partition takes every write; the account index spreads each network over 256 partitions too
/// (<see cref="AccountIndexKeys"/>), with two kinds of rows: <c>id|{accountId}</c> and <c>handle|{handle}</c>, each
/// pointing at the profile. A handle row also carries a copy of the profile's current score and accounts
/// (<see cref="ScoreStore"/> keeps it), so a lookup by handle is one point read.
/// </summary>
public sealed class ProfileStore(SwayStorage storage, ScoreStore scores, StorageRetry retry, IOptions<StorageOptions> options)
{
    private const int ShardCount = 256;
    private readonly int _parallelism = options.Value.WriteParallelism;

    public async Task<Profile?> GetAsync(string profileId, CancellationToken cancellationToken)
    {
        var response = await storage.Profiles.Of(ShardOf(profileId)).GetEntityIfExistsAsync<TableEntity>(ShardOf(profileId), profileId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>
    /// Which of <paramref name="profileIds"/> exist, read as one range query per Profiles partition they fall in (from
    /// the least to the greatest of its ids, the ids alone) instead of a point read each: for a batch that covers much
    /// of each partition, as a bulk replay's do.
    /// </summary>
    public async Task<IReadOnlySet<string>> ExistingAsync(IReadOnlyCollection<string> profileIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profileIds);
        var existing = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            profileIds.Distinct(StringComparer.Ordinal).GroupBy(ShardOf, StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (shard, ct) =>
            {
                var wanted = shard.ToHashSet(StringComparer.Ordinal);
                var ordered = wanted.Order(StringComparer.Ordinal).ToList();
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shard.Key} and RowKey ge {ordered[0]} and RowKey le {ordered[^1]}");
                await foreach (var row in storage.Profiles.Of(shard.Key).QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
                {
                    if (wanted.Contains(row.RowKey))
                    {
                        existing[row.RowKey] = true;
                    }
                }
            });
        return existing.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The profile an account on <paramref name="network"/> with this (normalised) handle belongs to.</summary>
    public async Task<string?> FindByHandleAsync(string network, string handle, CancellationToken cancellationToken)
    {
        var row = AccountIndexKeys.HandleRow(handle);
        var response = await storage.Accounts.Of(AccountIndexKeys.PartitionOf(network, row)).GetEntityIfExistsAsync<TableEntity>(AccountIndexKeys.PartitionOf(network, row), row, ["ProfileId"], cancellationToken);
        return response.HasValue ? response.Value!.GetString("ProfileId") : null;
    }

    /// <summary>
    /// The handle row of an account on <paramref name="network"/> with this (normalised) handle, in one point read:
    /// its profile and, when the row holds a valid copy, that profile's current score and accounts.
    /// </summary>
    public async Task<HandleEntry?> FindHandleAsync(string network, string handle, CancellationToken cancellationToken)
    {
        var row = AccountIndexKeys.HandleRow(handle);
        var response = await storage.Accounts.Of(AccountIndexKeys.PartitionOf(network, row)).GetEntityIfExistsAsync<TableEntity>(AccountIndexKeys.PartitionOf(network, row), row, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value!.GetString("ProfileId") is not { } profileId)
        {
            return null;
        }

        var copy = ScoreStore.ReadCopy(response.Value, profileId);
        return new HandleEntry(profileId, copy is not null && copy.Accounts.Any(a => a.Network == network && a.Handle == handle) ? copy : null);
    }

    /// <summary>Which of these accounts belong to a profile: account id → profile id, for the linked ones only.</summary>
    public async Task<IReadOnlyDictionary<string, string>> FindByAccountsAsync(
        string network, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            accountIds,
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism * 2, CancellationToken = cancellationToken },
            async (accountId, ct) =>
            {
                var row = AccountIndexKeys.IdRow(accountId);
                var response = await retry.RunAsync(
                    "look accounts up",
                    c => storage.Accounts.Of(AccountIndexKeys.PartitionOf(network, row)).GetEntityIfExistsAsync<TableEntity>(AccountIndexKeys.PartitionOf(network, row), row, ["ProfileId"], c),
                    ct);
                if (response.HasValue)
                {
                    found[accountId] = response.Value!.GetString("ProfileId");
                }
            });
        return found;
    }

    /// <summary>
    /// Stores profiles and then indexes their accounts (so an index row never points at a missing profile): the
    /// handle rows, then the id rows. An account's two rows are in different partitions, so no transaction holds both;
    /// the id row, which tells a pull that an account is known (<see cref="FindByAccountsAsync"/>), goes last, so a
    /// crash in between leaves the account unknown and the next pull stores both again.
    /// Idempotent: storing the same profiles again changes nothing.
    /// </summary>
    public async Task SaveAsync(IReadOnlyCollection<Profile> profiles, CancellationToken cancellationToken)
    {
        await PartitionedWriter.UpsertAsync(storage.Profiles.Of, profiles.Select(ToEntity), _parallelism, cancellationToken, retry: retry);
        var accounts = profiles.SelectMany(p => p.Accounts.Select(a => (p.Id, Account: a))).ToList();
        await PartitionedWriter.UpsertAsync(storage.Accounts.Of, accounts.Select(a => HandleEntity(a.Id, a.Account)), _parallelism, cancellationToken, retry: retry);
        await PartitionedWriter.UpsertAsync(storage.Accounts.Of, accounts.Select(a => IdEntity(a.Id, a.Account)), _parallelism, cancellationToken, retry: retry);
    }

    /// <summary>
    /// Replaces a profile's row (its accounts changed) and indexes its accounts; the index rows of
    /// <paramref name="removed"/> accounts are deleted first, so a lookup never reaches an account the profile let go.
    /// Then the accounts stored beside its current score, and the copies in its handle rows, follow.
    /// </summary>
    public async Task ReplaceAsync(Profile profile, IReadOnlyCollection<LinkedAccount> removed, CancellationToken cancellationToken)
    {
        foreach (var account in removed)
        {
            await DeleteIndexAsync(account, cancellationToken);
        }

        await SaveAsync([profile], cancellationToken);
        await scores.RefreshAccountsAsync(profile.Id, profile.Accounts, cancellationToken);
    }

    /// <summary>Deletes an account's index rows (both); returns how many existed.</summary>
    public async Task<int> DeleteIndexAsync(LinkedAccount account, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var key in new[] { AccountIndexKeys.IdRow(account.AccountId), AccountIndexKeys.HandleRow(account.Handle) })
        {
            var response = await storage.Accounts.Of(AccountIndexKeys.PartitionOf(account.Network, key)).DeleteEntityAsync(AccountIndexKeys.PartitionOf(account.Network, key), key, Azure.ETag.All, cancellationToken);
            deleted += response.Status == 404 ? 0 : 1;
        }

        return deleted;
    }

    /// <summary>Deletes the profile's row; whether it existed.</summary>
    public async Task<bool> DeleteAsync(string profileId, CancellationToken cancellationToken)
    {
        var response = await storage.Profiles.Of(ShardOf(profileId)).DeleteEntityAsync(ShardOf(profileId), profileId, Azure.ETag.All, cancellationToken);
        return response.Status != 404;
    }

    /// <summary>
    /// The shards of the Profiles table, for the nightly fan-out: its partitions, <c>00</c> to <c>ff</c> (the first byte of
    /// the SHA-256 of the id, so each holds about 1/256 of the profiles). A shard is read by a range of one partition.
    /// </summary>
    public static IReadOnlyList<string> Shards { get; } = [.. Enumerable.Range(0, ShardCount).Select(i => i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Whether <paramref name="shard"/> names one of <see cref="Shards"/>.</summary>
    public static bool IsShard(string? shard) =>
        shard is { Length: 2 } && Shards.Contains(shard, StringComparer.Ordinal);

    /// <summary>One page of the ids of one shard's profiles (a page may be empty and still have a continuation token).</summary>
    public async Task<(IReadOnlyList<string> Ids, string? ContinuationToken)> ListIdsInShardAsync(
        string shard, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var pages = storage.Profiles.Of(shard)
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {shard}"), maxPerPage: pageSize, select: ["RowKey"], cancellationToken)
            .AsPages(continuationToken, pageSize);
        await foreach (var page in pages)
        {
            return (page.Values.Select(e => e.RowKey).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>
    /// One page of the ids of the profiles that hold an account on <paramref name="network"/>: a range query over the
    /// network's <c>id|</c> index rows (over the network's partitions, table after table when they are spread over
    /// several accounts), distinct within the page.
    /// </summary>
    public async Task<(IReadOnlyList<string> Ids, string? ContinuationToken)> ListIdsOnNetworkAsync(
        string network, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey gt {AccountIndexKeys.NetworkStart(network)} and PartitionKey lt {AccountIndexKeys.NetworkEnd(network)} and RowKey gt {AccountIndexKeys.IdRowsStart} and RowKey lt {AccountIndexKeys.IdRowsEnd}");
        var (rows, next) = await storage.Accounts.PageAsync(filter, ["ProfileId"], pageSize, continuationToken, cancellationToken);
        return (rows.Select(e => e.GetString("ProfileId")).Distinct(StringComparer.Ordinal).ToList(), next);
    }

    /// <summary>The account as currently linked on <paramref name="network"/> (its handle may have changed), or null when it is not.</summary>
    public async Task<LinkedAccount?> GetLinkedAccountAsync(string network, string accountId, CancellationToken cancellationToken)
    {
        var row = AccountIndexKeys.IdRow(accountId);
        var response = await storage.Accounts.Of(AccountIndexKeys.PartitionOf(network, row)).GetEntityIfExistsAsync<TableEntity>(AccountIndexKeys.PartitionOf(network, row), row, ["Handle"], cancellationToken);
        return response.HasValue ? new LinkedAccount(network, accountId, response.Value!.GetString("Handle") ?? accountId) : null;
    }

    /// <summary>
    /// Up to <paramref name="max"/> accounts linked on <paramref name="network"/>, in the index's order (by bucket, then
    /// id: a total order in which any id, linked or not, has its place), after <paramref name="afterAccountId"/> (null:
    /// from the first): a range query over the network's <c>id|</c> index rows, from the id's bucket on.
    /// </summary>
    public async Task<IReadOnlyList<LinkedAccount>> ListLinkedAccountsAsync(string network, string? afterAccountId, int max, CancellationToken cancellationToken)
    {
        var (start, end) = (AccountIndexKeys.NetworkStart(network), AccountIndexKeys.NetworkEnd(network));
        var (rowsStart, rowsEnd) = (AccountIndexKeys.IdRowsStart, AccountIndexKeys.IdRowsEnd);
        string filter;
        if (afterAccountId is null)
        {
            filter = TableClient.CreateQueryFilter($"PartitionKey gt {start} and PartitionKey lt {end} and RowKey gt {rowsStart} and RowKey lt {rowsEnd}");
        }
        else
        {
            var from = AccountIndexKeys.IdRow(afterAccountId);
            var bucket = AccountIndexKeys.PartitionOf(network, from);
            filter = TableClient.CreateQueryFilter(
                $"((PartitionKey eq {bucket} and RowKey gt {from}) or (PartitionKey gt {bucket} and PartitionKey lt {end})) and RowKey gt {rowsStart} and RowKey lt {rowsEnd}");
        }

        // Each table answers in key order; the first max of each, merged in key order, are the first max of all.
        var firsts = await Task.WhenAll(storage.Accounts.All.Select(async table =>
        {
            var rows = new List<TableEntity>(max);
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: max, select: ["PartitionKey", "RowKey", "AccountId", "Handle"], cancellationToken))
            {
                if (entity.GetString("AccountId") is not null)
                {
                    rows.Add(entity);
                }

                if (rows.Count == max)
                {
                    break;
                }
            }

            return rows;
        }));
        return [.. firsts.SelectMany(rows => rows)
            .OrderBy(e => e.PartitionKey, StringComparer.Ordinal).ThenBy(e => e.RowKey, StringComparer.Ordinal)
            .Take(max)
            .Select(e => new LinkedAccount(network, e.GetString("AccountId"), e.GetString("Handle") ?? e.GetString("AccountId")))];
    }

    internal static string ShardOf(string profileId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(profileId)), 0, 1);

    internal static TableEntity ToEntity(Profile profile) => new(ShardOf(profile.Id), profile.Id)
    {
        ["Origin"] = profile.Origin.ToString(),
        ["CreatedAt"] = profile.CreatedAt,
        ["Accounts"] = JsonSerializer.Serialize(profile.Accounts, SwayJson.Options),
        ["Kind"] = profile.Kind?.ToString(),
    };

    private static TableEntity IdEntity(string profileId, LinkedAccount account)
    {
        var row = AccountIndexKeys.IdRow(account.AccountId);
        return new TableEntity(AccountIndexKeys.PartitionOf(account.Network, row), row)
        {
            ["ProfileId"] = profileId,
            ["AccountId"] = account.AccountId,
            ["Handle"] = account.Handle,
        };
    }

    private static TableEntity HandleEntity(string profileId, LinkedAccount account)
    {
        var row = AccountIndexKeys.HandleRow(account.Handle);
        return new TableEntity(AccountIndexKeys.PartitionOf(account.Network, row), row)
        {
            ["ProfileId"] = profileId,
            ["AccountId"] = account.AccountId,
        };
    }

    private static Profile FromEntity(TableEntity entity) => new(
        entity.RowKey,
        JsonSerializer.Deserialize<List<LinkedAccount>>(entity.GetString("Accounts"), SwayJson.Options) ?? [],
        Enum.Parse<ProfileOrigin>(entity.GetString("Origin")),
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue)
    {
        Kind = entity.GetString("Kind") is { } kind ? Enum.Parse<ProfileKind>(kind) : null,
    };
}
