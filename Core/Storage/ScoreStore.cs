using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Sway.Domain;

namespace Sway.Storage;

/// <summary>
/// Current scores and their daily history, one partition per profile: RowKey <c>current</c> and <c>day|yyyy-MM-dd</c>.
/// Both rows are written in one transaction, so a score and its history never disagree, and re-scoring the same
/// day replaces that day's row instead of adding one.
/// </summary>
public sealed class ScoreStore(SwayStorage storage)
{
    private const string CurrentRow = "current";
    private const string DayPrefix = "day";

    /// <summary>The version (ETag) and score of a profile's current score row, or null when it has none yet.</summary>
    public async Task<StoredScore?> GetVersionAsync(string profileId, CancellationToken cancellationToken)
    {
        var response = await storage.Scores.GetEntityIfExistsAsync<TableEntity>(profileId, CurrentRow, ["Score"], cancellationToken);
        return response.HasValue ? new StoredScore(response.Value!.ETag, response.Value.GetInt32("Score") ?? 1) : null;
    }

    /// <summary>
    /// Stores the current score and its day's history row in one transaction, only if the current row is still at
    /// <paramref name="expected"/> (null: only if there is none yet). Returns false when another scoring of the same
    /// profile wrote in between (or this call's own earlier try did, and its answer was lost): the caller scores
    /// again from what is stored now, so a scoring that read older reactions never overwrites a newer one.
    /// <paramref name="alongside"/> is a row of the same profile's partition stored in the same transaction (the
    /// webhook outbox's event for this change), so that the score and its event are stored together or not at all.
    /// </summary>
    public async Task<bool> TrySaveAsync(ScoreResult result, ETag? expected, TableEntity? alongside, CancellationToken cancellationToken)
    {
        var current = new TableEntity(result.ProfileId, CurrentRow)
        {
            ["Score"] = result.Score,
            ["ModelVersion"] = result.ModelVersion,
            ["AsOf"] = result.AsOf,
            ["ComputedAt"] = result.ComputedAt,
            ["Explanation"] = JsonSerializer.Serialize(result.Explanation, SwayJson.Options),
        };
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

            await storage.Scores.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<ScoreResult?> GetCurrentAsync(string profileId, CancellationToken cancellationToken)
    {
        var response = await storage.Scores.GetEntityIfExistsAsync<TableEntity>(profileId, CurrentRow, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var entity = response.Value!;
        return new ScoreResult(
            profileId,
            entity.GetInt32("Score") ?? 1,
            entity.GetString("ModelVersion"),
            entity.GetDateTimeOffset("AsOf") ?? default,
            entity.GetDateTimeOffset("ComputedAt") ?? default,
            JsonSerializer.Deserialize<ScoreExplanation>(entity.GetString("Explanation"), SwayJson.Options) ?? ScoreExplanation.Empty);
    }

    /// <summary>The daily history rows of a profile, oldest first.</summary>
    public async Task<IReadOnlyList<(DateOnly Day, int Score, string ModelVersion)>> GetHistoryAsync(string profileId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {profileId} and RowKey gt {DayPrefix + TableKey.Separator} and RowKey lt {DayPrefix + (char)(TableKey.Separator + 1)}");
        var history = new List<(DateOnly, int, string)>();
        await foreach (var entity in storage.Scores.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
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
        await foreach (var row in storage.Scores.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {profileId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return await PartitionedWriter.ApplyToExistingAsync(storage.Scores, rows, TableTransactionActionType.Delete, 1, cancellationToken);
    }
}
