using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sway.Connectors;

/// <summary>
/// Where a <see cref="ConnectorSource"/> is in its pass over the linked accounts: when the pass started, the account it
/// is reading (null: between accounts) and the reader's position in it, and the last account it finished. Stored as
/// the source's cursor, only after everything read before it is stored.
/// </summary>
public sealed record ConnectorCursor(
    [property: JsonPropertyName("pass")] DateTimeOffset PassStarted,
    [property: JsonPropertyName("done")] string? LastDone,
    [property: JsonPropertyName("account")] string? Account,
    [property: JsonPropertyName("position")] string? Position)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads a stored cursor; a cursor that is not one (an older format, damage) starts a new pass.</summary>
    public static ConnectorCursor? Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ConnectorCursor>(stored);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The cursor with no trace of <paramref name="accountId"/> (an erased account): if it was being read or was the
    /// last one finished, the pass goes on after it, from a key that sorts just below the id in the index's order and
    /// is not the id (<see cref="Storage.AccountIndexKeys.KeyJustBelow"/>; the accounts between are at most read again,
    /// which stores nothing new).
    /// </summary>
    public ConnectorCursor Without(string accountId)
    {
        var cursor = this;
        if (string.Equals(Account, accountId, StringComparison.Ordinal))
        {
            cursor = cursor with { Account = null, Position = null, LastDone = accountId };
        }

        return string.Equals(cursor.LastDone, accountId, StringComparison.Ordinal)
            ? cursor with { LastDone = Storage.AccountIndexKeys.KeyJustBelow(accountId) }
            : cursor;
    }
}
