using System.Globalization;
using System.Text;

namespace Sway.Storage;

/// <summary>
/// Turns outside strings (ids, handles, event ids) into PartitionKey/RowKey parts. Table keys forbid
/// <c>/ \ # ?</c> and control characters; everything but <c>[A-Za-z0-9._@:-]</c> is escaped as <c>%XX</c> (UTF-8),
/// so keys stay readable, distinct inputs give distinct keys, and ordering within plain inputs is kept.
/// </summary>
public static class TableKey
{
    /// <summary>The separator between key parts. Never produced by <see cref="Escape"/>.</summary>
    public const char Separator = '|';

    /// <summary>A stable bucket in [0, <paramref name="buckets"/>) for a key (FNV-1a over its UTF-16 code units): the same in every process and run.</summary>
    public static int Bucket(string value, int buckets)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)buckets);
    }

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.All(IsPlain))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        Span<byte> bytes = stackalloc byte[4];
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate has no UTF-8 form: keep it distinct (and distinct from U+FFFD) as %uXXXX.
                builder.Append("%u").Append(((int)rest[0]).ToString("X4", CultureInfo.InvariantCulture));
                rest = rest[1..];
                continue;
            }

            rest = rest[consumed..];
            if (rune.IsAscii && IsPlain((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var count = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..count])
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public static string Join(string first, string second) => $"{first}{Separator}{second}";

    private static bool IsPlain(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '@' or ':' or '-';
}
