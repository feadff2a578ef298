using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Sway.Domain;

namespace Sway.Storage;

/// <summary>
/// Current scores and their daily history, one partition per profile: RowKey <c>current</c> and <c>day|yyyy-MM-dd</c>.
/// Both rows are written in one transaction, so a score and its history never disagree, and re-scoring the same
/// day replaces that day's row instead of adding one. The current row also carries the profile's accounts, and after
/// each write its score and accounts are copied into the handle rows of those accounts (the Accounts index), so that a
/// lookup by profile id or by handle is one point read (<see cref="ScoredProfile"/>). A copy is refreshed until it
/// matches the current row's version, so two writers that race leave the newer score; it is only merged into handle
/// rows that exist, so it never brings back an unlinked or erased account.
/// </summary>
public sealed class ScoreStore(SwayStorage storage)
{
    /// <summary>How many written scores one range query checks (<see cref="CopyToHandlesAsync"/>); fewer are read one by one.</summary>
    public const int CheckedTogether = 64;

    private const int MaxCopyRounds = 5;
    private const string CurrentRow = "current";
    private const string DayPrefix = "day";

    /// <summary>The version (ETag) and score of a profile's current score row, or null when it has none yet.</summary>
    public async Task<StoredScore?> GetVersionAsync(string profileId, CancellationToken cancellationToken)
    {
        var response = await storage.Scores.Of(profileId).GetEntityIfExistsAsync<TableEntity>(profileId, CurrentRow, ["Score"], cancellationToken);
        return response.HasValue ? new StoredScore(response.Value!.ETag, response.Value.GetInt32("Score") ?? 1) : null;
    }

    /// <summary>
    /// Stores the current score and its day's history row in one transaction, only if the current row is still at
    /// <paramref name="expected"/> (null: only if there is none yet), then copies it into the handle rows. Returns false
    /// when another scoring of the same profile wrote in between (or this call's own earlier try did, and its answer was
    /// lost): the caller scores again from what is stored now, so a scoring that read older reactions never overwrites a
    /// newer one. <paramref name="alongside"/> is a row of the same profile's partition stored in the same transaction
    /// (the webhook outbox's event for this change), so that the score and its event are stored together or not at all.
    /// </summary>
    /// <remarks><paramref name="accounts"/> are the profile's accounts as the scoring read them, stored beside the score.</remarks>
    public async Task<bool> TrySaveAsync(
        ScoreResult result, IReadOnlyList<LinkedAccount> accounts, ETag? expected, TableEntity? alongside, CancellationToken cancellationToken)
    {
        if (await TryWriteAsync(result, accounts, expected, alongside, cancellationToken) is not { } written)
        {
            return false;
        }

        await CopyToHandlesAsync([written], 1, cancellationToken);
        return true;
    }

    /// <summary>
    /// As <see cref="TrySaveAsync"/>, without the copy into the handle rows: the caller copies many written scores at
    /// once (<see cref="CopyToHandlesAsync"/>). Returns the score as written with its version, or null when another
    /// scoring wrote in between.
    /// </summary>
    public async Task<WrittenScore?> TryWriteAsync(
        ScoreResult result, IReadOnlyList<LinkedAccount> accounts, ETag? expected, TableEntity? alongside, CancellationToken cancellationToken)
    {
        var scored = new ScoredProfile(result, accounts);
        var current = new TableEntity(result.ProfileId, CurrentRow);
        WriteScored(current, scored);
        var day = new TableEntity(result.ProfileId, DayRow(result.AsOf))
        {
            ["Score"] = result.Score,
            ["ModelVersion"] = result.ModelVersion,
            ["AsOf"] = result.AsOf,
            ["ComputedAt"] = result.ComputedAt,
        };
        TableTransactionAction currentAction = expected is { } etag
            ? new(TableTransactionActionType.UpdateReplace, current, etag)
            : new(TableTransactionActionType.Add, current);
        try
        {
            List<TableTransactionAction> actions = [currentAction, new(TableTransactionActionType.UpsertReplace, day)];
            if (alongside is not null)
            {
                if (alongside.PartitionKey != result.ProfileId)
                {
                    throw new ArgumentException("A row stored with a score belongs to the profile's partition.", nameof(alongside));
                }

                actions.Add(new(TableTransactionActionType.Add, alongside));
            }

            var written = await storage.Scores.Of(result.ProfileId).SubmitTransactionAsync(actions, cancellationToken);
            return new WrittenScore(scored, written.Value.Count > 0 ? written.Value[0].Headers.ETag : null);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Stores a profile's changed accounts beside its current score (if it has one), conditionally on the row's version,
    /// and copies the score into the handle rows of those accounts. Called after the profile row and its index rows
    /// changed: a scoring that read the earlier accounts then fails its conditional write and scores again.
    /// </summary>
    public async Task RefreshAccountsAsync(string profileId, IReadOnlyList<LinkedAccount> accounts, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await storage.Scores.Of(profileId).GetEntityIfExistsAsync<TableEntity>(profileId, CurrentRow, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return;
            }

            var row = response.Value!;
            var update = new TableEntity(profileId, CurrentRow) { ["Accounts"] = JsonSerializer.Serialize(accounts, SwayJson.Options) };
            try
            {
                var updated = await storage.Scores.Of(profileId).UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken);
                await CopyToHandlesAsync([new WrittenScore(new ScoredProfile(ReadScore(row, profileId), accounts), updated.Headers.ETag)], 1, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Scored or deleted meanwhile: read it again.
            }
        }
    }

    /// <summary>
    /// Copies written scores into the handle rows of their accounts that exist (a merge: an unlinked or erased account's
    /// row is not brought back), in transactions of up to 100 rows per Accounts partition. Then checks that each
    /// current row is still at the version written, and where another write came in between, copies that one too, so
    /// the copies end at the newest score. From <see cref="CheckedTogether"/> scores on, the check reads the current
    /// rows' versions by range: the profiles' ids in order, <see cref="CheckedTogether"/> at a time, each group one
    /// range query over their partitions (from its least id to its greatest). That suits a batch of one dataset's
    /// profiles, whose ids share its network's prefix: a group's range then holds a few hundred profiles, one page.
    /// </summary>
    public async Task CopyToHandlesAsync(IReadOnlyCollection<WrittenScore> written, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(written);
        await MergeCopiesAsync([.. written.Where(w => w.Version is not null).Select(w => w.Scored)], parallelism, cancellationToken);
        var stale = written.Count >= CheckedTogether ? await StaleAsync(written, parallelism, cancellationToken) : written;
        await Parallel.ForEachAsync(
            stale,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (w, ct) => await CopyUntilCurrentAsync(w.Scored.Score.ProfileId, w.Version, ct));
    }

    /// <summary>The written scores whose current row is no longer at the version written (a row that is gone is not).</summary>
    private async Task<List<WrittenScore>> StaleAsync(IReadOnlyCollection<WrittenScore> written, int parallelism, CancellationToken cancellationToken)
    {
        var versions = new System.Collections.Concurrent.ConcurrentDictionary<string, ETag>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            written.Select(w => w.Scored.Score.ProfileId).GroupBy(storage.Scores.Of)
                .SelectMany(inTable => inTable.Order(StringComparer.Ordinal).Chunk(CheckedTogether).Select(ids => (Table: inTable.Key, Ids: ids))),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                var ids = group.Ids;
                var wanted = ids.ToHashSet(StringComparer.Ordinal);
                var filter = TableClient.CreateQueryFilter($"PartitionKey ge {ids[0]} and PartitionKey le {ids[^1]} and RowKey eq {CurrentRow}");
                await foreach (var row in group.Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: ct))
                {
                    if (wanted.Contains(row.PartitionKey))
                    {
                        versions[row.PartitionKey] = row.ETag;
                    }
                }
            });
        return [.. written.Where(w => versions.TryGetValue(w.Scored.Score.ProfileId, out var now) && now != w.Version)];
    }

    /// <summary>Reads the current row until it is at the version last copied, copying each newer one it finds.</summary>
    private async Task CopyUntilCurrentAsync(string profileId, ETag? version, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxCopyRounds; round++)
        {
            var now = await storage.Scores.Of(profileId).GetEntityIfExistsAsync<TableEntity>(profileId, CurrentRow, cancellationToken: cancellationToken);
            if (!now.HasValue || now.Value!.ETag == version || ReadAccounts(now.Value) is not { } accounts)
            {
                return;
            }

            version = now.Value.ETag;
            await MergeCopiesAsync([new ScoredProfile(ReadScore(now.Value, profileId), accounts)], 1, cancellationToken);
        }
    }

    private Task<int> MergeCopiesAsync(IReadOnlyList<ScoredProfile> scored, int parallelism, CancellationToken cancellationToken) =>
        PartitionedWriter.ApplyToExistingAsync(storage.Accounts.Of, scored.SelectMany(CopiesOf), TableTransactionActionType.UpdateMerge, parallelism, cancellationToken);

    private static IEnumerable<TableEntity> CopiesOf(ScoredProfile scored) => scored.Accounts.Select(account =>
    {
        var handleRow = AccountIndexKeys.HandleRow(account.Handle);
        var copy = new TableEntity(AccountIndexKeys.PartitionOf(account.Network, handleRow), handleRow) { ["ScoreOf"] = scored.Score.ProfileId };
        WriteScored(copy, scored);
        return copy;
    });

    public async Task<ScoreResult?> GetCurrentAsync(string profileId, CancellationToken cancellationToken)
    {
        var response = await storage.Scores.Of(profileId).GetEntityIfExistsAsync<TableEntity>(profileId, CurrentRow, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        return ReadScore(response.Value!, profileId);
    }

    /// <summary>The current score row with the accounts stored beside it, or null when the profile has no score yet.</summary>
    public async Task<CurrentScore?> GetCurrentWithAccountsAsync(string profileId, CancellationToken cancellationToken)
    {
        var response = await storage.Scores.Of(profileId).GetEntityIfExistsAsync<TableEntity>(profileId, CurrentRow, cancellationToken: cancellationToken);
        return response.HasValue ? new CurrentScore(ReadScore(response.Value!, profileId), ReadAccounts(response.Value!)) : null;
    }

    /// <summary>Reads the copy of a score in a handle row, when the row holds one for <paramref name="profileId"/>.</summary>
    internal static ScoredProfile? ReadCopy(TableEntity handleRow, string profileId) =>
        handleRow.GetString("ScoreOf") == profileId && ReadAccounts(handleRow) is { } accounts
            ? new ScoredProfile(ReadScore(handleRow, profileId), accounts)
            : null;

    private static void WriteScored(TableEntity entity, ScoredProfile scored)
    {
        entity["Score"] = scored.Score.Score;
        entity["ModelVersion"] = scored.Score.ModelVersion;
        entity["AsOf"] = scored.Score.AsOf;
        entity["ComputedAt"] = scored.Score.ComputedAt;
        entity["Explanation"] = JsonSerializer.Serialize(scored.Score.Explanation, SwayJson.Options);
        entity["Accounts"] = JsonSerializer.Serialize(scored.Accounts, SwayJson.Options);
    }

    private static ScoreResult ReadScore(TableEntity entity, string profileId) => new(
        profileId,
        entity.GetInt32("Score") ?? 1,
        entity.GetString("ModelVersion"),
        entity.GetDateTimeOffset("AsOf") ?? default,
        entity.GetDateTimeOffset("ComputedAt") ?? default,
        JsonSerializer.Deserialize<ScoreExplanation>(entity.GetString("Explanation"), SwayJson.Options) ?? ScoreExplanation.Empty);

    private static List<LinkedAccount>? ReadAccounts(TableEntity entity) =>
        entity.GetString("Accounts") is { } json ? JsonSerializer.Deserialize<List<LinkedAccount>>(json, SwayJson.Options) : null;

    /// <summary>The daily history rows of a profile, oldest first.</summary>
    public async Task<IReadOnlyList<(DateOnly Day, int Score, string ModelVersion)>> GetHistoryAsync(string profileId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {profileId} and RowKey gt {DayPrefix + TableKey.Separator} and RowKey lt {DayPrefix + (char)(TableKey.Separator + 1)}");
        var history = new List<(DateOnly, int, string)>();
        await foreach (var entity in storage.Scores.Of(profileId).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var day = DateOnly.ParseExact(entity.RowKey[(DayPrefix.Length + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            history.Add((day, entity.GetInt32("Score") ?? 1, entity.GetString("ModelVersion")));
        }

        return history;
    }

    private static string DayRow(DateTimeOffset asOf) =>
        TableKey.Join(DayPrefix, asOf.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Deletes a profile's whole partition (current score, daily history, unsent score events); returns how many rows.</summary>
    public async Task<int> DeleteAllAsync(string profileId, CancellationToken cancellationToken)
    {
        var rows = new List<ITableEntity>();
        await foreach (var row in storage.Scores.Of(profileId).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {profileId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return await PartitionedWriter.ApplyToExistingAsync(storage.Scores.Of(profileId), rows, TableTransactionActionType.Delete, 1, cancellationToken);
    }
}
