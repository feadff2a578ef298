using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace Sway.Tests.Infra;

/// <summary>
/// infra/ as Azure would receive it, offline: the ARM template the build compiled from infra/main.bicep, and the
/// deployments <c>bicep snapshot</c> predicts for given parameters (every resource, with its properties evaluated as
/// far as they can be before anything exists). The bicep compiler is the one NuGet restored for the build.
/// </summary>
internal static class Bicep
{
    public const string SubscriptionId = "00000000-0000-4000-8000-0000000000aa";
    public const string TenantId = "00000000-0000-4000-8000-0000000000bb";
    public const string Location = "swedencentral";
    public const string EnvironmentName = "sway-test";

    private static readonly ConcurrentDictionary<string, Lazy<Task<PredictedDeployment>>> Predictions = new();

    public static string MainFile => Repository.PathOf("infra", "main.bicep");

    /// <summary>The ARM template compiled by the build of infra/Sway.Infra.csproj.</summary>
    public static string CompiledTemplateText() => File.ReadAllText(Metadata("ArmTemplate"));

    /// <summary>
    /// The deployment of infra/main.bicep with the environment name and location azd would pass plus
    /// <paramref name="parameters"/> (Bicep literals by parameter name). Predictions are cached per parameter set.
    /// </summary>
    public static Task<PredictedDeployment> PredictAsync(IReadOnlyDictionary<string, string>? parameters = null)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["environmentName"] = $"'{EnvironmentName}'",
            ["location"] = $"'{Location}'",
        };
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }

        var key = string.Join('\n', all.Select(p => $"{p.Key}={p.Value}"));
        return Predictions.GetOrAdd(key, _ => new Lazy<Task<PredictedDeployment>>(() => SnapshotAsync(all))).Value;
    }

    private static async Task<PredictedDeployment> SnapshotAsync(IReadOnlyDictionary<string, string> parameters)
    {
        var folder = Directory.CreateTempSubdirectory("sway-bicep-");
        try
        {
            var paramFile = Path.Combine(folder.FullName, "test.bicepparam");
            var text = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"using '{Path.GetRelativePath(folder.FullName, MainFile).Replace('\\', '/')}'\n");
            foreach (var (name, value) in parameters)
            {
                text.Append(CultureInfo.InvariantCulture, $"param {name} = {value}\n");
            }

            await File.WriteAllTextAsync(paramFile, text.ToString());
            await RunAsync("snapshot", paramFile, "--mode", "overwrite", "--subscription-id", SubscriptionId, "--tenant-id", TenantId, "--location", Location);
            var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "test.snapshot.json")))!;
            return new PredictedDeployment(snapshot);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Metadata("BicepPath")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    private static string Metadata(string key) =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata.");
}
