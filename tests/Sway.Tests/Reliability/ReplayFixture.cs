using System.Globalization;

namespace Sway.Tests.Reliability;

/// <summary>
/// A SNAP Higgs-format activity file written by the test (so the reliability tests never depend on shared data):
/// seeded, time-ordered over five days, heavy-tailed receivers, with the dataset's quirks (self-reactions and
/// repeated lines). Deleted when disposed.
/// </summary>
internal sealed class ReplayFixture : IDisposable
{
    private ReplayFixture(string path, int events, int receivers)
    {
        Path = path;
        Events = events;
        Receivers = receivers;
    }

    public string Path { get; }

    public int Events { get; }

    /// <summary>Distinct accounts that received a reaction from someone else.</summary>
    public int Receivers { get; }

    public static ReplayFixture Write(int events, int seed = 2012)
    {
        var random = new Random(seed);
        var start = 1_341_100_800L; // 2012-07-01, as the Higgs data
        var types = new[] { "RT", "MT", "RE" };
        var lines = new List<string>(events);
        var receivers = new HashSet<int>();
        for (var i = 0; i < events; i++)
        {
            var at = start + (long)(5 * 86_400.0 * i / events);
            if (i > 0 && random.NextDouble() < 0.02)
            {
                lines.Add(lines[^1]); // the dataset repeats some lines verbatim
                continue;
            }

            var actor = random.Next(1, 400);
            var target = 1 + (int)(250 * Math.Pow(random.NextDouble(), 3));
            if (random.NextDouble() < 0.01)
            {
                target = actor; // a self-reaction: stored nowhere
            }

            if (target != actor)
            {
                receivers.Add(target);
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{actor} {target} {at} {types[random.Next(types.Length)]}"));
        }

        // The same name in a folder of its own: the replay's cursor is named after the file, so runs compare equal.
        var folder = Directory.CreateTempSubdirectory("sway-fixture-").FullName;
        var path = System.IO.Path.Combine(folder, $"higgs-fixture-{seed}-{events}.txt");
        File.WriteAllLines(path, lines);
        return new ReplayFixture(path, events, receivers.Count);
    }

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
}
