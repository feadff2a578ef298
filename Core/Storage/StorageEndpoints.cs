using Microsoft.Extensions.Configuration;

namespace Sway.Storage;

/// <summary>
/// The table and queue service addresses of an identity-based storage connection, read the way the Azure Functions
/// host reads one: <c>SwayStorage__tableServiceUri</c> and <c>SwayStorage__queueServiceUri</c>, or
/// <c>SwayStorage__accountName</c> for both. The credential beside them (<c>__credential</c>, <c>__clientId</c>) is
/// Microsoft.Extensions.Azure's to read.
/// </summary>
internal static class StorageEndpoints
{
    /// <summary>The table service address of an identity-based connection.</summary>
    public static Uri TableOf(IConfigurationSection connection) => ServiceUri(connection, "tableServiceUri", connection["accountName"], "table");

    /// <summary>The queue service address of an identity-based connection (only the home account's queues are used).</summary>
    public static Uri QueueOf(IConfigurationSection connection) => ServiceUri(connection, "queueServiceUri", connection["accountName"], "queue");

    private static Uri ServiceUri(IConfigurationSection connection, string key, string? accountName, string service)
    {
        var setting = $"{connection.Path}__{key}";
        var value = connection[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            if (string.IsNullOrWhiteSpace(accountName))
            {
                var problem = connection.GetChildren().Any() ? $"'{setting}' is missing" : "No storage is configured";
                throw new InvalidOperationException(
                    $"{problem}: set '{connection.Path}' to a storage connection string (Azurite locally), " +
                    $"or '{setting}' (or '{connection.Path}__accountName') with '{connection.Path}__credential' for a managed identity (Azure).");
            }

            value = $"https://{accountName}.{service}.core.windows.net";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"'{setting}' is not an absolute http(s) address: '{value}'.");
        }

        return uri;
    }
}
