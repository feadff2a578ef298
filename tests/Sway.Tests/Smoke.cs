namespace Sway.Tests;

public sealed class Smoke(AzuriteFixture azurite)
{
    [Fact]
    public async Task Host_starts_on_azurite()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var response = await host.Http.GetAsync(new Uri("/api/profiles/nobody/score", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
