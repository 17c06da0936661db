using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using ShopIQ.Integrations.Core.Http;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>The Meta Pixel HTTP adapter against a loopback fake Graph API: the exact read, the Graph error codes, the last fired time.</summary>
public sealed class MetaPixelHttpProviderTests : IAsyncLifetime
{
    internal const string PixelId = "123456789012345";
    internal const string Token = "EAAGm0PX4ZCpsBAFakeConversionsToken0123456789";
    internal const string Pixel = """{"id":"123456789012345","name":"Shop pixel","last_fired_time":"2026-12-01T10:20:30+0000"}""";

    private static readonly StoreId Store = new("store-1");
    private static readonly ProviderSetup Setup = ProviderSetup.Empty.With("pixel-id", PixelId).WithSecret("conversions-api-token", new SecretValue(Token));

    private readonly CapturingLoggerProvider _logs = new();
    private FakeProviderServer _graph = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeProviderServer.StartAsync();
        _services = RazorpayHttpProviderTests.Build(new Uri("http://127.0.0.1:9/"), _logs, o => o.MetaGraphBaseAddress = _graph.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _graph.DisposeAsync();
    }

    private IIntegrationProvider Adapter => _services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.MetaPixel.Key);

    private IProviderActivityReader Activity => _services.GetServices<IProviderActivityReader>().Single();

    private static string GraphError(int code) => $$$"""{"error":{"message":"echoed {{{Token}}}","type":"OAuthException","code":{{{code}}},"fbtrace_id":"AbC"}}""";

    [Fact]
    public async Task Connect_reads_the_pixel_with_the_token_in_a_bearer_header_and_never_in_the_query()
    {
        _graph.Enqueue(new FakeResponse(200, Pixel));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.Equal(ProviderCallResult.Success, result);
        Assert.True(Adapter.ConnectCallsOut);
        var request = Assert.Single(_graph.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/v25.0/{PixelId}", request.Path);
        Assert.Equal("?fields=id,name,last_fired_time", request.Query);
        Assert.Equal($"Bearer {Token}", request.Headers["Authorization"]);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.Equal("", request.Body);
    }

    [Fact]
    public async Task Without_a_token_connect_and_health_ask_nothing()
    {
        var setup = ProviderSetup.Empty.With("pixel-id", PixelId);

        Assert.Equal(ProviderCallResult.Success, await Adapter.ConnectAsync(Store, setup, CancellationToken.None));
        Assert.True((await Adapter.CheckHealthAsync(Store, CancellationToken.None)).IsHealthy);
        Assert.Null(await Activity.GetLastActivityAsync(Store, CancellationToken.None));
        Assert.Empty(_graph.Requests);
    }

    [Theory]
    [InlineData(400, 190, "Conversions API access token: Meta did not accept this token: it is invalid, expired or revoked (Graph error 190)")]
    [InlineData(403, 200, "Conversions API access token: Meta accepted the token but it may not read this pixel")]
    [InlineData(400, 10, "Conversions API access token: Meta accepted the token but it may not read this pixel")]
    [InlineData(400, 100, "Pixel id: Meta has no pixel with this id that the token can see (Graph error 100)")]
    [InlineData(400, 12345, "Meta Pixel refused the connection (HTTP 400).")]
    public async Task Connect_refusals_follow_the_graph_error_code_and_never_quote_the_message(int status, int code, string expected)
    {
        _graph.Enqueue(new FakeResponse(status, GraphError(code)));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("echoed", result.Reason, StringComparison.Ordinal);
        Assert.Single(_graph.Requests);
    }

    [Theory]
    [InlineData(401, null, "Conversions API access token: Meta did not accept this token (HTTP 401)")]
    [InlineData(404, "", "Pixel id: Meta has no pixel with this id (HTTP 404)")]
    [InlineData(400, "<html>echoed</html>", "Meta Pixel refused the connection (HTTP 400).")]
    public async Task Connect_refusals_without_a_graph_body_follow_the_status(int status, string? body, string expected)
    {
        _graph.Enqueue(new FakeResponse(status, body));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.StartsWith(expected, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(17)]
    [InlineData(2)]
    public async Task Throttling_codes_are_unavailable_for_now_not_a_refusal(int code)
    {
        _graph.Enqueue(new FakeResponse(400, GraphError(code)));

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal("Meta Pixel answered HTTP 400; try again later.", thrown.Message);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Connect_throws_unavailable_when_the_retries_are_spent(int status)
    {
        _graph.Default = new FakeResponse(status, GraphError(1));

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal($"Meta Pixel answered HTTP {status}; try again later.", thrown.Message);
        Assert.Equal(3, _graph.Requests.Count);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"id":"999999999999999"}""")]
    public async Task A_success_that_is_not_this_pixel_is_not_taken_as_a_yes(string body)
    {
        _graph.Enqueue(new FakeResponse(200, body));

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal("Meta Pixel answered HTTP 200 with a body that could not be read; try again later.", thrown.Message);
    }

    [Fact]
    public async Task A_body_that_trickles_in_is_answered_as_timed_out()
    {
        await using var services = RazorpayHttpProviderTests.Build(new Uri("http://127.0.0.1:9/"), _logs, o =>
        {
            o.MetaGraphBaseAddress = _graph.BaseAddress;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.TotalTimeout = TimeSpan.FromSeconds(1);
        });
        _graph.Default = new FakeResponse(200, Pixel, BodyDelay: TimeSpan.FromSeconds(30));
        var adapter = services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.MetaPixel.Key);

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal("Meta Pixel did not answer in time; try again later.", thrown.Message);
    }

    [Theory]
    [InlineData(200, 0, null)]
    [InlineData(400, 190, AttentionReason.CredentialsRevoked)]
    [InlineData(400, 200, AttentionReason.PermissionRemoved)]
    [InlineData(400, 100, AttentionReason.ProviderReported)]
    [InlineData(401, 0, AttentionReason.CredentialsRevoked)]
    public async Task Health_reads_the_pixel_again(int status, int code, AttentionReason? problem)
    {
        _graph.Enqueue(new FakeResponse(200, Pixel), new FakeResponse(status, status == 200 ? Pixel : code == 0 ? null : GraphError(code)));
        Assert.Equal(ProviderCallResult.Success, await Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        var health = await Adapter.CheckHealthAsync(Store, CancellationToken.None);

        Assert.Equal(problem, health.Problem);
        var requests = _graph.Requests.ToArray();
        Assert.Equal(requests[0] with { Headers = requests[1].Headers }, requests[1]);
    }

    [Fact]
    public async Task Health_is_unhealthy_for_now_on_a_503()
    {
        _graph.Enqueue(new FakeResponse(200, Pixel));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);
        _graph.Default = new FakeResponse(503);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.CheckHealthAsync(Store, CancellationToken.None));
    }

    [Fact]
    public async Task Activity_is_the_pixels_last_fired_time()
    {
        _graph.Default = new FakeResponse(200, Pixel);
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        var last = await Activity.GetLastActivityAsync(Store, CancellationToken.None);

        Assert.Equal(BuiltInProviders.MetaPixel.Key, Activity.Provider);
        Assert.Equal(Instant.FromUtc(2026, 12, 1, 10, 20, 30), last);
    }

    [Fact]
    public async Task A_pixel_that_never_fired_has_no_activity()
    {
        _graph.Default = new FakeResponse(200, """{"id":"123456789012345","name":"Shop pixel"}""");
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.Null(await Activity.GetLastActivityAsync(Store, CancellationToken.None));
    }

    [Theory]
    [InlineData("2026-12-01T10:20:30+0000", "2026-12-01T10:20:30Z")]
    [InlineData("2026-12-01T15:50:30+0530", "2026-12-01T10:20:30Z")]
    [InlineData("2026-12-01T10:20:30Z", "2026-12-01T10:20:30Z")]
    public void Graph_times_are_read_with_their_offset(string text, string expected)
    {
        Assert.Equal(expected, MetaPixelHttpProvider.ParseGraphTime(text)?.ToString());
    }

    [Fact]
    public void An_unreadable_graph_time_is_no_time()
    {
        Assert.Null(MetaPixelHttpProvider.ParseGraphTime("yesterday"));
    }
}
