using System.Text;
using Sway.Storage;

namespace Sway.Tests.Unit;

/// <summary>Outside strings become table key parts that Azure accepts and that never collide.</summary>
public sealed class TableKeyTests
{
    private static readonly string[] Tricky =
    [
        "", "a", "A", "abc", "/", "\\", "#", "?", "|", "%", "%25", "%2F", "%7C", "a|b", "a%7Cb", "a/b", "a%2Fb",
        " ", "  ", "a b", "a+b", "a%20b", "\t", "\n", "\r\n", "\u0000", "\u001f", "\u007f", "\u0085", "\u009f",
        "é", "e\u0301", "É", "日本", "🙂", "a🙂b", "\ufeff", "\u200b", "%EF%BB%BF", "did:plc:abc", "user@instance.social",
        "..", ".", "-", "_", "~", "'", "\"", "(", ")", "*", "!", "$", "&", "=", ";", ",", "<", ">", "[", "]", "{", "}",
    ];

    private static readonly char[] Forbidden = ['/', '\\', '#', '?', TableKey.Separator];

    [Theory]
    [InlineData("abc")]
    [InlineData("A.b_c@d:e-9")]
    [InlineData("did:plc:z72i7hdynmk6r22z27h6tvur")]
    [InlineData("user@instance.social")]
    [InlineData("")]
    public void Escape_leaves_plain_strings_unchanged(string value)
    {
        Assert.Equal(value, TableKey.Escape(value));
    }

    [Fact]
    public void Escape_never_produces_forbidden_characters_or_the_separator()
    {
        var everyBmpCharacter = Enumerable.Range(0, 0x10000)
            .Where(c => c is < 0xD800 or > 0xDFFF)
            .Select(c => ((char)c).ToString());

        foreach (var value in Tricky.Concat(everyBmpCharacter))
        {
            var escaped = TableKey.Escape(value);

            Assert.True(escaped.IndexOfAny(Forbidden) < 0 && !escaped.Any(char.IsControl), $"'{escaped}' from U+{(value.Length > 0 ? (int)value[0] : 0):X4}");
        }
    }

    [Fact]
    public void Escape_output_is_ascii()
    {
        foreach (var value in Tricky)
        {
            Assert.All(TableKey.Escape(value), c => Assert.True(c < 128, $"'{c}' in the key of '{value}'"));
        }
    }

    [Fact]
    public void Escape_gives_distinct_keys_to_distinct_strings()
    {
        var escaped = Tricky.Select(TableKey.Escape).ToList();

        Assert.Equal(Tricky.Distinct(StringComparer.Ordinal).Count(), escaped.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Escape_keeps_lone_surrogates_distinct_from_each_other_and_from_the_replacement_character()
    {
        string[] values = ["\ud800", "\udc00", "\ufffd", "a\ud800", "a\udfff"];

        var escaped = values.Select(TableKey.Escape).ToList();

        Assert.Equal(values.Length, escaped.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Escape_encodes_non_ascii_as_utf8_percent_escapes()
    {
        var escaped = TableKey.Escape("é");

        Assert.Equal("é", Encoding.UTF8.GetString(Convert.FromHexString(escaped.Replace("%", string.Empty, StringComparison.Ordinal))));
    }

    [Fact]
    public void Joined_escaped_parts_split_back_into_exactly_two_parts()
    {
        foreach (var first in Tricky)
        {
            foreach (var second in Tricky.Take(20))
            {
                var key = TableKey.Join(TableKey.Escape(first), TableKey.Escape(second));

                var parts = key.Split(TableKey.Separator);
                Assert.Equal([TableKey.Escape(first), TableKey.Escape(second)], parts);
            }
        }
    }

    [Fact]
    public void Escape_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => TableKey.Escape(null!));
    }
}
