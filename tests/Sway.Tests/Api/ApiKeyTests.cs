using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sway.Api;
using Sway.Cli.Hosting;
using Sway.Http;

namespace Sway.Tests.Api;

/// <summary>
/// The API key, Azure Functions' scheme, in the local host: routes that need it answer a missing or wrong key with one
/// 401 problem and do nothing else; the key works in the <c>x-functions-key</c> header and as <c>?code=</c>; lookups
/// stay anonymous. No product route needs the key yet, so the tests add one of their own to the route table: a POST
/// with a route value and a JSON body, answering 201, as the management routes do.
/// </summary>
public sealed class ApiKeyTests(AzuriteFixture azurite)
{
    private const string Key = "test-key-0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_route_called_without_a_key_is_a_401_problem_and_its_handler_does_not_run()
    {
        var calls = new StrongBox<int>();
        await using var host = await StartAsync(calls, Key);

        var response = await host.Http.PostAsJsonAsync(new Uri("/api/test/notes/n1", UriKind.Relative), new Note("hello"), Ct);

        await AssertRefusedAsync(response);
        Assert.Equal(0, calls.Value);
    }

    [Fact]
    public async Task A_call_without_a_key_is_refused_before_its_body_is_read()
    {
        var calls = new StrongBox<int>();
        await using var host = await StartAsync(calls, Key);

        using var malformed = new StringContent("{ not json", Encoding.UTF8, "application/json");
        var response = await host.Http.PostAsync(new Uri("/api/test/notes/n1", UriKind.Relative), malformed, Ct);

        await AssertRefusedAsync(response);
        Assert.Equal(0, calls.Value);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("query")]
    public async Task A_wrong_key_gets_the_same_401_problem_as_no_key(string where)
    {
        var calls = new StrongBox<int>();
        await using var host = await StartAsync(calls, Key);

        var response = await PostNoteAsync(host, "n1", Key + "x", where);

        await AssertRefusedAsync(response);
        Assert.Equal(0, calls.Value);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("query")]
    public async Task The_key_is_accepted_in_the_x_functions_key_header_or_as_the_code_query_parameter(string where)
    {
        var calls = new StrongBox<int>();
        await using var host = await StartAsync(calls, Key);

        var response = await PostNoteAsync(host, "n1", Key, where);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/test/notes/n1", response.Headers.Location?.OriginalString);
        Assert.Equal(new StoredNote("n1", "hello"), await response.Content.ReadFromJsonAsync<StoredNote>(SwayJson.Options, Ct));
        Assert.Equal(1, calls.Value);
    }

    [Fact]
    public async Task A_host_without_a_key_setting_refuses_every_call_to_a_key_route()
    {
        var calls = new StrongBox<int>();
        await using var host = await StartAsync(calls, key: null);

        await AssertRefusedAsync(await PostNoteAsync(host, "n1", "", "header"));
        await AssertRefusedAsync(await PostNoteAsync(host, "n1", "", "query"));
        await AssertRefusedAsync(await PostNoteAsync(host, "n1", "anything-at-all-0123456789", "header"));
        Assert.Equal(0, calls.Value);
    }

    [Fact]
    public async Task Lookups_need_no_key()
    {
        await using var host = await StartAsync(new StrongBox<int>(), Key);

        var response = await host.Http.GetAsync(new Uri("/api/profiles/nobody/score", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Problem.ContentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_the_key_scheme_and_requires_it_only_on_key_routes()
    {
        await using var host = await StartAsync(new StrongBox<int>(), Key);

        var document = JsonDocument.Parse(await host.Http.GetStringAsync(new Uri("/api/openapi.json", UriKind.Relative), Ct)).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal(ApiKey.HeaderName, scheme.GetProperty("name").GetString());

        var paths = document.GetProperty("paths");
        var keyed = paths.GetProperty("/api/test/notes/{id}").GetProperty("post");
        Assert.True(keyed.GetProperty("security")[0].TryGetProperty("ApiKey", out _), keyed.ToString());
        Assert.True(keyed.GetProperty("responses").TryGetProperty("401", out _), keyed.ToString());
        Assert.Equal("201", keyed.GetProperty("responses").EnumerateObject().First().Name);

        var lookup = paths.GetProperty("/api/profiles/{id}/score").GetProperty("get");
        Assert.False(lookup.TryGetProperty("security", out _), lookup.ToString());
        Assert.False(lookup.GetProperty("responses").TryGetProperty("401", out _), lookup.ToString());
        Assert.Equal(SwayRoutes.ScoreByProfile.Summary, lookup.GetProperty("summary").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    public void A_key_setting_shorter_than_16_characters_stops_the_start_up_naming_it(string key)
    {
        var settings = new Dictionary<string, string?> { ["SwayStorage"] = azurite.ConnectionString, ["Api:Key"] = key };

        var error = Assert.Throws<OptionsValidationException>(() => LocalHost.Build(settings, "http://127.0.0.1:0", timers: false, workers: false));

        Assert.Contains("Api:Key", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A key route of the tests' own: <c>POST /api/test/notes/{id}</c> with a <see cref="Note"/>, 201 with a <see cref="StoredNote"/>.</summary>
    private static SwayRoute NoteRoute(StrongBox<int> calls) => new(
        "CreateTestNote",
        HttpMethods.Post,
        "test/notes/{id}",
        RequiresKey: true,
        "Tests",
        "Stores a note (a route of the tests' own).",
        (string id, Note note) =>
        {
            Interlocked.Increment(ref calls.Value);
            return TypedResults.Created($"/api/test/notes/{id}", new StoredNote(id, note.Text));
        });

    private static Task<SwayTestHost> StartAsync(AzuriteFixture azurite, StrongBox<int> calls, string? key) =>
        SwayTestHost.StartAsync(azurite, [.. SwayRoutes.All, NoteRoute(calls)], key is null ? [] : [("Api:Key", key)]);

    private Task<SwayTestHost> StartAsync(StrongBox<int> calls, string? key) => StartAsync(azurite, calls, key);

    private static async Task<HttpResponseMessage> PostNoteAsync(SwayTestHost host, string id, string key, string where)
    {
        var uri = where == "query" ? $"/api/test/notes/{id}?{ApiKey.QueryName}={Uri.EscapeDataString(key)}" : $"/api/test/notes/{id}";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(uri, UriKind.Relative)) { Content = JsonContent.Create(new Note("hello")) };
        if (where == "header")
        {
            request.Headers.Add(ApiKey.HeaderName, key);
        }

        return await host.Http.SendAsync(request, Ct);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(Problem.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(ApiKey.Refusal.Type, body.GetProperty("type").GetString());
        Assert.Equal("A valid API key is required.", body.GetProperty("title").GetString());
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        var detail = body.GetProperty("detail").GetString();
        Assert.Contains("x-functions-key", detail, StringComparison.Ordinal);
        Assert.Contains("?code=", detail, StringComparison.Ordinal);
    }

    public sealed record Note(string Text);

    public sealed record StoredNote(string Id, string Text);
}
