using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Http;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>
/// Every HTTP adapter through <see cref="ConnectedAppsService"/> against one loopback fake that answers as each provider:
/// connect, impact (live facts), health, revocation marked needs-attention (R17), disconnect, a revoked connect refused
/// with no slot taken, an outage answered as failed; every log line, activity and metric tag of the run is captured and
/// searched for the secrets, and every request is checked to have gone to the fake.
/// </summary>
public sealed class HttpAdaptersThroughTheServiceTests : IAsyncLifetime
{
    // Values of this class only, so that another test class running at the same time cannot put them in a capture.
    private const string RazorpayKeyId = "rzp_test_ThroughServ001";
    private const string RazorpaySecret = "E2eRazorpaySecretValue77";
    private const string ShiprocketPassword = "E2e Shiprocket Pa55word";
    private const string ShiprocketToken = "eyJE2eShiprocketSessionToken";
    private const string WatiToken = "E2eWatiAccessTokenValue0123456789";
    private const string GaSecret = "E2eGaApiSecretValue_0123";
    private const string MetaToken = "EAAE2eMetaConversionsTokenValue0123";
    private const string AmazonRefresh = "Atzr|E2eAmazonRefreshTokenValue0123";
    private const string AmazonAccess = "Atza|E2eAmazonAccessTokenValue0123";
    private const string AmazonClientSecret = "amzn1.oa2-cs.v1.E2eAppClientSecret0123";

    private static readonly StoreId Store = new("store-e2e");

    private readonly CapturingLoggerProvider _logs = new();
    private readonly ConcurrentQueue<string> _telemetry = new();
    private readonly List<string> _answers = [];
    private FakeProviderServer _fake = null!;
    private ServiceProvider _services = null!;
    private ActivityListener _activities = null!;
    private MeterListener _metrics = null!;
    private volatile Mode _mode = Mode.Valid;

    private enum Mode
    {
        Valid,
        Revoked,
        Down,
    }

    /// <summary>Every secret the run handles, and the forms they take on the wire.</summary>
    public static IEnumerable<string> Secrets =>
    [
        RazorpaySecret, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RazorpayKeyId}:{RazorpaySecret}")), ShiprocketPassword, ShiprocketToken,
        WatiToken, GaSecret, "api_secret", MetaToken, AmazonRefresh, WebUtility.UrlEncode(AmazonRefresh), AmazonAccess, AmazonClientSecret,
    ];

    public static TheoryData<string> Providers => new(BuiltInProviders.All.Select(d => d.Key.ToString()));

    public async Task InitializeAsync()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _telemetry.Enqueue(Describe(activity)),
        };
        ActivitySource.AddActivityListener(_activities);
        _metrics = new MeterListener { InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument) };
        _metrics.SetMeasurementEventCallback<long>((i, v, tags, _) => _telemetry.Enqueue(Describe(i, tags)));
        _metrics.SetMeasurementEventCallback<int>((i, v, tags, _) => _telemetry.Enqueue(Describe(i, tags)));
        _metrics.SetMeasurementEventCallback<double>((i, v, tags, _) => _telemetry.Enqueue(Describe(i, tags)));
        _metrics.Start();

        _fake = await FakeProviderServer.StartAsync();
        _fake.Route = Answer;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        // WATI's endpoint must be https to pass setup validation; the stand-in sends https://127.0.0.1 to the plain-http fake.
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new LoopbackOnlyHandler()).AddHttpMessageHandler(() => new LoopbackTlsStandIn()));
        services.AddShopIQIntegrations(options =>
            {
                foreach (var plan in ServiceFixture.TestOptions().Plans)
                {
                    options.Plans.Add(plan);
                }
            })
            .AddHttpProviders(options =>
            {
                options.RazorpayBaseAddress = _fake.BaseAddress;
                options.ShiprocketBaseAddress = _fake.BaseAddress;
                options.GoogleAnalyticsBaseAddress = _fake.BaseAddress;
                options.MetaGraphBaseAddress = _fake.BaseAddress;
                options.AmazonLoginBaseAddress = new Uri(_fake.BaseAddress, "lwa/");
                options.AmazonSellingPartnerBaseAddress = new Uri(_fake.BaseAddress, "sp/");
                options.AmazonClientId = "amzn1.application-oa2-client.e2e";
                options.AmazonClientSecret = AmazonClientSecret;
                options.AttemptTimeout = TimeSpan.FromSeconds(2);
                options.TotalTimeout = TimeSpan.FromSeconds(8);
                options.MaxRetryAttempts = 2;
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            });
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        _activities.Dispose();
        _metrics.Dispose();
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private ConnectedAppsService Service => _services.GetRequiredService<ConnectedAppsService>();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task R17_R19_A_full_run_through_the_service_behaves_and_leaks_no_secret(string key)
    {
        var provider = new ProviderKey(key);
        Assert.True((await Service.OpenStoreAsync(new OpenStoreCommand(Store, TestPlans.Starter.Id, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None)).IsSuccess);

        // Valid credentials connect and take a slot.
        var connected = await Record(Service.ConnectAsync(new ConnectAppCommand(Store, provider, SetupFor(key), StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None));
        Assert.Equal(OutcomeStatus.Connected, connected.Status);
        Assert.Equal(1, await SlotsInUseAsync());

        // Health while valid; the impact assessment with the provider's facts (Amazon's open orders, Razorpay's orders
        // awaiting payment; the others report none).
        Assert.Equal(OutcomeStatus.HealthChecked, (await Record(Check(provider))).Status);
        var report = await Service.AssessImpactAsync(Store, provider, CancellationToken.None);
        Assert.NotNull(report);
        Assert.True(report.IsComplete);
        LiveFact[] expected = key switch
        {
            "amazon-seller-central" => [new LiveFact(provider, LiveFactKind.OpenMarketplaceOrders, 1)],
            "razorpay" => [new LiveFact(provider, LiveFactKind.OrdersAwaitingPayment, 1)],
            _ => [],
        };
        Assert.Equal(expected, report.Facts);
        foreach (var reader in _services.GetServices<IProviderActivityReader>().Where(r => r.Provider == provider))
        {
            Assert.NotNull(await reader.GetLastActivityAsync(Store, CancellationToken.None));
        }

        // An outage: facts go missing without blocking the assessment (R19); health fails for now and changes nothing.
        _mode = Mode.Down;
        var partial = await Service.AssessImpactAsync(Store, provider, CancellationToken.None);
        Assert.NotNull(partial);
        Assert.Equal(report.Assessment.WorkflowsThatStop, partial.Assessment.WorkflowsThatStop);
        Assert.Equal(expected.Length == 0 ? [] : [provider], partial.Missing.Select(m => m.Provider));
        Assert.Empty(partial.Facts);
        Assert.Equal(OutcomeStatus.ProviderFailed, (await Record(Check(provider))).Status);
        Assert.Equal(ConnectionState.Active, (await AppAsync(provider)).State);

        // Revoked at the provider: the health check marks the app needs-attention, keeping its slot.
        _mode = Mode.Revoked;
        Assert.Equal(OutcomeStatus.MarkedNeedsAttention, (await Record(Check(provider))).Status);
        Assert.Equal(ConnectionState.NeedsAttention, (await AppAsync(provider)).State);
        Assert.Equal(1, await SlotsInUseAsync());

        // Disconnect never fails for the provider's sake.
        var impact = await Service.AssessImpactAsync(Store, provider, CancellationToken.None);
        var disconnected = await Record(Service.DisconnectAsync(new DisconnectAppCommand(Store, provider, impact!.Assessment.Acknowledge(), StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None));
        Assert.Equal(OutcomeStatus.Disconnected, disconnected.Status);
        Assert.Equal(0, await SlotsInUseAsync());

        // Revoked credentials are refused with the provider's reason, and no slot is taken.
        var refused = await Record(Service.ConnectAsync(new ConnectAppCommand(Store, provider, SetupFor(key), StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None));
        Assert.Equal(OutcomeStatus.ProviderRefused, refused.Status);
        Assert.Contains(RevokedReason(key), refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await SlotsInUseAsync());

        // An outage at connect: retried, then failed, no slot taken.
        _mode = Mode.Down;
        var before = _fake.Requests.Count;
        var failed = await Record(Service.ConnectAsync(new ConnectAppCommand(Store, provider, SetupFor(key), StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None));
        Assert.Equal(OutcomeStatus.ProviderFailed, failed.Status);
        Assert.Equal(3, _fake.Requests.Count - before); // the first attempt and two retries
        Assert.Equal(0, await SlotsInUseAsync());

        // Every request went to the fake (the loopback-only handler would have thrown otherwise) and was one of the provider's.
        Assert.NotEmpty(_fake.Requests);
        Assert.All(_fake.Requests, r => Assert.True(IsProviderPath(r.Path), r.Path));

        AssertNoSecretIn(_logs.Messages.Concat(_telemetry).Concat(_answers));
        Assert.Contains(_logs.Messages, m => m.Contains(key, StringComparison.Ordinal)); // the capture saw the run
        Assert.Contains(_telemetry, t => t.Contains("System.Net.Http", StringComparison.Ordinal)); // and HttpClient's own telemetry
    }

    [Fact]
    public async Task The_secret_check_catches_HttpClientFactorys_default_logging_put_back()
    {
        // What AddHttpProviders removes, put back for one client: the search above must then find the api_secret.
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new LoopbackOnlyHandler()));
        services.AddShopIQIntegrations().AddHttpProviders(options =>
        {
            options.GoogleAnalyticsBaseAddress = _fake.BaseAddress;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        });
        services.AddHttpClient(GoogleAnalyticsHttpProvider.ClientName).AddDefaultLogger();
        await using var provider = services.BuildServiceProvider();
        var adapter = provider.GetServices<IIntegrationProvider>().Single(a => a.Descriptor.Key == BuiltInProviders.GoogleAnalytics.Key);

        Assert.Equal(ProviderCallResult.Success, await adapter.ConnectAsync(Store, SetupFor("google-analytics"), CancellationToken.None));

        var caught = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoSecretIn(logs.Messages));
        Assert.Contains("System.Net.Http.HttpClient.ShopIQ.Integrations.Http.google-analytics", caught.Message, StringComparison.Ordinal);
    }

    internal static void AssertNoSecretIn(IEnumerable<string> texts)
    {
        var all = texts.ToList();
        Assert.NotEmpty(all);
        foreach (var text in all)
        {
            foreach (var secret in Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret ({secret[..4]}…) appeared in: {text}");
            }

            Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string Describe(Activity activity)
    {
        var text = new StringBuilder($"{activity.Source.Name} {activity.OperationName} {activity.DisplayName} {activity.StatusDescription}");
        foreach (var tag in activity.TagObjects)
        {
            text.Append($" {tag.Key}={tag.Value}");
        }

        foreach (var @event in activity.Events)
        {
            text.Append($" event {@event.Name}");
            foreach (var tag in @event.Tags)
            {
                text.Append($" {tag.Key}={tag.Value}");
            }
        }

        foreach (var item in activity.Baggage)
        {
            text.Append($" baggage {item.Key}={item.Value}");
        }

        return text.ToString();
    }

    private static string Describe(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = new StringBuilder($"{instrument.Meter.Name} {instrument.Name}");
        foreach (var tag in tags)
        {
            text.Append($" {tag.Key}={tag.Value}");
        }

        return text.ToString();
    }

    private static bool IsProviderPath(string path) =>
        path is "/v1/payments" or "/v1/orders" or "/v1/external/auth/login" or "/12345/api/v1/getContacts" or "/debug/mp/collect"
            or "/v25.0/123456789012345" or "/lwa/auth/o2/token" or "/sp/sellers/v1/marketplaceParticipations" or "/sp/orders/v0/orders";

    private static string RevokedReason(string key) => key switch
    {
        "razorpay" => "Razorpay did not accept this key id with this key secret (HTTP 401)",
        "shiprocket" => "Shiprocket did not accept this API user email and password (HTTP 401)",
        "wati" => "WATI did not accept this access token (HTTP 401)",
        "google-analytics" => "Google refused this API secret (VALUE_INVALID)",
        "meta-pixel" => "Meta did not accept this token: it is invalid, expired or revoked (Graph error 190)",
        "amazon-seller-central" => "Amazon did not accept this refresh token: it was revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private ProviderSetup SetupFor(string key) => key switch
    {
        "razorpay" => ProviderSetup.Empty.With("key-id", RazorpayKeyId).WithSecret("key-secret", new SecretValue(RazorpaySecret)),
        "shiprocket" => ProviderSetup.Empty.With("api-user-email", "api@example.com").WithSecret("api-user-password", new SecretValue(ShiprocketPassword)),
        "wati" => ProviderSetup.Empty.With("api-endpoint", new UriBuilder(_fake.BaseAddress) { Scheme = "https", Path = "12345" }.Uri.ToString()).WithSecret("access-token", new SecretValue(WatiToken)),
        "google-analytics" => ProviderSetup.Empty.With("measurement-id", "G-E2E12345").WithSecret("api-secret", new SecretValue(GaSecret)),
        "meta-pixel" => ProviderSetup.Empty.With("pixel-id", "123456789012345").WithSecret("conversions-api-token", new SecretValue(MetaToken)),
        "amazon-seller-central" => ProviderSetup.Empty.With("seller-id", "A1B2C3D4E5F6G7").With("marketplace-id", "A21TJRUUN4KGV").WithSecret("refresh-token", new SecretValue(AmazonRefresh)),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    // Each provider as its documentation shows it, in the current mode; the error bodies echo the secrets to prove they are never copied.
    private FakeResponse? Answer(RecordedRequest request)
    {
        if (_mode == Mode.Down)
        {
            return new FakeResponse(503, RazorpaySecret);
        }

        var valid = _mode == Mode.Valid;
        return request.Path switch
        {
            "/v1/payments" => valid ? new(200, """{"entity":"collection","count":0,"items":[]}""") : new(401, $$$"""{"error":{"code":"BAD_REQUEST_ERROR","description":"{{{RazorpaySecret}}}"}}"""),
            "/v1/orders" => valid
                ? new(200, """{"entity":"collection","count":2,"items":[{"id":"order_E2e1","entity":"order","status":"attempted"},{"id":"order_E2e2","entity":"order","status":"paid"}]}""")
                : new(401, $$$"""{"error":{"code":"BAD_REQUEST_ERROR","description":"{{{RazorpaySecret}}}"}}"""),
            "/v1/external/auth/login" => valid ? new(200, $$"""{"token":"{{ShiprocketToken}}"}""") : new(401, """{"message":"Invalid email and password combination","status_code":401}"""),
            "/12345/api/v1/getContacts" => valid ? new(200, """{"result":"success","contact_list":[]}""") : new(401, WatiToken),
            "/debug/mp/collect" => valid ? new(200, """{"validationMessages":[]}""") : new(200, $$$"""{"validationMessages":[{"fieldPath":"api_secret","description":"{{{GaSecret}}}","validationCode":"VALUE_INVALID"}]}"""),
            "/v25.0/123456789012345" => valid
                ? new(200, """{"id":"123456789012345","name":"Pixel","last_fired_time":"2026-12-01T10:20:30+0000"}""")
                : new(400, $$$"""{"error":{"message":"{{{MetaToken}}} is invalid","type":"OAuthException","code":190}}"""),
            "/lwa/auth/o2/token" => valid ? new(200, $$"""{"access_token":"{{AmazonAccess}}","token_type":"bearer","expires_in":3600}""") : new(400, $$"""{"error":"invalid_grant","error_description":"{{AmazonRefresh}}"}"""),
            "/sp/orders/v0/orders" => new(200, """{"payload":{"Orders":[{"AmazonOrderId":"403-1"}]}}"""),
            "/sp/sellers/v1/marketplaceParticipations" => new(200, """{"payload":[{"marketplace":{"id":"A21TJRUUN4KGV"},"participation":{"isParticipating":true}}]}"""),
            _ => new(404),
        };
    }

    private Task<ConnectedAppsResult> Check(ProviderKey provider) =>
        Service.CheckHealthAsync(new CheckHealthCommand(Store, provider, Actor.System, IdempotencyKey.New()), CancellationToken.None);

    private async Task<ConnectedAppsResult> Record(Task<ConnectedAppsResult> call)
    {
        var result = await call;
        _answers.Add(result.ToString());
        return result;
    }

    private async Task<int> SlotsInUseAsync() => (await Service.GetStoreAsync(Store, CancellationToken.None))!.SlotsInUse;

    private async Task<ConnectedApp> AppAsync(ProviderKey provider) =>
        (await Service.GetStoreAsync(Store, CancellationToken.None))!.GetApps().Single(a => a.Key == provider);
}

/// <summary>Stands in for TLS on loopback: an https request to a loopback address goes to the plain-http fake on the same port.</summary>
internal sealed class LoopbackTlsStandIn : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsLoopback: true, Scheme: "https" } uri)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = "http", Port = uri.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
