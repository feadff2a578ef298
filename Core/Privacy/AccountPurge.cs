namespace Sway.Privacy;

/// <summary>What removing one account's data took away: reactions it received, reactions it sent that now carry its pseudonym, standing rows, cursors that named it, index rows.</summary>
public sealed record AccountPurge(int ReactionsReceived, int ReactionsSentPseudonymised, int StandingRows, int Cursors, int IndexRows);
