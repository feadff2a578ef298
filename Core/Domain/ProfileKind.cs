namespace Sway.Domain;

/// <summary>
/// What a linked profile is for, stated by the person who creates it: their professional presence or their personal
/// one. Sway scores the two apart (a person may hold one of each) and never mixes an account into both.
/// </summary>
public enum ProfileKind
{
    Pro,
    Personal,
}
