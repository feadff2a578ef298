namespace Sway.Tests;

/// <summary>The Sway repository the tests run from (the folder holding <c>Sway.slnx</c>).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sway.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The test is not running inside the Sway repository.");
    }
}
