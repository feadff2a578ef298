namespace Sway.Ingestion;

/// <summary>Which receivers of reactions a source may create profiles for.</summary>
public enum ProfileEnrollment
{
    /// <summary>Only accounts someone already linked to a profile: reactions to anyone else are dropped, never stored.</summary>
    LinkedOnly,

    /// <summary>
    /// Every account that received a reaction gets a profile (demo population, research datasets): for evaluation,
    /// never for live networks, where only people who link their accounts are profiled.
    /// </summary>
    EveryReceiver,
}
