using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sway.Api;
using Sway.Cli.Hosting;

namespace Sway.Cli.Commands;

/// <summary><c>sway score NETWORK HANDLE</c>: a score and its explanation, from the configured storage.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var network = new Argument<string>("network") { Description = "mastodon, bluesky, twitter, higgs or demo." };
        var handle = new Argument<string>("handle") { Description = "The account's handle on that network." };
        var command = new Command("score", "Print the score of the profile that linked an account, with its explanation.") { network, handle };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(network)!, parse.GetValue(handle)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(string network, string handle, CancellationToken cancellationToken)
    {
        await using var storage = await StorageConnection.OpenAsync(startAzuriteIfNone: false, reuseRunningAzurite: true, cancellationToken);
        await using var app = LocalHost.Build(new Dictionary<string, string?> { ["SwayStorage"] = storage.ConnectionString }, "http://127.0.0.1:0", timers: false, workers: false);
        var outcome = await app.Services.GetRequiredService<ScoreLookup>().ByHandleAsync(network, handle, cancellationToken);
        if (!outcome.Succeeded)
        {
            Console.Error.WriteLine($"sway: {outcome.Problem.Detail}");
            return outcome.Problem.Status == 400 ? 2 : 1;
        }

        Print(outcome.Value);
        return 0;
    }

    private static void Print(ScoreView view)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{view.Score}  profile {view.ProfileId}  (model {view.ModelVersion}, as of {view.AsOf:u}, computed {view.ComputedAt:u})"));
        Console.WriteLine("Accounts: " + string.Join(", ", view.Accounts.Select(a => $"{a.Network}:{a.Handle}")));
        var e = view.Explanation;
        Console.WriteLine(string.Create(inv, $"{e.Reactions} reactions from {e.Reactors} accounts, weight {e.Weight:F2}"));
        Console.WriteLine(string.Create(inv, $"  {e.Baseline,3} points  baseline"));
        foreach (var c in e.Components)
        {
            Console.WriteLine(string.Create(inv, $"  {c.Points,3} points  {c.Network} {c.Type.ToString().ToLowerInvariant()} ({c.Reactions} reactions, {c.Share:P1} of the weight)"));
        }

        Console.WriteLine(string.Create(inv, $"  {view.Score,3} points  in all"));
        if (e.Standing is { } standing)
        {
            Console.WriteLine(string.Create(inv, $"Of these, {standing.Points} points ({standing.Share:P1} of the weight) came from who reacted: reactors' standing above the floor every reactor has."));
        }

        if (e.Discounted is { } discounted)
        {
            Console.WriteLine(string.Create(inv, $"Discounted: {discounted.Reactions} reactions from {discounted.Reactors} accounts that behave like bots or a ring{(discounted.Reasons.Count > 0 ? ": " + string.Join("; ", discounted.Reasons) : "")}."));
        }

        if (e.Amplifiers.Count > 0)
        {
            Console.WriteLine("Top amplifiers:");
            foreach (var a in e.Amplifiers)
            {
                var standingText = a.Standing is { } s ? string.Create(inv, $", standing {s:0.##}") : "";
                var trust = a.Trust is { } t ? string.Create(inv, $", trusted {t:P0}") : "";
                Console.WriteLine(string.Create(inv, $"  {a.Share,6:P1}  {a.Network}:{a.AccountId} ({a.Reactions} reactions{standingText}{trust})"));
            }
        }

        if (e.TopPosts.Count > 0)
        {
            Console.WriteLine("Top posts: " + string.Join(", ", e.TopPosts.Select(p => string.Create(inv, $"{p.PostId} {p.Share:P1}"))));
        }
    }
}
