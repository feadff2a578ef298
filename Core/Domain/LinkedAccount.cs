namespace Sway.Domain;

/// <summary>An account on one network: its stable id there and its current handle.</summary>
public sealed record LinkedAccount(string Network, string AccountId, string Handle);
