using Sway.Storage;

namespace Sway.Tests.Infra;

/// <summary>infra/ creates Sway's storage up front: exactly the tables and queues Core uses, poison queues included.</summary>
public sealed class StorageLayoutTests
{
    [Fact]
    public async Task Every_table_core_uses_is_created_up_front()
    {
        var deployment = await Bicep.PredictAsync();

        var tables = deployment.ShortNamesOf("Microsoft.Storage/storageAccounts/tableServices/tables");

        Assert.Equal(StorageNames.Tables.Order(), tables.Order());
    }

    [Fact]
    public async Task Every_queue_core_uses_is_created_up_front_with_its_poison_queue()
    {
        var deployment = await Bicep.PredictAsync();

        var queues = deployment.ShortNamesOf("Microsoft.Storage/storageAccounts/queueServices/queues");

        Assert.Equal(StorageNames.Queues.SelectMany(q => new[] { q, StorageNames.PoisonQueueOf(q) }).Order(), queues.Order());
    }
}
