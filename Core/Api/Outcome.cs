using System.Diagnostics.CodeAnalysis;

namespace Sway.Api;

/// <summary>
/// What a Core operation behind an HTTP route answers, independent of the host: a value, or a problem. The HTTP layer
/// (<c>Http/</c>) turns it into typed results; Core knows nothing of hosting.
/// </summary>
public sealed record Outcome<T>
    where T : notnull
{
    private Outcome(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public Problem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Fail(Problem problem) => new(default, problem);

    public static implicit operator Outcome<T>(T value) => Ok(value);

    public static implicit operator Outcome<T>(Problem problem) => Fail(problem);
}
