using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Sway.Domain;

namespace Sway.Ingestion;

/// <summary>
/// Replays a SNAP Higgs-format activity file: one event per line, <c>actorId targetId unixSeconds RT|MT|RE</c>
/// (retweet → repost, mention, reply), plain text or gzip. Accounts belong to the <c>higgs</c> network with their
/// numeric ids as handles, and every account that receives a reaction gets a profile (dataset mode).
/// The cursor is the number of lines consumed; an event's id is its content, so a line repeated in the file is one
/// event. Malformed lines stop the replay with their line number rather than being skipped silently.
/// </summary>
public sealed class HiggsReplaySource : IActivitySource, IDisposable
{
    private readonly string _path;
    private readonly long _limit;
    private StreamReader? _reader;
    private long _position;
    private DatasetExtent? _extent;
    private Dictionary<string, long>? _lastLineOf;

    /// <param name="path">The activity file.</param>
    /// <param name="limit">Replay only the first <paramref name="limit"/> lines (0: all).</param>
    public HiggsReplaySource(string path, long limit = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The replay file '{path}' does not exist.", path);
        }

        _path = Path.GetFullPath(path);
        _limit = limit == 0 ? long.MaxValue : limit;
    }

    /// <summary>The cursor is per file, so replaying another file starts from its beginning.</summary>
    public string Name => "replay:" + Path.GetFileName(_path);

    public Network Network => Networks.Higgs;

    public ProfileEnrollment Enrollment => ProfileEnrollment.EveryReceiver;

    public async Task<ActivityBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken)
    {
        await MeasureAsync(cancellationToken);
        var start = ParseCursor(cursor);
        var reader = await PositionAsync(start, cancellationToken);
        var events = new List<Interaction>(Math.Min(maxEvents, 100_000));
        var completed = new List<string>();
        var exhausted = false;
        while (events.Count < maxEvents)
        {
            if (_position >= _limit)
            {
                exhausted = true;
                break;
            }

            var line = await reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                exhausted = true;
                break;
            }

            _position++;
            if (line.Length > 0)
            {
                var interaction = Parse(line, _position);
                events.Add(interaction);
                if (_lastLineOf!.TryGetValue(interaction.TargetId, out var last) && last == _position)
                {
                    completed.Add(interaction.TargetId);
                }
            }
        }

        return new ActivityBatch(events, _position.ToString(CultureInfo.InvariantCulture), exhausted, completed);
    }

    /// <summary>
    /// Every event within the limit, in file order, streamed from the start of the file: for loading a whole population
    /// in memory (see <see cref="Scoring.Engine.InteractionLog.FromAsync"/>). It reads the file once, apart from the
    /// cursor of <see cref="ReadAsync"/>, and neither measures the file nor moves the cursor.
    /// </summary>
    public async IAsyncEnumerable<Interaction> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = Open(_path);
        long lines = 0;
        while (lines < _limit && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lines++;
            if (line.Length > 0)
            {
                yield return Parse(line, lines);
            }
        }
    }

    /// <summary>
    /// Every event before <paramref name="cursor"/> (null: none), in file order: what earlier runs stored, for a bulk
    /// replay that resumes (<see cref="BulkReplay"/>) to hold in memory, whatever batches those runs read it in.
    /// </summary>
    public async Task<List<Interaction>> ReadBeforeAsync(string? cursor, CancellationToken cancellationToken)
    {
        var end = Math.Min(ParseCursor(cursor), _limit);
        var events = new List<Interaction>();
        using var reader = Open(_path);
        for (long lines = 0; lines < end && await reader.ReadLineAsync(cancellationToken) is { } line;)
        {
            lines++;
            if (line.Length > 0)
            {
                events.Add(Parse(line, lines));
            }
        }

        return events;
    }

    /// <summary>The lines read so far (the position the cursor records).</summary>
    public long Position => _position;

    /// <summary>
    /// Reads the whole file once (about a second for the 563,069 Higgs events): counts its lines, parses the lines
    /// within the limit, finds the newest event among them, and the line of each receiver's last reaction (so that
    /// each batch can name the receivers it completes). The result is kept: the file does not change.
    /// </summary>
    public async Task<DatasetExtent?> MeasureAsync(CancellationToken cancellationToken)
    {
        if (_extent is not null)
        {
            return _extent;
        }

        using var reader = Open(_path);
        long lines = 0;
        var end = DateTimeOffset.MinValue;
        var lastLineOf = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lines++;
            if (lines > _limit || line.Length == 0)
            {
                continue;
            }

            var interaction = Parse(line, lines);
            end = interaction.OccurredAt > end ? interaction.OccurredAt : end;
            if (interaction.ActorId != interaction.TargetId)
            {
                lastLineOf[interaction.TargetId] = lines;
            }
        }

        _lastLineOf = lastLineOf;
        return _extent = new DatasetExtent(
            Math.Min(lines, _limit), lines, end == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : end, lastLineOf.Keys.ToHashSet(StringComparer.Ordinal));
    }

    public LinkedAccount Describe(string accountId) => new(Network.Name, accountId, accountId);

    public void Dispose() => _reader?.Dispose();

    internal static Interaction Parse(string line, long lineNumber)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 4
            || !Networks.Higgs.AccountIdPattern.IsMatch(fields[0])
            || !Networks.Higgs.AccountIdPattern.IsMatch(fields[1])
            || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new FormatException($"Line {lineNumber} is not 'actorId targetId unixSeconds RT|MT|RE': '{Handle.Printable(line)}'.");
        }

        var type = fields[3] switch
        {
            "RT" => InteractionType.Repost,
            "MT" => InteractionType.Mention,
            "RE" => InteractionType.Reply,
            _ => throw new FormatException($"Line {lineNumber} has the unknown interaction '{Handle.Printable(fields[3])}' (expected RT, MT or RE)."),
        };
        return new Interaction(
            $"{fields[0]}-{fields[1]}-{fields[2]}-{fields[3]}",
            Networks.Higgs.Name,
            fields[0],
            fields[1],
            type,
            PostId: null,
            DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    private async Task<StreamReader> PositionAsync(long start, CancellationToken cancellationToken)
    {
        if (_reader is null || start < _position)
        {
            _reader?.Dispose();
            _reader = Open(_path);
            _position = 0;
        }

        while (_position < start && await _reader.ReadLineAsync(cancellationToken) is not null)
        {
            _position++;
        }

        return _reader;
    }

    private static StreamReader Open(string path)
    {
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, bufferSize: 1 << 16);
    }

    private static long ParseCursor(string? cursor) =>
        cursor is null ? 0
        : long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position
        : throw new FormatException($"'{cursor}' is not a replay cursor (a line count).");
}
