using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core.Http;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>The Google Analytics 4 HTTP adapter against a loopback fake validation server: the exact request, the validation messages.</summary>
public sealed class GoogleAnalyticsHttpProviderTests : IAsyncLifetime
{
    internal const string MeasurementId = "G-AB12CD34";
    internal const string ApiSecret = "GaApiSecret_0123456789abcd";
    internal const string Valid = """{"validationMessages":[]}""";

    private static readonly StoreId Store = new("store-1");
    private static readonly ProviderSetup Setup = ProviderSetup.Empty.With("measurement-id", MeasurementId).WithSecret("api-secret", new SecretValue(ApiSecret));

    private readonly CapturingLoggerProvider _logs = new();
    private FakeProviderServer _google = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _google = await FakeProviderServer.StartAsync();
        _services = RazorpayHttpProviderTests.Build(new Uri("http://127.0.0.1:9/"), _logs, o => o.GoogleAnalyticsBaseAddress = _google.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _google.DisposeAsync();
    }

    private IIntegrationProvider Adapter => _services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.GoogleAnalytics.Key);

    private static string Message(string fieldPath, string code) =>
        $$$"""{"validationMessages":[{"fieldPath":"{{{fieldPath}}}","description":"echoed {{{ApiSecret}}}","validationCode":"{{{code}}}"}]}""";

    [Fact]
    public async Task Connect_posts_a_test_event_to_the_validation_server()
    {
        _google.Enqueue(new FakeResponse(200, Valid));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.Equal(ProviderCallResult.Success, result);
        Assert.True(Adapter.ConnectCallsOut);
        var request = Assert.Single(_google.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/debug/mp/collect", request.Path);
        Assert.Equal($"?measurement_id={MeasurementId}&api_secret={ApiSecret}", request.Query);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("application/json", request.Headers["Accept"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("shopiq_connection_check", body.RootElement.GetProperty("client_id").GetString());
        var @event = Assert.Single(body.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal("shopiq_connection_check", @event.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, @event.GetProperty("params").ValueKind);
        Assert.Equal(2, body.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task Without_an_api_secret_connect_and_health_ask_nothing()
    {
        var setup = ProviderSetup.Empty.With("measurement-id", MeasurementId);

        Assert.Equal(ProviderCallResult.Success, await Adapter.ConnectAsync(Store, setup, CancellationToken.None));
        Assert.True((await Adapter.CheckHealthAsync(Store, CancellationToken.None)).IsHealthy);
        Assert.Empty(_google.Requests);
    }

    [Theory]
    [InlineData("measurement_id", "VALUE_INVALID", "Measurement id: Google refused this measurement id (VALUE_INVALID)")]
    [InlineData("api_secret", "VALUE_REQUIRED", "Measurement Protocol API secret: Google refused this API secret (VALUE_REQUIRED)")]
    public async Task Validation_messages_about_the_setup_refuse_that_field_and_never_quote_the_description(string fieldPath, string code, string expected)
    {
        _google.Enqueue(new FakeResponse(200, Message(fieldPath, code)));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("echoed", result.Reason, StringComparison.Ordinal);
        Assert.Null(await _services.GetRequiredService<IProviderCredentialStore>().FindAsync(Store, BuiltInProviders.GoogleAnalytics.Key, CancellationToken.None));
    }

    [Fact]
    public async Task A_message_about_the_test_event_itself_does_not_refuse_the_merchant()
    {
        _google.Enqueue(new FakeResponse(200, Message("events[0].name", "NAME_RESERVED")));

        Assert.Equal(ProviderCallResult.Success, await Adapter.ConnectAsync(Store, Setup, CancellationToken.None));
    }

    [Theory]
    [InlineData(403, "Measurement Protocol API secret: Google did not accept this API secret (HTTP 403)")]
    [InlineData(404, "Google Analytics refused the connection (HTTP 404).")]
    public async Task Undocumented_error_statuses_refuse(int status, string expected)
    {
        _google.Enqueue(new FakeResponse(status, "<html>echoed</html>"));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.StartsWith(expected, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Connect_throws_unavailable_when_the_retries_are_spent(int status)
    {
        _google.Default = new FakeResponse(status);

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal($"Google Analytics answered HTTP {status}; try again later.", thrown.Message);
        Assert.Equal(3, _google.Requests.Count);
        Assert.All(_google.Requests, r => Assert.Equal(_google.Requests.First().Body, r.Body));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"something":"else"}""")]
    public async Task A_success_that_is_not_a_validation_answer_is_not_taken_as_a_yes(string body)
    {
        _google.Enqueue(new FakeResponse(200, body));

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal("Google Analytics answered HTTP 200 with a body that could not be read; try again later.", thrown.Message);
    }

    [Fact]
    public async Task A_slow_answer_is_answered_as_timed_out()
    {
        await using var services = RazorpayHttpProviderTests.Build(new Uri("http://127.0.0.1:9/"), _logs, o =>
        {
            o.GoogleAnalyticsBaseAddress = _google.BaseAddress;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.TotalTimeout = TimeSpan.FromSeconds(1);
        });
        _google.Default = new FakeResponse(200, Valid, BodyDelay: TimeSpan.FromSeconds(30));
        var adapter = services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.GoogleAnalytics.Key);

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal("Google Analytics did not answer in time; try again later.", thrown.Message);
    }

    [Theory]
    [InlineData(200, Valid, null)]
    [InlineData(200, """{"validationMessages":[{"fieldPath":"api_secret","validationCode":"VALUE_INVALID"}]}""", AttentionReason.CredentialsRevoked)]
    [InlineData(403, "", AttentionReason.CredentialsRevoked)]
    public async Task Health_validates_again(int status, string body, AttentionReason? problem)
    {
        _google.Enqueue(new FakeResponse(200, Valid), new FakeResponse(status, body));
        Assert.Equal(ProviderCallResult.Success, await Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        var health = await Adapter.CheckHealthAsync(Store, CancellationToken.None);

        Assert.Equal(problem, health.Problem);
        var requests = _google.Requests.ToArray();
        Assert.Equal(requests[0] with { Headers = requests[1].Headers }, requests[1]);
    }

    [Fact]
    public async Task Health_is_unhealthy_for_now_on_a_503()
    {
        _google.Enqueue(new FakeResponse(200, Valid));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);
        _google.Default = new FakeResponse(503);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.CheckHealthAsync(Store, CancellationToken.None));
    }
}
