namespace Sway.Tests;

/// <summary>
/// The project's shared real data (never copied into the repository), found through the <c>SWAY_SHARED_DATA</c>
/// setting or, by default, at <c>../shared/data</c> beside the repository. Tests that need it skip, saying why,
/// where it is absent (a user's fresh clone has no shared folder).
/// </summary>
internal static class SharedData
{
    public const string Setting = "SWAY_SHARED_DATA";

    public static string Folder =>
        Environment.GetEnvironmentVariable(Setting) is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "data"));

    /// <summary>The path of a shared file, or a skipped test that names the setting to set.</summary>
    public static string Require(string relativePath)
    {
        var path = Path.Combine(Folder, relativePath);
        if (!File.Exists(path))
        {
            Assert.Skip($"Shared data file '{path}' is absent; set {Setting} to the shared data folder to run this test.");
        }

        return path;
    }
}
