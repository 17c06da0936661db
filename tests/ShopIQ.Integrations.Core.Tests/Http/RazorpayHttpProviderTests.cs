using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Http;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>The Razorpay HTTP adapter against a loopback fake Razorpay: the exact request, the status matrix, no secret anywhere.</summary>
public sealed class RazorpayHttpProviderTests : IAsyncLifetime
{
    private const string KeyId = "rzp_test_AbCdEfGh123456";
    private const string Secret = "Sup3rS3cretKeyValue0042";
    private const string Collection = """{"entity":"collection","count":0,"items":[]}""";

    private static readonly StoreId Store = new("store-1");
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 5, 10, 30, 15);
    private static readonly ProviderSetup Setup = ProviderSetup.Empty.With("key-id", KeyId).WithSecret("key-secret", new SecretValue(Secret));
    private static readonly string BasicToken = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{KeyId}:{Secret}"));

    private readonly CapturingLoggerProvider _logs = new();
    private FakeProviderServer _razorpay = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _razorpay = await FakeProviderServer.StartAsync();
        _services = Build(_razorpay.BaseAddress, _logs, clock: new FakeClock(Now));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _razorpay.DisposeAsync();
    }

    private IIntegrationProvider Adapter => _services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.Razorpay.Key);

    internal static ServiceProvider Build(Uri baseAddress, CapturingLoggerProvider logs, Action<HttpProvidersOptions>? more = null, IClock? clock = null)
    {
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock); // before AddShopIQIntegrations, whose TryAdd then keeps it
        }

        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new LoopbackOnlyHandler()));
        services.AddShopIQIntegrations().AddHttpProviders(options =>
        {
            options.RazorpayBaseAddress = baseAddress;
            options.AttemptTimeout = TimeSpan.FromSeconds(2);
            options.TotalTimeout = TimeSpan.FromSeconds(8);
            options.MaxRetryAttempts = 2;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.AmazonClientId = AmazonSellerCentralHttpProviderTests.ClientId;
            options.AmazonClientSecret = AmazonSellerCentralHttpProviderTests.ClientSecret;
            more?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Connect_sends_the_documented_read_with_basic_auth()
    {
        _razorpay.Enqueue(new FakeResponse(200, Collection));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.Equal(ProviderCallResult.Success, result);
        var request = Assert.Single(_razorpay.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/payments", request.Path);
        Assert.Equal("?count=1", request.Query);
        Assert.Equal($"Basic {BasicToken}", request.Headers["Authorization"]);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.Equal("", request.Body);
        Assert.True(Adapter.ConnectCallsOut);
    }

    [Theory]
    [InlineData(401, """{"error":{"code":"BAD_REQUEST_ERROR","description":"The api key provided is invalid","field":null}}""", "Key secret: Razorpay did not accept this key id with this key secret (HTTP 401)")]
    [InlineData(401, null, "Key secret: Razorpay did not accept this key id with this key secret (HTTP 401)")]
    [InlineData(403, "not json", "Key id: Razorpay accepted the key but it may not read payments (HTTP 403)")]
    [InlineData(400, """{"error":{"code":"BAD_REQUEST_ERROR","description":"key rzp_test_AbCdEfGh123456 is bad","field":"key_id"}}""", "Key id: Razorpay refused this key id (HTTP 400).")]
    [InlineData(400, """{"error":{"code":"BAD_REQUEST_ERROR","description":"Sup3rS3cretKeyValue0042 echoed","field":"amount"}}""", "Razorpay refused the connection (HTTP 400).")]
    [InlineData(400, "<html>Sup3rS3cretKeyValue0042</html>", "Razorpay refused the connection (HTTP 400).")]
    [InlineData(404, "", "Razorpay refused the connection (HTTP 404).")]
    public async Task Connect_refusals_name_the_field_and_never_quote_the_body(int status, string? body, string expected)
    {
        _razorpay.Enqueue(new FakeResponse(status, body));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("echoed", result.Reason, StringComparison.Ordinal);
        Assert.Single(_razorpay.Requests);
    }

    [Fact]
    public void Field_errors_are_setup_field_errors_of_razorpay_fields()
    {
        var errors = RazorpayHttpProvider.FieldErrors(new ProviderAnswer(System.Net.HttpStatusCode.Unauthorized, null, null));

        var error = Assert.Single(errors);
        Assert.Contains(BuiltInProviders.Razorpay.SetupFields, f => f.Name == error.Field);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Connect_throws_unavailable_when_the_retries_are_spent(int status)
    {
        _razorpay.Default = new FakeResponse(status, """{"error":{"code":"SERVER_ERROR"}}""");

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal($"Razorpay answered HTTP {status}; try again later.", thrown.Message);
        Assert.Equal(3, _razorpay.Requests.Count); // the first attempt and MaxRetryAttempts = 2 retries
    }

    [Fact]
    public async Task A_503_then_a_success_connects()
    {
        _razorpay.Enqueue(new FakeResponse(503), new FakeResponse(200, Collection));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.Equal(ProviderCallResult.Success, result);
        Assert.Equal(2, _razorpay.Requests.Count);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After()
    {
        _razorpay.Enqueue(new FakeResponse(429, """{"error":{"code":"BAD_REQUEST_ERROR"}}""", RetryAfterSeconds: 1), new FakeResponse(200, Collection));
        var clock = Stopwatch.StartNew();

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.Equal(ProviderCallResult.Success, result);
        Assert.Equal(2, _razorpay.Requests.Count);
        // The base delay is 10 ms: only the Retry-After explains a wait of a second.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"entity":"something else"}""")]
    public async Task A_success_that_is_not_a_collection_is_not_taken_as_a_yes(string body)
    {
        _razorpay.Enqueue(new FakeResponse(200, body));

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal("Razorpay answered HTTP 200 with a body that could not be read; try again later.", thrown.Message);
        Assert.Null(await _services.GetRequiredService<IProviderCredentialStore>().FindAsync(Store, BuiltInProviders.Razorpay.Key, CancellationToken.None));
    }

    [Fact]
    public async Task A_body_that_trickles_in_ends_with_the_total_timeout()
    {
        await using var slow = await FakeProviderServer.StartAsync();
        await using var services = Build(slow.BaseAddress, _logs, options =>
        {
            // The headers come at once and the body never finishes: the total timeout ends it. The attempt timeout is
            // wide so that headers slowed by a loaded machine still arrive within it (a 500 ms one was exceeded there
            // once, and the attempt's timeout gave its own message).
            options.AttemptTimeout = TimeSpan.FromSeconds(2);
            options.TotalTimeout = TimeSpan.FromSeconds(3);
        });
        slow.Default = new FakeResponse(200, Collection, BodyDelay: TimeSpan.FromSeconds(30));
        var adapter = services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.Razorpay.Key);
        var clock = Stopwatch.StartNew();

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal("Razorpay did not answer in time; try again later.", thrown.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {clock.Elapsed}");
    }

    [Fact]
    public async Task The_callers_cancellation_is_thrown_as_such()
    {
        _razorpay.Default = new FakeResponse(200, Collection, BodyDelay: TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Adapter.ConnectAsync(Store, Setup, cancel.Token));
    }

    [Theory]
    [InlineData(200, null)]
    [InlineData(401, AttentionReason.CredentialsRevoked)]
    [InlineData(403, AttentionReason.PermissionRemoved)]
    public async Task Health_asks_again_with_the_kept_credentials(int status, AttentionReason? problem)
    {
        _razorpay.Enqueue(new FakeResponse(200, Collection), new FakeResponse(status, status == 200 ? Collection : """{"error":{"code":"BAD_REQUEST_ERROR"}}"""));
        Assert.Equal(ProviderCallResult.Success, await Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        var health = await Adapter.CheckHealthAsync(Store, CancellationToken.None);

        Assert.Equal(problem, health.Problem);
        var requests = _razorpay.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0] with { Headers = requests[1].Headers }, requests[1]);
        Assert.Equal($"Basic {BasicToken}", requests[1].Headers["Authorization"]);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Health_is_unhealthy_for_now_on_transient_answers(int status)
    {
        _razorpay.Enqueue(new FakeResponse(200, Collection));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);
        _razorpay.Default = new FakeResponse(status);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.CheckHealthAsync(Store, CancellationToken.None));
    }

    [Fact]
    public async Task Health_without_kept_credentials_and_after_disconnect_asks_nothing()
    {
        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.CheckHealthAsync(Store, CancellationToken.None));
        _razorpay.Enqueue(new FakeResponse(200, Collection));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.Equal(ProviderCallResult.Success, await Adapter.DisconnectAsync(Store, CancellationToken.None));

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.CheckHealthAsync(Store, CancellationToken.None));
        Assert.Single(_razorpay.Requests);
    }

    [Fact]
    public async Task No_secret_reaches_the_logs_or_the_exceptions()
    {
        var messages = new List<string>();
        _razorpay.Enqueue(new FakeResponse(200, Collection), new FakeResponse(401, "{\"error\":{\"description\":\"" + Secret + "\"}}"));
        messages.Add((await Adapter.ConnectAsync(Store, Setup, CancellationToken.None)).ToString());
        messages.Add((await Adapter.ConnectAsync(Store, Setup, CancellationToken.None)).ToString());
        _razorpay.Default = new FakeResponse(503, Secret);
        messages.Add((await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None))).ToString());
        messages.Add((await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.CheckHealthAsync(Store, CancellationToken.None))).ToString());

        Assert.NotEmpty(_logs.Messages); // the resilience pipeline logs its retries
        foreach (var text in messages.Concat(_logs.Messages))
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(BasicToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("count=1", text, StringComparison.Ordinal); // no request URI with its query
        }
    }

    [Fact]
    public async Task No_request_leaves_loopback_even_with_the_production_addresses()
    {
        await using var services = Build(new Uri("https://api.razorpay.com/"), _logs);
        var adapter = services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.Razorpay.Key);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal("A test request tried to leave loopback.", thrown.Message);
    }

    [Fact]
    public async Task R19_Live_facts_count_the_attempted_orders_of_the_last_30_days_with_the_documented_read()
    {
        _razorpay.Enqueue(new FakeResponse(200, Collection), new FakeResponse(200, Orders("attempted", "created", "paid", "attempted", "attempted")));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        var facts = await Adapter.GetLiveFactsAsync(Store, CancellationToken.None);

        var fact = Assert.Single(facts);
        Assert.Equal(new LiveFact(BuiltInProviders.Razorpay.Key, LiveFactKind.OrdersAwaitingPayment, 3), fact);
        Assert.False(fact.IsLowerBound);
        Assert.Equal("razorpay: 3 OrdersAwaitingPayment", fact.ToString());
        var read = _razorpay.Requests.ToArray()[1];
        Assert.Equal("GET", read.Method);
        Assert.Equal("/v1/orders", read.Path);
        Assert.Equal($"Basic {BasicToken}", read.Headers["Authorization"]);
        Assert.Equal("application/json", read.Headers["Accept"]);
        Assert.Equal("", read.Body);
        var query = System.Web.HttpUtility.ParseQueryString(read.Query);
        Assert.Equal(3, query.Count);
        Assert.Equal([(Now - Duration.FromDays(30)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)], query.GetValues("from")!);
        Assert.Equal([Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)], query.GetValues("to")!);
        Assert.Equal(["100"], query.GetValues("count")!);
    }

    [Fact]
    public async Task R19_A_full_page_of_orders_is_a_lower_bound_that_reads_or_more()
    {
        var statuses = Enumerable.Range(0, 100).Select(i => i % 5 == 0 ? "attempted" : "paid").ToArray();
        _razorpay.Enqueue(new FakeResponse(200, Collection), new FakeResponse(200, Orders(statuses)));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        var fact = Assert.Single(await Adapter.GetLiveFactsAsync(Store, CancellationToken.None));

        Assert.Equal(LiveFact.AtLeast(BuiltInProviders.Razorpay.Key, LiveFactKind.OrdersAwaitingPayment, 20), fact);
        Assert.True(fact.IsLowerBound);
        Assert.Equal("razorpay: 20 or more OrdersAwaitingPayment", fact.ToString());
    }

    [Fact]
    public async Task R19_A_page_one_short_of_full_is_an_exact_count()
    {
        _razorpay.Enqueue(new FakeResponse(200, Collection), new FakeResponse(200, Orders(Enumerable.Repeat("attempted", 99).ToArray())));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        var fact = Assert.Single(await Adapter.GetLiveFactsAsync(Store, CancellationToken.None));

        Assert.Equal(new LiveFact(BuiltInProviders.Razorpay.Key, LiveFactKind.OrdersAwaitingPayment, 99), fact);
        Assert.False(fact.IsLowerBound);
    }

    [Fact]
    public async Task R19_A_full_page_larger_than_the_connect_limit_is_still_read()
    {
        // 100 orders with 15 notes of 200 characters each (the reference allows 15 of 256): about 330 KB, over the 64 KB read
        // for connect and health, under the 1 MiB read for facts.
        var notes = "\"notes\":{" + string.Join(",", Enumerable.Range(1, 15).Select(n => $"\"note_key_{n}\":\"{new string('n', 200)}\"")) + "}";
        var statuses = Enumerable.Range(0, 100).Select(i => i < 7 ? "attempted" : "paid").ToArray();
        var body = Orders(statuses).Replace("\"notes\":[]", notes, StringComparison.Ordinal);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(body), 200_000, ProviderHttp.MaxFactBodyBytes);
        _razorpay.Enqueue(new FakeResponse(200, Collection), new FakeResponse(200, body));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        var fact = Assert.Single(await Adapter.GetLiveFactsAsync(Store, CancellationToken.None));

        Assert.Equal(LiveFact.AtLeast(BuiltInProviders.Razorpay.Key, LiveFactKind.OrdersAwaitingPayment, 7), fact);
    }

    [Theory]
    [InlineData(401, """{"error":{"code":"BAD_REQUEST_ERROR","description":"The api key provided is invalid"}}""", 1)]
    [InlineData(429, """{"error":{"code":"BAD_REQUEST_ERROR"}}""", 3)]
    [InlineData(500, """{"error":{"code":"SERVER_ERROR"}}""", 3)]
    [InlineData(503, "", 3)]
    [InlineData(200, "{not json", 1)]
    [InlineData(200, "", 1)]
    [InlineData(200, """{"entity":"collection","count":0}""", 1)]
    [InlineData(200, """{"entity":"collection","count":0,"items":{}}""", 1)]
    public async Task R19_Live_facts_that_cannot_be_read_throw_for_the_assessment_to_list_them_missing(int status, string body, int requests)
    {
        _razorpay.Enqueue(new FakeResponse(200, Collection));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);
        _razorpay.Default = new FakeResponse(status, body);

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.GetLiveFactsAsync(Store, CancellationToken.None));

        Assert.StartsWith($"Razorpay answered HTTP {status}", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(requests, _razorpay.Requests.Count(r => r.Path == "/v1/orders"));
    }

    [Fact]
    public async Task R19_Live_facts_without_kept_credentials_ask_nothing()
    {
        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.GetLiveFactsAsync(Store, CancellationToken.None));

        Assert.Empty(_razorpay.Requests);
    }

    // A Fetch All Orders collection as the reference shows it, one order a status.
    internal static string Orders(params string[] statuses) =>
        "{\"entity\":\"collection\",\"count\":" + statuses.Length + ",\"items\":[" + string.Join(",", statuses.Select(Order)) + "]}";

    private static string Order(string status, int i) =>
        $$"""{"id":"order_Fake{{i:D6}}","entity":"order","amount":50000,"amount_paid":0,"amount_due":50000,"currency":"INR","receipt":"rcpt-{{i}}","offer_id":null,"status":"{{status}}","attempts":1,"notes":[],"created_at":1764930000}""";
}
