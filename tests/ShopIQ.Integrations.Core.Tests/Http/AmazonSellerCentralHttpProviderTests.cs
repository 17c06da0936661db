using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core.Http;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>The Amazon Seller Central HTTP adapter against a loopback fake LWA and SP-API: the exchange, the read, the refusals.</summary>
public sealed class AmazonSellerCentralHttpProviderTests : IAsyncLifetime
{
    internal const string ClientId = "amzn1.application-oa2-client.0123456789abcdef";
    internal const string ClientSecret = "amzn1.oa2-cs.v1.AppClientSecretValue0123456789";
    internal const string RefreshToken = "Atzr|IwEBIFakeRefreshTokenValue0123456789";
    internal const string AccessToken = "Atza|IwEBIFakeAccessTokenValue0123456789";
    internal const string Marketplace = "A21TJRUUN4KGV";
    internal const string TokenAnswer = """{"access_token":"Atza|IwEBIFakeAccessTokenValue0123456789","token_type":"bearer","expires_in":3600}""";
    internal const string Participations = """{"payload":[{"marketplace":{"id":"A21TJRUUN4KGV","countryCode":"IN","name":"Amazon.in"},"participation":{"isParticipating":true,"hasSuspendedListings":false}}]}""";

    internal static readonly ProviderSetup Setup = ProviderSetup.Empty
        .With("seller-id", "A1B2C3D4E5F6G7")
        .With("marketplace-id", Marketplace)
        .WithSecret("refresh-token", new SecretValue(RefreshToken));

    private static readonly StoreId Store = new("store-1");

    private readonly CapturingLoggerProvider _logs = new();
    private FakeProviderServer _amazon = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _amazon = await FakeProviderServer.StartAsync();
        _services = Build(o => { });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _amazon.DisposeAsync();
    }

    private IIntegrationProvider Adapter => _services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.AmazonSellerCentral.Key);

    private ServiceProvider Build(Action<HttpProvidersOptions> more) =>
        RazorpayHttpProviderTests.Build(new Uri("http://127.0.0.1:9/"), _logs, o =>
        {
            o.AmazonLoginBaseAddress = new Uri(_amazon.BaseAddress, "lwa/");
            o.AmazonSellingPartnerBaseAddress = new Uri(_amazon.BaseAddress, "sp/");
            more(o);
        });

    [Fact]
    public async Task Connect_exchanges_the_refresh_token_then_reads_the_participations_with_the_access_token()
    {
        _amazon.Enqueue(new FakeResponse(200, TokenAnswer), new FakeResponse(200, Participations));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.Equal(ProviderCallResult.Success, result);
        Assert.True(Adapter.ConnectCallsOut);
        var requests = _amazon.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var exchange = requests[0];
        Assert.Equal("POST", exchange.Method);
        Assert.Equal("/lwa/auth/o2/token", exchange.Path);
        Assert.Equal("", exchange.Query);
        Assert.False(exchange.Headers.ContainsKey("Authorization"));
        Assert.StartsWith("application/x-www-form-urlencoded", exchange.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(
            $"grant_type=refresh_token&refresh_token={WebUtility.UrlEncode(RefreshToken)}&client_id={ClientId}&client_secret={ClientSecret}",
            exchange.Body);
        var read = requests[1];
        Assert.Equal("GET", read.Method);
        Assert.Equal("/sp/sellers/v1/marketplaceParticipations", read.Path);
        Assert.Equal("", read.Query);
        Assert.Equal(AccessToken, read.Headers["x-amz-access-token"]);
        Assert.False(read.Headers.ContainsKey("Authorization"));
        Assert.Equal("application/json", read.Headers["Accept"]);
        Assert.Equal("", read.Body);
    }

    [Theory]
    [InlineData(400, """{"error":"invalid_grant","error_description":"echoed"}""", "OAuth refresh token: Amazon did not accept this refresh token: it was revoked")]
    [InlineData(400, """{"error":"invalid_request"}""", "OAuth refresh token: Amazon refused the token exchange (HTTP 400)")]
    [InlineData(401, "", "OAuth refresh token: Amazon did not accept this refresh token (HTTP 401)")]
    [InlineData(404, "<html>echoed</html>", "Amazon Seller Central refused the connection (HTTP 404).")]
    public async Task A_refused_exchange_refuses_the_connect_on_the_refresh_token_without_reading(int status, string body, string expected)
    {
        _amazon.Enqueue(new FakeResponse(status, body));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("echoed", result.Reason, StringComparison.Ordinal);
        Assert.Single(_amazon.Requests);
    }

    [Fact]
    public async Task The_apps_own_credentials_refused_is_not_the_merchants_fault()
    {
        _amazon.Enqueue(new FakeResponse(401, """{"error":"invalid_client"}"""));

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Contains("this service's app credentials", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, """{"errors":[{"code":"Unauthorized","message":"Access to requested resource is denied."}]}""", "OAuth refresh token: Amazon did not let this authorization read the seller's account (HTTP 403)")]
    [InlineData(200, """{"payload":[{"marketplace":{"id":"A1F83G8C2ARO7P"},"participation":{"isParticipating":true}}]}""", "Marketplace id: the seller does not sell in this marketplace")]
    [InlineData(200, """{"payload":[{"marketplace":{"id":"A21TJRUUN4KGV"},"participation":{"isParticipating":false}}]}""", "Marketplace id: the seller does not sell in this marketplace")]
    public async Task A_refused_read_names_the_field(int status, string body, string expected)
    {
        _amazon.Enqueue(new FakeResponse(200, TokenAnswer), new FakeResponse(status, body));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.StartsWith(expected, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_apps_credentials_connect_is_refused_and_nothing_is_asked()
    {
        await using var services = Build(o =>
        {
            o.AmazonClientId = null;
            o.AmazonClientSecret = null;
        });
        var adapter = services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.AmazonSellerCentral.Key);

        var result = await adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.StartsWith("Amazon Seller Central cannot be connected from this ShopIQ service yet", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_amazon.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Connect_throws_unavailable_when_the_retries_are_spent(int status)
    {
        _amazon.Default = new FakeResponse(status);

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal($"Amazon Seller Central answered HTTP {status}; try again later.", thrown.Message);
        Assert.Equal(3, _amazon.Requests.Count);
    }

    [Fact]
    public async Task A_retried_read_gets_through()
    {
        _amazon.Enqueue(new FakeResponse(200, TokenAnswer), new FakeResponse(503), new FakeResponse(200, Participations));

        Assert.Equal(ProviderCallResult.Success, await Adapter.ConnectAsync(Store, Setup, CancellationToken.None));
        Assert.Equal(3, _amazon.Requests.Count);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"token_type":"bearer"}""")]
    public async Task An_exchange_without_an_access_token_is_not_taken_as_a_yes(string body)
    {
        _amazon.Enqueue(new FakeResponse(200, body));

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal("Amazon Seller Central answered HTTP 200 with a body that could not be read; try again later.", thrown.Message);
    }

    [Fact]
    public async Task A_slow_exchange_is_answered_as_timed_out()
    {
        await using var services = Build(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.TotalTimeout = TimeSpan.FromSeconds(1);
        });
        _amazon.Default = new FakeResponse(200, TokenAnswer, BodyDelay: TimeSpan.FromSeconds(30));
        var adapter = services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.AmazonSellerCentral.Key);

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal("Amazon Seller Central did not answer in time; try again later.", thrown.Message);
    }

    [Theory]
    [InlineData(200, TokenAnswer, 200, Participations, null)]
    [InlineData(400, """{"error":"invalid_grant"}""", 0, null, AttentionReason.CredentialsRevoked)]
    [InlineData(200, TokenAnswer, 403, """{"errors":[{"code":"Unauthorized"}]}""", AttentionReason.PermissionRemoved)]
    [InlineData(200, TokenAnswer, 200, """{"payload":[]}""", AttentionReason.ProviderReported)]
    public async Task Health_exchanges_and_reads_again(int tokenStatus, string tokenBody, int readStatus, string? readBody, AttentionReason? problem)
    {
        _amazon.Enqueue(new FakeResponse(200, TokenAnswer), new FakeResponse(200, Participations), new FakeResponse(tokenStatus, tokenBody));
        if (readStatus != 0)
        {
            _amazon.Enqueue(new FakeResponse(readStatus, readBody));
        }

        Assert.Equal(ProviderCallResult.Success, await Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        var health = await Adapter.CheckHealthAsync(Store, CancellationToken.None);

        Assert.Equal(problem, health.Problem);
        var requests = _amazon.Requests.ToArray();
        Assert.Equal(requests[0] with { Headers = requests[2].Headers }, requests[2]);
    }

    [Fact]
    public async Task Health_is_unhealthy_for_now_on_a_503()
    {
        _amazon.Enqueue(new FakeResponse(200, TokenAnswer), new FakeResponse(200, Participations));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);
        _amazon.Default = new FakeResponse(503);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.CheckHealthAsync(Store, CancellationToken.None));
    }

    [Fact]
    public async Task R19_Live_facts_count_the_open_orders_of_the_last_30_days_in_the_marketplace()
    {
        _amazon.Enqueue(
            new FakeResponse(200, TokenAnswer),
            new FakeResponse(200, Participations),
            new FakeResponse(200, TokenAnswer),
            new FakeResponse(200, """{"payload":{"Orders":[{"AmazonOrderId":"1"},{"AmazonOrderId":"2"}],"NextToken":""}}"""));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);
        var now = _services.GetRequiredService<NodaTime.IClock>().GetCurrentInstant();

        var facts = await Adapter.GetLiveFactsAsync(Store, CancellationToken.None);

        var fact = Assert.Single(facts);
        Assert.Equal(new LiveFact(BuiltInProviders.AmazonSellerCentral.Key, LiveFactKind.OpenMarketplaceOrders, 2), fact);
        Assert.False(fact.IsLowerBound); // an empty NextToken: no more pages
        var read = _amazon.Requests.ToArray()[3];
        Assert.Equal("GET", read.Method);
        Assert.Equal("/sp/orders/v0/orders", read.Path);
        var query = System.Web.HttpUtility.ParseQueryString(read.Query);
        Assert.Equal([Marketplace], query.GetValues("MarketplaceIds")!);
        Assert.Equal(["Unshipped,PartiallyShipped"], query.GetValues("OrderStatuses")!);
        Assert.Equal(["100"], query.GetValues("MaxResultsPerPage")!);
        var since = NodaTime.Text.InstantPattern.General.Parse(query["CreatedAfter"]!).Value;
        Assert.InRange(now - since, NodaTime.Duration.FromDays(30) - NodaTime.Duration.FromMinutes(1), NodaTime.Duration.FromDays(30) + NodaTime.Duration.FromMinutes(1));
        Assert.Equal(4, query.Count);
        Assert.Equal(AccessToken, read.Headers["x-amz-access-token"]);
    }

    [Fact]
    public async Task R19_Live_facts_with_a_next_token_are_a_lower_bound_that_reads_or_more()
    {
        var orders = string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"AmazonOrderId":"403-{{i:D7}}","OrderStatus":"Unshipped"}"""));
        _amazon.Enqueue(
            new FakeResponse(200, TokenAnswer),
            new FakeResponse(200, Participations),
            new FakeResponse(200, TokenAnswer),
            new FakeResponse(200, $$$"""{"payload":{"Orders":[{{{orders}}}],"NextToken":"2YgYW55IGNhcm5hbCBwbGVhc3VyZS4="}}"""));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        var fact = Assert.Single(await Adapter.GetLiveFactsAsync(Store, CancellationToken.None));

        Assert.Equal(LiveFact.AtLeast(BuiltInProviders.AmazonSellerCentral.Key, LiveFactKind.OpenMarketplaceOrders, 100), fact);
        Assert.Equal("amazon-seller-central: 100 or more OpenMarketplaceOrders", fact.ToString());
    }

    [Theory]
    [InlineData(503, "")]
    [InlineData(200, """{"payload":{}}""")]
    public async Task R19_Live_facts_that_cannot_be_read_throw_for_the_assessment_to_list_them_missing(int status, string body)
    {
        _amazon.Enqueue(new FakeResponse(200, TokenAnswer), new FakeResponse(200, Participations), new FakeResponse(200, TokenAnswer));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);
        _amazon.Default = new FakeResponse(status, body);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.GetLiveFactsAsync(Store, CancellationToken.None));
    }

    [Fact]
    public async Task Disconnect_forgets_the_setup_and_asks_amazon_nothing()
    {
        _amazon.Enqueue(new FakeResponse(200, TokenAnswer), new FakeResponse(200, Participations));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.Equal(ProviderCallResult.Success, await Adapter.DisconnectAsync(Store, CancellationToken.None));

        Assert.Null(await _services.GetRequiredService<IProviderCredentialStore>().FindAsync(Store, BuiltInProviders.AmazonSellerCentral.Key, CancellationToken.None));
        Assert.Equal(2, _amazon.Requests.Count);
    }
}
