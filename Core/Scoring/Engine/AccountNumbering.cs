using System.Numerics;

namespace Sway.Scoring.Engine;

/// <summary>
/// Numbers accounts densely in the order they are first seen: an open-addressing table of (hash, number) pairs in one
/// <see cref="long"/> each, so a lookup usually costs one probe and one string comparison. Hashes are computed by the
/// caller (in parallel, ahead of the sequential numbering); equal keys must come with equal hashes.
/// </summary>
internal sealed class AccountNumbering
{
    private long[] _slots;
    private int _mask;
    private AccountKey[] _accounts;

    public AccountNumbering(int expected)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expected * 2));
        _slots = new long[size];
        _mask = size - 1;
        _accounts = new AccountKey[Math.Max(16, expected)];
    }

    public int Count { get; private set; }

    /// <summary>The accounts by number.</summary>
    public ReadOnlySpan<AccountKey> Accounts => _accounts.AsSpan(0, Count);

    /// <summary>The hash <see cref="NumberOf"/> expects for an account.</summary>
    public static int Hash(int networkHash, string accountId) =>
        (int)BitOperations.RotateLeft((uint)(string.GetHashCode(accountId, StringComparison.Ordinal) ^ networkHash) * 0x9E3779B1u, 16);

    /// <summary>The number of an account, if it has one.</summary>
    public bool TryFind(string network, string accountId, out int number)
    {
        var hash = Hash(string.GetHashCode(network, StringComparison.Ordinal), accountId);
        var slot = hash & _mask;
        while (_slots[slot] is var entry && entry != 0)
        {
            if ((int)(entry >> 32) == hash)
            {
                ref readonly var account = ref _accounts[(int)entry - 1];
                if (string.Equals(account.AccountId, accountId, StringComparison.Ordinal)
                    && string.Equals(account.Network, network, StringComparison.Ordinal))
                {
                    number = (int)entry - 1;
                    return true;
                }
            }

            slot = (slot + 1) & _mask;
        }

        number = -1;
        return false;
    }

    /// <summary>The number of an account, given a new one if it is not numbered yet.</summary>
    public int NumberOf(string network, string accountId, int hash)
    {
        var slot = hash & _mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return Add(slot, network, accountId, hash);
            }

            if ((int)(entry >> 32) == hash)
            {
                ref readonly var account = ref _accounts[(int)entry - 1];
                if (string.Equals(account.AccountId, accountId, StringComparison.Ordinal)
                    && string.Equals(account.Network, network, StringComparison.Ordinal))
                {
                    return (int)entry - 1;
                }
            }

            slot = (slot + 1) & _mask;
        }
    }

    private int Add(int slot, string network, string accountId, int hash)
    {
        var number = Count++;
        if (number == _accounts.Length)
        {
            Array.Resize(ref _accounts, _accounts.Length * 2);
        }

        _accounts[number] = new AccountKey(network, accountId);
        _slots[slot] = ((long)hash << 32) | (uint)(number + 1);
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }

        return number;
    }

    private void Grow()
    {
        var slots = new long[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var entry in _slots)
        {
            if (entry != 0)
            {
                var slot = (int)(entry >> 32) & mask;
                while (slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                slots[slot] = entry;
            }
        }

        _slots = slots;
        _mask = mask;
    }
}
