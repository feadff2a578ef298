using System.IO.Compression;
using System.Text;
using Sway.Domain;
using Sway.Ingestion;

namespace Sway.Tests.Unit;

/// <summary>Replaying a SNAP Higgs-format file: one event per line, resumable from a line-count cursor.</summary>
public sealed class HiggsReplaySourceTests : IDisposable
{
    private static readonly string[] SixLines =
    [
        "1 2 1341100972 RT",
        "3 2 1341100973 MT",
        "4 5 1341100974 RE",
        "6 2 1341100975 RT",
        "7 8 1341100976 MT",
        "9 2 1341100977 RE",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("sway-higgs-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private string WriteGzip(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return path;
    }

    [Fact]
    public async Task ReadAsync_maps_RT_MT_and_RE_to_repost_mention_and_reply()
    {
        using var source = new HiggsReplaySource(Write("types.txt", "1 2 1341100972 RT", "1 2 1341100972 MT", "1 2 1341100972 RE"));

        var batch = await source.ReadAsync(null, 10, Ct);

        Assert.Equal([InteractionType.Repost, InteractionType.Mention, InteractionType.Reply], batch.Interactions.Select(i => i.Type));
    }

    [Fact]
    public async Task ReadAsync_reads_actor_target_and_time_of_a_line_on_the_higgs_network()
    {
        using var source = new HiggsReplaySource(Write("one.txt", "223789 213163 1341100972 RE"));

        var interaction = Assert.Single((await source.ReadAsync(null, 10, Ct)).Interactions);

        Assert.Equal(Networks.Higgs.Name, interaction.Network);
        Assert.Equal("223789", interaction.ActorId);
        Assert.Equal("213163", interaction.TargetId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1341100972), interaction.OccurredAt);
        Assert.Null(interaction.PostId);
    }

    [Fact]
    public async Task ReadAsync_gives_the_same_line_the_same_event_id_and_different_lines_different_ones()
    {
        using var source = new HiggsReplaySource(Write("twice.txt", "1 2 1341100972 RT", "1 2 1341100972 RT", "1 2 1341100972 MT", "2 1 1341100972 RT"));

        var ids = (await source.ReadAsync(null, 10, Ct)).Interactions.Select(i => i.EventId).ToList();

        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(3, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task ReadAsync_returns_the_number_of_lines_consumed_as_cursor()
    {
        using var source = new HiggsReplaySource(Write("six.txt", SixLines));

        var batch = await source.ReadAsync(null, 4, Ct);

        Assert.Equal("4", batch.NextCursor);
        Assert.False(batch.Exhausted);
    }

    [Fact]
    public async Task Two_reads_of_3_from_the_cursor_equal_one_read_of_6()
    {
        var path = Write("six.txt", SixLines);
        using var source = new HiggsReplaySource(path);
        using var whole = new HiggsReplaySource(path);

        var first = await source.ReadAsync(null, 3, Ct);
        var second = await source.ReadAsync(first.NextCursor, 3, Ct);
        var once = await whole.ReadAsync(null, 6, Ct);

        Assert.Equal(once.Interactions, [.. first.Interactions, .. second.Interactions]);
        Assert.Equal(once.NextCursor, second.NextCursor);
    }

    [Fact]
    public async Task A_new_source_resumes_from_a_cursor_where_the_previous_one_stopped()
    {
        var path = Write("six.txt", SixLines);
        using var before = new HiggsReplaySource(path);
        var first = await before.ReadAsync(null, 2, Ct);

        using var after = new HiggsReplaySource(path);
        var rest = await after.ReadAsync(first.NextCursor, 10, Ct);

        Assert.Equal(SixLines.Length - 2, rest.Interactions.Count);
        Assert.Equal("4", rest.Interactions[0].ActorId);
    }

    [Fact]
    public async Task Reading_an_earlier_cursor_again_gives_the_same_events()
    {
        using var source = new HiggsReplaySource(Write("six.txt", SixLines));
        var first = await source.ReadAsync("1", 3, Ct);
        await source.ReadAsync(first.NextCursor, 3, Ct);

        var again = await source.ReadAsync("1", 3, Ct);

        Assert.Equal(first.Interactions, again.Interactions);
        Assert.Equal(first.NextCursor, again.NextCursor);
    }

    [Fact]
    public async Task ReadAsync_reports_exhausted_at_the_end_of_the_file()
    {
        using var source = new HiggsReplaySource(Write("six.txt", SixLines));

        var batch = await source.ReadAsync(null, 100, Ct);
        var after = await source.ReadAsync(batch.NextCursor, 100, Ct);

        Assert.True(batch.Exhausted);
        Assert.Equal(SixLines.Length, batch.Interactions.Count);
        Assert.Empty(after.Interactions);
        Assert.True(after.Exhausted);
    }

    [Fact]
    public async Task A_limit_stops_the_replay_and_reports_exhausted()
    {
        using var source = new HiggsReplaySource(Write("six.txt", SixLines), limit: 4);

        var batch = await source.ReadAsync(null, 100, Ct);
        var after = await source.ReadAsync(batch.NextCursor, 100, Ct);

        Assert.Equal(4, batch.Interactions.Count);
        Assert.True(batch.Exhausted);
        Assert.Empty(after.Interactions);
        Assert.True(after.Exhausted);
    }

    [Fact]
    public async Task ReadAllAsync_streams_the_events_within_the_limit_from_the_start_and_leaves_the_cursor_alone()
    {
        using var source = new HiggsReplaySource(Write("six.txt", SixLines), limit: 4);
        using var copy = new HiggsReplaySource(Write("copy.txt", SixLines), limit: 4);
        var first = await source.ReadAsync(null, 2, Ct);

        var all = await source.ReadAllAsync(Ct).ToListAsync(Ct);
        var next = await source.ReadAsync(first.NextCursor, 100, Ct);

        Assert.Equal((await copy.ReadAsync(null, 100, Ct)).Interactions, all);
        Assert.Equal(2, next.Interactions.Count);
        Assert.Equal("4", next.NextCursor);
    }

    [Fact]
    public async Task Blank_lines_are_skipped_but_counted_in_the_cursor()
    {
        using var source = new HiggsReplaySource(Write("blank.txt", "1 2 1341100972 RT", string.Empty, "3 2 1341100973 MT"));

        var batch = await source.ReadAsync(null, 100, Ct);

        Assert.Equal(2, batch.Interactions.Count);
        Assert.Equal("3", batch.NextCursor);
    }

    [Fact]
    public async Task A_gzip_file_reads_the_same_as_the_plain_file()
    {
        using var plain = new HiggsReplaySource(Write("six.txt", SixLines));
        using var gzip = new HiggsReplaySource(WriteGzip("six.txt.gz", SixLines));

        var fromPlain = await plain.ReadAsync(null, 100, Ct);
        var fromGzip = await gzip.ReadAsync(null, 100, Ct);

        Assert.Equal(fromPlain.Interactions, fromGzip.Interactions);
        Assert.Equal(fromPlain.NextCursor, fromGzip.NextCursor);
    }

    [Theory]
    [InlineData("1 2 1341100972")]
    [InlineData("1 2 1341100972 RT extra")]
    [InlineData("a 2 1341100972 RT")]
    [InlineData("1 -2 1341100972 RT")]
    [InlineData("1 2 -1341100972 RT")]
    [InlineData("1 2 soon RT")]
    [InlineData("1\t2\t1341100972\tRT")]
    public async Task A_malformed_line_stops_the_replay_naming_its_line_number(string malformed)
    {
        using var source = new HiggsReplaySource(Write("bad.txt", "1 2 1341100972 RT", "3 2 1341100973 MT", malformed));

        var error = await Assert.ThrowsAsync<FormatException>(() => source.ReadAsync(null, 100, Ct));

        Assert.Contains("Line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timestamp_beyond_the_calendar_is_a_malformed_line()
    {
        using var source = new HiggsReplaySource(Write("far.txt", "1 2 99999999999999999 RT"));

        var error = await Assert.ThrowsAsync<FormatException>(() => source.ReadAsync(null, 100, Ct));

        Assert.Contains("Line 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LK")]
    [InlineData("rt")]
    public async Task An_unknown_interaction_code_stops_the_replay_naming_its_line_number(string code)
    {
        using var source = new HiggsReplaySource(Write("code.txt", "1 2 1341100972 RT", $"3 2 1341100973 {code}"));

        var error = await Assert.ThrowsAsync<FormatException>(() => source.ReadAsync(null, 100, Ct));

        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_cursor_is_refused()
    {
        using var source = new HiggsReplaySource(Write("six.txt", SixLines));

        await Assert.ThrowsAsync<FormatException>(() => source.ReadAsync("three", 100, Ct));
    }

    [Fact]
    public void A_missing_file_is_refused_up_front()
    {
        Assert.Throws<FileNotFoundException>(() => new HiggsReplaySource(Path.Combine(_folder, "missing.txt")));
    }

    [Fact]
    public void The_source_name_is_per_file()
    {
        using var first = new HiggsReplaySource(Write("a.txt", SixLines));
        using var second = new HiggsReplaySource(Write("b.txt", SixLines));

        Assert.NotEqual(first.Name, second.Name);
    }
}
