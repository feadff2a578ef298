using Azure.Data.Tables;
using Azure.Storage.Queues;
using Sway.Storage;
using Sway.Tests.Hosting;

namespace Sway.Tests.Cli;

/// <summary><c>sway storage init</c>: creates every table and queue on a fresh storage, and is a no-op the second time.</summary>
public sealed class StorageInitCommandTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<string> QueueNames(string prefix) =>
        StorageNames.Queues.SelectMany(q => new[] { prefix + q, StorageNames.PoisonQueueOf(prefix + q) });

    [Fact]
    public async Task Init_creates_every_table_and_queue_then_a_second_run_creates_nothing_and_succeeds()
    {
        var prefix = SwayTestHost.NewPrefix();
        var environment = new Dictionary<string, string> { ["SwayStorage"] = azurite.ConnectionString, ["Storage__NamePrefix"] = prefix };

        var first = await SwayCli.RunAsync(environment, "storage", "init");

        Assert.True(first.ExitCode == 0, first.Error);
        var tables = new TableServiceClient(azurite.ConnectionString);
        var existingTables = new List<string>();
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(prefix + "~") < 0, cancellationToken: Ct))
        {
            existingTables.Add(table.Name);
        }

        Assert.Equal(StorageNames.Tables.Select(t => prefix + t).Order(StringComparer.Ordinal), existingTables.Order(StringComparer.Ordinal));
        var queues = new QueueServiceClient(azurite.ConnectionString);
        var existingQueues = new List<string>();
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix, cancellationToken: Ct))
        {
            existingQueues.Add(queue.Name);
        }

        Assert.Equal(QueueNames(prefix).Order(StringComparer.Ordinal), existingQueues.Order(StringComparer.Ordinal));
        var resources = StorageNames.Tables.Count + QueueNames(prefix).Count();
        Assert.Contains($"Storage is ready: {resources} created, 0 already there.", first.Output, StringComparison.Ordinal);
        var lines = first.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.All(StorageNames.Tables.Select(t => prefix + t).Concat(QueueNames(prefix)), name =>
            Assert.StartsWith("created", Assert.Single(lines, l => l.EndsWith(" " + name, StringComparison.Ordinal)), StringComparison.Ordinal));

        var second = await SwayCli.RunAsync(environment, "storage", "init");

        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains($"Storage is ready: 0 created, {resources} already there.", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("created ", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_against_storage_that_does_not_answer_exits_1_with_a_message()
    {
        await using var storage = new CountingListener();
        var environment = new Dictionary<string, string>
        {
            ["SwayStorage"] = storage.ConnectionString,
            ["Storage__MaxRetries"] = "0",
            ["Storage__NamePrefix"] = SwayTestHost.NewPrefix(),
        };

        var result = await SwayCli.RunAsync(environment, "storage", "init");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sway: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Storage is ready", result.Output, StringComparison.Ordinal);
    }
}
