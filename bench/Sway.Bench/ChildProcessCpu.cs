using System.Globalization;

namespace Sway.Bench;

/// <summary>
/// The CPU time (user + system) of this process's child processes named <paramref name="name"/> (Azurite is a
/// <c>node</c> started by <c>AzuriteProcess</c>), read from <c>/proc</c>; zero where there is no <c>/proc</c>.
/// </summary>
internal sealed class ChildProcessCpu(string name)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on Linux

    public TimeSpan Total
    {
        get
        {
            var ticks = 0L;
            foreach (var stat in ChildStats())
            {
                // Fields after the command's closing parenthesis: state ppid ... utime (14th) stime (15th).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }

            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
    }

    private IEnumerable<string> ChildStats()
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open || stat[(open + 1)..close] != name)
            {
                continue;
            }

            var parent = stat[(close + 2)..].Split(' ')[1];
            if (parent == Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
            {
                yield return stat;
            }
        }
    }
}
