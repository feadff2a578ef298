namespace Sway.Storage.Faults;

/// <summary>What the fault seam does to one storage call.</summary>
public enum StorageFault
{
    None = 0,

    /// <summary>Refused with 503 Server Busy before reaching storage.</summary>
    Unavailable = 1,

    /// <summary>Refused with 500 before reaching storage.</summary>
    InternalError = 2,

    /// <summary>Timed out before reaching storage.</summary>
    Timeout = 3,

    /// <summary>Carried out by storage; the answer is lost on the way back.</summary>
    LostAnswer = 4,
}
