using Sway.Domain;

namespace Sway.Scoring;

/// <summary>
/// One profile that a bulk replay scores from the reactions it holds (<see cref="ProfileScorer.ScoreHeldAsync"/>):
/// the profile as stored, the reactions its accounts received in the model's window in storage order, and whether the
/// caller has just created it (so it has no score row yet).
/// </summary>
public sealed record HeldScoring(Profile Profile, IReadOnlyList<Interaction> Received, bool Created);
