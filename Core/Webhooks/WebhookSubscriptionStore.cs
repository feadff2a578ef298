using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Sway.Storage;

namespace Sway.Webhooks;

/// <summary>
/// Subscriptions in the <c>Webhooks</c> table. Scoring asks for the active ones on every score it stores, so they are
/// kept in memory for <see cref="WebhookOptions.SubscriptionCacheTtl"/>; this process's own writes refresh them at once,
/// another instance's within that time.
/// </summary>
public sealed class WebhookSubscriptionStore(SwayStorage storage, IOptions<WebhookOptions> options, TimeProvider clock)
{
    private readonly TableClient _table = storage.Webhooks;
    private readonly TimeSpan _cacheTtl = options.Value.SubscriptionCacheTtl;
    private (IReadOnlyList<WebhookSubscription> Active, DateTimeOffset ReadAt)? _cache;

    public async Task<WebhookSubscription?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await GetEntityAsync(id, cancellationToken))?.ToSubscription();

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken)
    {
        var all = new List<WebhookSubscription>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {WebhookSubscriptionEntity.Partition}");
        await foreach (var entity in _table.QueryAsync<WebhookSubscriptionEntity>(filter, cancellationToken: cancellationToken))
        {
            all.Add(entity.ToSubscription());
        }

        _cache = (all.Where(s => s.IsActive).ToList(), clock.GetUtcNow());
        return all;
    }

    /// <summary>The active subscriptions, from memory when read less than the cache time ago.</summary>
    public async Task<IReadOnlyList<WebhookSubscription>> ActiveAsync(CancellationToken cancellationToken)
    {
        if (_cache is { } cache && clock.GetUtcNow() - cache.ReadAt < _cacheTtl)
        {
            return cache.Active;
        }

        await ListAsync(cancellationToken);
        return _cache!.Value.Active;
    }

    public async Task AddAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        await _table.AddEntityAsync(WebhookSubscriptionEntity.From(subscription), cancellationToken);
        _cache = null;
    }

    /// <summary>
    /// Reads, changes and writes back one subscription, again from a fresh read when someone else wrote in between.
    /// Returns the stored result, or null when there is no such subscription.
    /// </summary>
    public async Task<WebhookSubscription?> UpdateAsync(string id, Func<WebhookSubscription, WebhookSubscription> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entity = await GetEntityAsync(id, cancellationToken);
            if (entity is null)
            {
                return null;
            }

            var changed = change(entity.ToSubscription());
            try
            {
                await _table.UpdateEntityAsync(WebhookSubscriptionEntity.From(changed), entity.ETag, TableUpdateMode.Replace, cancellationToken);
                _cache = null;
                return changed;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // changed meanwhile: read again
            }
        }
    }

    /// <summary>Removes a subscription; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(WebhookSubscriptionEntity.Partition, id, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
        finally
        {
            _cache = null;
        }
    }

    private async Task<WebhookSubscriptionEntity?> GetEntityAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<WebhookSubscriptionEntity>(WebhookSubscriptionEntity.Partition, id, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
