namespace Sway.Domain;

/// <summary>How a profile came to exist. Only people who link their accounts get one; demo and dataset profiles exist for evaluation.</summary>
public enum ProfileOrigin
{
    /// <summary>A person linked their accounts.</summary>
    Linked,

    /// <summary>Part of the synthetic demo population.</summary>
    Demo,

    /// <summary>Created while replaying a public research dataset, for every account that received a reaction.</summary>
    Dataset,
}
