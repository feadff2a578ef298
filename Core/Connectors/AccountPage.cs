using Sway.Domain;

namespace Sway.Connectors;

/// <summary>
/// What one request of a pass over a linked account returned: the reactions it found, where the pass goes on
/// (<see cref="Next"/>, opaque to everyone but the reader; null: the pass over this account is complete) and, from the
/// request that reads the account itself, its figures.
/// </summary>
public sealed record AccountPage(IReadOnlyList<Interaction> Interactions, string? Next, AudienceFigures? Figures = null);
