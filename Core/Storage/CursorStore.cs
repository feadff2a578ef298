using Azure.Data.Tables;

namespace Sway.Storage;

/// <summary>
/// Where each activity source has read up to (<c>cursor|{source}</c>), and, for replayed datasets, the time of the
/// end of what is being replayed (<c>clock|{network}</c>) and the clock every profile of the network was last asked to be
/// scored as of (<c>settled|{network}</c>): a dataset is scored as of its own clock, not as of today.
/// </summary>
public sealed class CursorStore(SwayStorage storage)
{
    private const string CursorPartition = "cursor";
    private const string ClockPartition = "clock";
    private const string SettledPartition = "settled";

    public async Task<string?> GetCursorAsync(string source, CancellationToken cancellationToken)
    {
        var response = await storage.Cursors.GetEntityIfExistsAsync<TableEntity>(CursorPartition, TableKey.Escape(source), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetString("Value") : null;
    }

    /// <summary>Every source's stored cursor, as (source key, cursor).</summary>
    public async Task<IReadOnlyList<(string Source, string Cursor)>> ListCursorsAsync(CancellationToken cancellationToken)
    {
        var cursors = new List<(string, string)>();
        await foreach (var row in storage.Cursors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {CursorPartition}"), cancellationToken: cancellationToken))
        {
            cursors.Add((row.RowKey, row.GetString("Value")));
        }

        return cursors;
    }

    /// <summary>Replaces a cursor listed by <see cref="ListCursorsAsync"/> (by its stored key).</summary>
    public Task ReplaceCursorAsync(string sourceKey, string cursor, CancellationToken cancellationToken) =>
        storage.Cursors.UpsertEntityAsync(new TableEntity(CursorPartition, sourceKey) { ["Value"] = cursor }, TableUpdateMode.Replace, cancellationToken);

    public Task SaveCursorAsync(string source, string cursor, CancellationToken cancellationToken) =>
        storage.Cursors.UpsertEntityAsync(
            new TableEntity(CursorPartition, TableKey.Escape(source)) { ["Value"] = cursor },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<DateTimeOffset?> GetClockAsync(string network, CancellationToken cancellationToken)
    {
        var response = await storage.Cursors.GetEntityIfExistsAsync<TableEntity>(ClockPartition, network, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetDateTimeOffset("Value") : null;
    }

    /// <summary>Whether the network's clock has been where it is since before any of its events was stored.</summary>
    public async Task<bool> IsClockFromStartAsync(string network, CancellationToken cancellationToken)
    {
        var response = await storage.Cursors.GetEntityIfExistsAsync<TableEntity>(ClockPartition, network, cancellationToken: cancellationToken);
        return response.HasValue && response.Value!.GetBoolean("FromStart") == true;
    }

    public Task SaveClockAsync(string network, DateTimeOffset at, bool fromStart, CancellationToken cancellationToken) =>
        storage.Cursors.UpsertEntityAsync(
            new TableEntity(ClockPartition, network) { ["Value"] = at, ["FromStart"] = fromStart },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<DateTimeOffset?> GetSettledAsync(string network, CancellationToken cancellationToken)
    {
        var response = await storage.Cursors.GetEntityIfExistsAsync<TableEntity>(SettledPartition, network, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetDateTimeOffset("Value") : null;
    }

    public Task SaveSettledAsync(string network, DateTimeOffset at, CancellationToken cancellationToken) =>
        storage.Cursors.UpsertEntityAsync(
            new TableEntity(SettledPartition, network) { ["Value"] = at },
            TableUpdateMode.Replace,
            cancellationToken);
}
