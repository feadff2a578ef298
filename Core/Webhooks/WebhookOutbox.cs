using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Sway.Domain;
using Sway.Storage;

namespace Sway.Webhooks;

/// <summary>
/// The transactional outbox between scoring and delivery. A score change that some subscription wants becomes an
/// outbox row in the profile's own partition of the <c>Scores</c> table, written in the same transaction as the
/// score: a stored change always has its event, and a redelivered score message (which finds the score unchanged)
/// adds none. Dispatching turns each outbox row into one delivery row per subscription (idempotent keys) and a
/// <c>webhook-deliveries</c> message, then removes it; a crash in between leaves the row, and the next scoring of
/// the profile dispatches it.
/// </summary>
public sealed class WebhookOutbox(
    SwayStorage storage,
    WebhookSubscriptionStore subscriptions,
    WebhookDeliveryStore deliveries,
    WebhookDeliveryQueue queue,
    IOptions<WebhookOptions> options,
    TimeProvider clock)
{
    private const string RowPrefix = "outbox";
    private readonly PartitionedTable _scores = storage.Scores;
    private readonly TimeSpan _firstDelay = options.Value.Schedule()[0];

    /// <summary>
    /// The outbox row for this score, to store with it, or null when no active subscription wants the change
    /// (<paramref name="previous"/> is the score stored before; null when this is the profile's first).
    /// </summary>
    public async Task<TableEntity?> ChangeRowAsync(ScoreResult score, int? previous, CancellationToken cancellationToken)
    {
        if (previous == score.Score)
        {
            return null;
        }

        var wanting = (await subscriptions.ActiveAsync(cancellationToken))
            .Where(s => s.WantsChange(score.ProfileId, previous, score.Score))
            .Select(s => s.Id)
            .ToList();
        if (wanting.Count == 0)
        {
            return null;
        }

        var change = WebhookEvent.ScoreChanged(score, previous, clock.GetUtcNow());
        return new TableEntity(score.ProfileId, TableKey.Join(RowPrefix, change.Id))
        {
            ["Type"] = change.Type,
            ["At"] = change.Timestamp,
            ["Body"] = change.Body,
            ["Subscriptions"] = string.Join(',', wanting),
        };
    }

    /// <summary>
    /// Dispatches the profile's outbox rows, if it may have any: the one just written, or one left by a scoring that
    /// stopped before dispatching (only possible while some subscription is active).
    /// </summary>
    public async Task DispatchAsync(string profileId, bool wroteOne, CancellationToken cancellationToken)
    {
        if (!wroteOne && (await subscriptions.ActiveAsync(cancellationToken)).Count == 0)
        {
            return;
        }

        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {profileId} and RowKey gt {RowPrefix + TableKey.Separator} and RowKey lt {RowPrefix + (char)(TableKey.Separator + 1)}");
        await foreach (var row in _scores.Of(profileId).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var change = new WebhookEvent(row.RowKey[(RowPrefix.Length + 1)..], row.GetString("Type"), row.GetDateTimeOffset("At") ?? clock.GetUtcNow(), row.GetString("Body"), profileId);
            await DeliverAsync(change, row.GetString("Subscriptions").Split(',', StringSplitOptions.RemoveEmptyEntries), cancellationToken);
            try
            {
                await _scores.Of(profileId).DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // dispatched meanwhile by another scoring of the profile, or our own delete's answer was lost
            }
        }
    }

    /// <summary>
    /// Sends an event that is not tied to a score (<c>profile.erased</c>) to every active subscription that wants it.
    /// Idempotent per event id: publishing the same event again adds no delivery.
    /// </summary>
    public async Task PublishAsync(WebhookEvent e, CancellationToken cancellationToken)
    {
        var wanting = (await subscriptions.ActiveAsync(cancellationToken)).Where(s => s.Wants(e.Type, e.ProfileId)).Select(s => s.Id);
        await DeliverAsync(e, wanting, cancellationToken);
    }

    /// <summary>Adds one delivery per subscription (idempotent) and asks the delivery worker for each.</summary>
    internal async Task DeliverAsync(WebhookEvent e, IEnumerable<string> subscriptionIds, CancellationToken cancellationToken)
    {
        foreach (var subscriptionId in subscriptionIds)
        {
            await deliveries.AddIfMissingAsync(WebhookDelivery.Of(subscriptionId, e, e.Timestamp + _firstDelay), cancellationToken);
            await queue.EnqueueAsync(new WebhookDeliveryRequest(subscriptionId, e.Id, 1, 1), _firstDelay, cancellationToken);
        }
    }
}
