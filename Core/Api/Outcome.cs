using System.Diagnostics.CodeAnalysis;

namespace Sway.Api;

/// <summary>
/// What a Core operation behind an HTTP route answers, independent of the host: a value, or a problem. The HTTP layer
/// (<c>Http/</c>) turns it into typed results; Core knows nothing of hosting.
/// </summary>
public sealed record Outcome<T>
    where T : notnull
{
    public Outcome(T value) => Value = value;

    public Outcome(Problem problem) => Problem = problem;

    public T? Value { get; }

    public Problem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    public static implicit operator Outcome<T>(T value) => new(value);

    public static implicit operator Outcome<T>(Problem problem) => new(problem);
}
