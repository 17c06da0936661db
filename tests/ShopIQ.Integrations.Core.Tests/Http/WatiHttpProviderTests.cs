using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core.Http;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>The WATI HTTP adapter against a loopback fake WATI tenant: the exact request, the status matrix, the endpoint guard.</summary>
public sealed class WatiHttpProviderTests : IAsyncLifetime
{
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.watiTokenBody0123456789";
    private const string Contacts = """{"result":"success","contact_list":[]}""";

    private static readonly StoreId Store = new("store-1");

    private readonly CapturingLoggerProvider _logs = new();
    private FakeProviderServer _wati = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _wati = await FakeProviderServer.StartAsync();
        _services = RazorpayHttpProviderTests.Build(new Uri("http://127.0.0.1:9/"), _logs);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _wati.DisposeAsync();
    }

    private IIntegrationProvider Adapter => _services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.Wati.Key);

    private ProviderSetup Setup(string token = Token, string? endpoint = null) =>
        ProviderSetup.Empty.With("api-endpoint", endpoint ?? new Uri(_wati.BaseAddress, "12345").ToString()).WithSecret("access-token", new SecretValue(token));

    [Theory]
    [InlineData(Token)]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer  " + Token)]
    public async Task Connect_reads_one_contact_from_the_tenant_with_the_bearer_token(string entered)
    {
        _wati.Enqueue(new FakeResponse(200, Contacts));

        var result = await Adapter.ConnectAsync(Store, Setup(entered), CancellationToken.None);

        Assert.Equal(ProviderCallResult.Success, result);
        Assert.True(Adapter.ConnectCallsOut);
        var request = Assert.Single(_wati.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/12345/api/v1/getContacts", request.Path);
        Assert.Equal("?pageSize=1&pageNumber=1", request.Query);
        Assert.Equal($"Bearer {Token}", request.Headers["Authorization"]);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.Equal("", request.Body);
    }

    [Theory]
    [InlineData(401, "Access token: WATI did not accept this access token (HTTP 401)")]
    [InlineData(403, "Access token: WATI accepted the token but it may not read contacts (HTTP 403)")]
    [InlineData(404, "API endpoint URL: WATI has no API at this endpoint (HTTP 404)")]
    [InlineData(400, "WATI refused the connection (HTTP 400).")]
    public async Task Connect_refusals_name_the_field_and_never_quote_the_body(int status, string expected)
    {
        _wati.Enqueue(new FakeResponse(status, "{\"message\":\"" + Token + " echoed\"}"));

        var result = await Adapter.ConnectAsync(Store, Setup(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("echoed", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example.com/12345")]
    [InlineData("https://wati.io.evil.example.com/12345")]
    [InlineData("http://live-mt-server.wati.io/12345")]
    [InlineData("https://user:pw@live-mt-server.wati.io/12345")]
    [InlineData("not a url")]
    public async Task The_token_is_never_sent_to_an_endpoint_outside_wati(string endpoint)
    {
        var result = await Adapter.ConnectAsync(Store, Setup(endpoint: endpoint), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith("API endpoint URL: the API endpoint must be an https URL on wati.io", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_wati.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Connect_throws_unavailable_when_the_retries_are_spent(int status)
    {
        _wati.Default = new FakeResponse(status);

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup(), CancellationToken.None));

        Assert.Equal($"WATI answered HTTP {status}; try again later.", thrown.Message);
        Assert.Equal(3, _wati.Requests.Count);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[]")]
    public async Task A_success_that_is_not_a_json_object_is_not_taken_as_a_yes(string body)
    {
        _wati.Enqueue(new FakeResponse(200, body));

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup(), CancellationToken.None));
    }

    [Theory]
    [InlineData(200, null)]
    [InlineData(401, AttentionReason.CredentialsRevoked)]
    [InlineData(403, AttentionReason.PermissionRemoved)]
    [InlineData(404, AttentionReason.ProviderReported)]
    public async Task Health_asks_again_with_the_kept_credentials(int status, AttentionReason? problem)
    {
        _wati.Enqueue(new FakeResponse(200, Contacts), new FakeResponse(status, status == 200 ? Contacts : "{}"));
        Assert.Equal(ProviderCallResult.Success, await Adapter.ConnectAsync(Store, Setup(), CancellationToken.None));

        var health = await Adapter.CheckHealthAsync(Store, CancellationToken.None);

        Assert.Equal(problem, health.Problem);
        var requests = _wati.Requests.ToArray();
        Assert.Equal(requests[0].Path + requests[0].Query, requests[1].Path + requests[1].Query);
    }

    [Fact]
    public async Task No_token_reaches_the_logs_or_the_exceptions()
    {
        var messages = new List<string>();
        _wati.Enqueue(new FakeResponse(200, Contacts), new FakeResponse(401, Token));
        messages.Add((await Adapter.ConnectAsync(Store, Setup(), CancellationToken.None)).ToString());
        messages.Add((await Adapter.ConnectAsync(Store, Setup(), CancellationToken.None)).ToString());
        _wati.Default = new FakeResponse(503, Token);
        messages.Add((await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.CheckHealthAsync(Store, CancellationToken.None))).ToString());

        foreach (var text in messages.Concat(_logs.Messages))
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("pageSize", text, StringComparison.Ordinal);
        }
    }
}
