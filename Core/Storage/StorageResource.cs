namespace Sway.Storage;

/// <summary>A table or queue of Sway's storage, and whether a call to create it created it or found it there.</summary>
public sealed record StorageResource(StorageResourceKind Kind, string Name, bool Created);
