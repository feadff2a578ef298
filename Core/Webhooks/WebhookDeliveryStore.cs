using Azure;
using Azure.Data.Tables;
using Sway.Storage;

namespace Sway.Webhooks;

/// <summary>
/// Deliveries in the <c>WebhookDeliveries</c> table (PartitionKey: subscription, RowKey: the event's <c>webhook-id</c>).
/// Adding is idempotent, and every change is conditional on the row's ETag, so two workers holding the same
/// delivery can never both record an attempt.
/// </summary>
public sealed class WebhookDeliveryStore(SwayStorage storage)
{
    private readonly TableClient _table = storage.WebhookDeliveries;

    /// <summary>Adds the delivery unless it exists already (a dispatch repeated after a crash or a lost answer).</summary>
    public async Task AddIfMissingAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(WebhookDeliveryEntity.From(delivery), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // there already
        }
    }

    public async Task<(WebhookDelivery Delivery, ETag Version)?> GetAsync(string subscriptionId, string id, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<WebhookDeliveryEntity>(subscriptionId, id, cancellationToken: cancellationToken);
        return response.HasValue ? (response.Value!.ToDelivery(), response.Value.ETag) : null;
    }

    /// <summary>Writes a changed delivery if nobody wrote since <paramref name="version"/>; returns the new version, or null when someone did.</summary>
    public async Task<ETag?> TryReplaceAsync(WebhookDelivery delivery, ETag version, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(WebhookDeliveryEntity.From(delivery), version, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Removes one delivery (gone already is fine).</summary>
    public async Task DeleteAsync(string subscriptionId, string id, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(subscriptionId, id, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // gone already
        }
    }

    /// <summary>A subscription's deliveries, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ListAsync(string subscriptionId, int top, CancellationToken cancellationToken)
    {
        var list = new List<WebhookDelivery>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subscriptionId}");
        await foreach (var entity in _table.QueryAsync<WebhookDeliveryEntity>(filter, maxPerPage: Math.Min(top, 1000), cancellationToken: cancellationToken))
        {
            list.Add(entity.ToDelivery());
            if (list.Count == top)
            {
                break;
            }
        }

        return list;
    }

    /// <summary>Removes every delivery of a subscription (in transactions of up to 100 rows of its one partition).</summary>
    public async Task DeleteAllAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subscriptionId}");
        var keys = new List<TableTransactionAction>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(subscriptionId, entity.RowKey), ETag.All));
        }

        foreach (var chunk in keys.Chunk(100))
        {
            try
            {
                await _table.SubmitTransactionAsync(chunk, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // a row went meanwhile; the next deletion of the subscription (or nobody) cleans the rest
            }
        }
    }

    /// <summary>
    /// Deletes a subscription's deliveries of events about a profile (their bodies name it), except those of
    /// <paramref name="keepType"/>; returns how many.
    /// </summary>
    public async Task<int> DeleteAboutProfileAsync(string subscriptionId, string profileId, string keepType, CancellationToken cancellationToken)
    {
        var mention = $"\"profileId\":{System.Text.Json.JsonSerializer.Serialize(profileId)}";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subscriptionId}");
        var doomed = new List<ITableEntity>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "EventType", "Body"], cancellationToken: cancellationToken))
        {
            if (entity.GetString("EventType") != keepType && (entity.GetString("Body") ?? "").Contains(mention, StringComparison.Ordinal))
            {
                doomed.Add(entity);
            }
        }

        return await PartitionedWriter.ApplyToExistingAsync(_table, doomed, TableTransactionActionType.Delete, 1, cancellationToken);
    }
}
