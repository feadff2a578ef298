using Microsoft.Extensions.DependencyInjection;
using Sway.Ingestion;

namespace Sway.Connectors;

/// <summary>Registers connectors: each reader is both an <see cref="IAccountReader"/> (linking looks accounts up through it) and, wrapped in a <see cref="ConnectorSource"/>, an <see cref="IActivitySource"/> the puller reads.</summary>
public static class ConnectorServiceCollectionExtensions
{
    public static IServiceCollection AddAccountReader(this IServiceCollection services, Func<IServiceProvider, IAccountReader> reader)
    {
        var key = new object();
        services.AddKeyedSingleton(key, (sp, _) => reader(sp));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<IAccountReader>(key));
        services.AddSingleton<IActivitySource>(sp => ActivatorUtilities.CreateInstance<ConnectorSource>(sp, sp.GetRequiredKeyedService<IAccountReader>(key)));
        return services;
    }
}
