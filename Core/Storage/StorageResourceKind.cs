namespace Sway.Storage;

/// <summary>What a <see cref="StorageResource"/> is.</summary>
public enum StorageResourceKind
{
    Table,
    Queue,
}
