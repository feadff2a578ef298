using System.Globalization;
using Azure.Data.Tables;
using Sway.Storage;

namespace Sway.Tests.Unit;

/// <summary>Entities are grouped into transactions that Azure accepts, each entity written once.</summary>
public sealed class PartitionedWriterTests
{
    private static List<TableEntity> RandomEntities(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(version => new TableEntity(
            "pk" + random.Next(6).ToString(CultureInfo.InvariantCulture),
            "rk" + random.Next(400).ToString(CultureInfo.InvariantCulture))
        {
            ["Version"] = version,
        })];
    }

    private static List<List<TableTransactionAction>> Plan(IEnumerable<ITableEntity> entities) =>
        [.. PartitionedWriter.Plan(entities, TableTransactionActionType.UpsertReplace)];

    [Fact]
    public void Plan_puts_one_partition_in_each_transaction()
    {
        var transactions = Plan(RandomEntities(1, 2_000));

        Assert.All(transactions, t => Assert.Single(t.Select(a => a.Entity.PartitionKey).Distinct(StringComparer.Ordinal)));
    }

    [Fact]
    public void Plan_keeps_every_transaction_within_100_operations()
    {
        var transactions = Plan(RandomEntities(2, 2_000));

        Assert.All(transactions, t => Assert.InRange(t.Count, 1, PartitionedWriter.MaxOperationsPerTransaction));
    }

    [Fact]
    public void Plan_never_repeats_a_row_key_within_a_transaction()
    {
        var transactions = Plan(RandomEntities(3, 2_000));

        Assert.All(transactions, t => Assert.Equal(t.Count, t.Select(a => a.Entity.RowKey).Distinct(StringComparer.Ordinal).Count()));
    }

    [Fact]
    public void Plan_writes_every_distinct_entity_exactly_once()
    {
        var entities = RandomEntities(4, 2_000);

        var planned = Plan(entities).SelectMany(t => t).Select(a => (a.Entity.PartitionKey, a.Entity.RowKey)).ToList();

        var distinct = entities.Select(e => (e.PartitionKey, e.RowKey)).Distinct().ToList();
        Assert.Equal(distinct.Count, planned.Count);
        Assert.Equal(distinct.ToHashSet(), planned.ToHashSet());
    }

    [Fact]
    public void Plan_keeps_the_last_write_of_a_duplicated_key()
    {
        var entities = RandomEntities(5, 2_000);

        var planned = Plan(entities).SelectMany(t => t).Select(a => (TableEntity)a.Entity);

        var last = entities.GroupBy(e => (e.PartitionKey, e.RowKey)).ToDictionary(g => g.Key, g => g.Max(e => e.GetInt32("Version")));
        Assert.All(planned, e => Assert.Equal(last[(e.PartitionKey, e.RowKey)], e.GetInt32("Version")));
    }

    [Fact]
    public void Plan_uses_as_few_transactions_as_a_partition_needs()
    {
        var entities = Enumerable.Range(0, 250).Select(i => new TableEntity("one", i.ToString("D3", CultureInfo.InvariantCulture)));

        var transactions = Plan(entities);

        Assert.Equal(3, transactions.Count);
    }

    [Fact]
    public void Plan_treats_keys_differing_only_in_case_as_different_entities()
    {
        TableEntity[] entities = [new("a", "x"), new("A", "x"), new("a", "X")];

        var transactions = Plan(entities);

        Assert.Equal(3, transactions.Sum(t => t.Count));
        Assert.Equal(2, transactions.Count);
    }

    [Fact]
    public void Plan_uses_the_requested_action_for_every_entity()
    {
        var transactions = PartitionedWriter.Plan(RandomEntities(6, 300), TableTransactionActionType.UpsertMerge).ToList();

        Assert.All(transactions.SelectMany(t => t), a => Assert.Equal(TableTransactionActionType.UpsertMerge, a.ActionType));
    }

    [Fact]
    public void Plan_of_nothing_is_no_transaction()
    {
        Assert.Empty(Plan([]));
    }
}
