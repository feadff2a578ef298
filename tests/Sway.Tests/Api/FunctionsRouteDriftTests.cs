using System.Text.RegularExpressions;
using Sway.Http;

namespace Sway.Tests.Api;

/// <summary>
/// The Functions app cannot be built here, so its HTTP triggers are read as text and held to the shared route table
/// (<see cref="SwayRoutes"/>): one trigger per route, with the route's name, method and template, and
/// <c>AuthorizationLevel.Function</c> exactly for the routes that need the key; no trigger the table lacks.
/// </summary>
public sealed partial class FunctionsRouteDriftTests
{
    private sealed record Trigger(string File, string Name, string Level, string Method, string Route);

    [Fact]
    public void Every_route_of_the_table_is_a_Functions_HTTP_trigger_with_the_same_method_route_and_authorization()
    {
        var triggers = Triggers().ToDictionary(t => t.Name);

        foreach (var route in SwayRoutes.All)
        {
            Assert.True(triggers.TryGetValue(route.Name, out var trigger), $"Functions/ has no HTTP trigger [Function(\"{route.Name}\")] for {route.Display}.");
            Assert.Equal(route.Method, trigger.Method, ignoreCase: true);
            Assert.Equal(route.Template, trigger.Route);
            Assert.Equal(route.RequiresKey ? "Function" : "Anonymous", trigger.Level);
        }
    }

    [Fact]
    public void Functions_has_no_HTTP_trigger_that_the_table_lacks()
    {
        var names = SwayRoutes.All.Select(r => r.Name).ToHashSet();

        Assert.All(Triggers(), t => Assert.True(names.Contains(t.Name), $"{t.File}: the HTTP trigger {t.Name} is not in SwayRoutes.All."));
    }

    [Fact]
    public void The_table_names_each_route_once_and_each_method_and_template_once()
    {
        Assert.Equal(SwayRoutes.All.Count, SwayRoutes.All.Select(r => r.Name).Distinct().Count());
        Assert.Equal(SwayRoutes.All.Count, SwayRoutes.All.Select(r => (r.Method, r.Template)).Distinct().Count());
    }

    /// <summary>Every HTTP trigger in <c>Functions/*.cs</c>; a trigger written in a shape the pattern misses fails the read.</summary>
    private static List<Trigger> Triggers()
    {
        var files = Directory.GetFiles(Repository.PathOf("Functions"), "*.cs");
        Assert.NotEmpty(files);
        var all = new List<Trigger>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var found = TriggerPattern().Matches(text)
                .Select(m => new Trigger(Path.GetFileName(file), m.Groups["name"].Value, m.Groups["level"].Value, m.Groups["method"].Value, m.Groups["route"].Value))
                .ToList();
            Assert.True(
                found.Count == Regex.Count(text, @"\[HttpTrigger\("),
                $"{Path.GetFileName(file)}: an HTTP trigger is not written as [Function(\"Name\")] over a method whose first parameter is [HttpTrigger(AuthorizationLevel.X, \"method\", Route = \"...\")].");
            all.AddRange(found);
        }

        return all;
    }

    [GeneratedRegex("""
        \[Function\("(?<name>[^"]+)"\)\]\s*
        public\s[^(]*\(\s*
        \[HttpTrigger\(\s*AuthorizationLevel\.(?<level>\w+)\s*,\s*"(?<method>\w+)"\s*,\s*Route\s*=\s*"(?<route>[^"]*)"\s*\)\]
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex TriggerPattern();
}
