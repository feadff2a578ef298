namespace Sway.Connectors;

/// <summary>
/// A network answered something Sway cannot read as its API's shape (malformed or truncated JSON, a missing field):
/// the pull stops there, stores nothing of that answer and does not advance its cursor.
/// </summary>
public sealed class ConnectorDataException : Exception
{
    public ConnectorDataException()
    {
    }

    public ConnectorDataException(string message)
        : base(message)
    {
    }

    public ConnectorDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
