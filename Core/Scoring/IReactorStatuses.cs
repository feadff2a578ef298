namespace Sway.Scoring;

/// <summary>
/// Where a scoring finds its reactors' <see cref="ReactorStatus"/>: the stored standings in the pipeline, the computed
/// ones in the in-memory engine.
/// </summary>
public interface IReactorStatuses
{
    ReactorStatus Of(string network, string accountId);
}
