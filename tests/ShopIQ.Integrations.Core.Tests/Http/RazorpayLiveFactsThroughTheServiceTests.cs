using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Http;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>
/// Razorpay's live fact through <see cref="ConnectedAppsService.AssessImpactAsync"/> against a loopback fake Razorpay:
/// every way the orders read can fail leaves the fact missing, with its reason, and the assessment complete (R19).
/// </summary>
public sealed class RazorpayLiveFactsThroughTheServiceTests : IAsyncLifetime
{
    private const string KeyId = "rzp_test_FactsServ00001";
    private const string Secret = "FactsRazorpaySecretValue91";
    private const string Collection = """{"entity":"collection","count":0,"items":[]}""";

    private static readonly StoreId Store = new("store-facts");
    private static readonly ProviderKey Razorpay = BuiltInProviders.Razorpay.Key;

    private readonly CapturingLoggerProvider _logs = new();
    private FakeProviderServer _razorpay = null!;
    private ServiceProvider _services = null!;
    private FakeResponse _orders = new(200, RazorpayHttpProviderTests.Orders("attempted", "paid"));

    public static TheoryData<int, string?, int, MissingFactsReason> Failures => new()
    {
        { 401, """{"error":{"code":"BAD_REQUEST_ERROR","description":"FactsRazorpaySecretValue91"}}""", 0, MissingFactsReason.Failed },
        { 429, """{"error":{"code":"BAD_REQUEST_ERROR"}}""", 0, MissingFactsReason.Failed },
        { 500, """{"error":{"code":"SERVER_ERROR"}}""", 0, MissingFactsReason.Failed },
        { 503, "FactsRazorpaySecretValue91", 0, MissingFactsReason.Failed },
        { 200, "{not json", 0, MissingFactsReason.Failed },
        { 200, null, 0, MissingFactsReason.Failed },
        { 200, """{"entity":"collection","count":0}""", 0, MissingFactsReason.Failed },
        { 200, Collection, 20_000, MissingFactsReason.TimedOut }, // the body trickles in past the 5 s budget (and the attempt timeout)
    };

    public async Task InitializeAsync()
    {
        _razorpay = await FakeProviderServer.StartAsync();
        _razorpay.Route = request => request.Path switch
        {
            "/v1/payments" => new FakeResponse(200, Collection),
            "/v1/orders" => _orders,
            _ => new FakeResponse(404),
        };
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new LoopbackOnlyHandler()));
        services.AddShopIQIntegrations(options =>
            {
                foreach (var plan in ServiceFixture.TestOptions().Plans)
                {
                    options.Plans.Add(plan);
                }

                // Wide enough that an answer without delay comes back in time on a loaded two-core CI machine (a 1 s budget
                // timed out the failing reads, retries included, there once).
                options.LiveFactsBudget = TimeSpan.FromSeconds(5);
            })
            .AddHttpProviders(options =>
            {
                options.RazorpayBaseAddress = _razorpay.BaseAddress;
                options.AttemptTimeout = TimeSpan.FromSeconds(10);
                options.TotalTimeout = TimeSpan.FromSeconds(30);
                options.MaxRetryAttempts = 2;
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                options.AmazonClientId = AmazonSellerCentralHttpProviderTests.ClientId;
                options.AmazonClientSecret = AmazonSellerCentralHttpProviderTests.ClientSecret;
            });
        _services = services.BuildServiceProvider();

        Assert.True((await Service.OpenStoreAsync(new OpenStoreCommand(Store, TestPlans.Starter.Id, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None)).IsSuccess);
        var setup = ProviderSetup.Empty.With("key-id", KeyId).WithSecret("key-secret", new SecretValue(Secret));
        var connected = await Service.ConnectAsync(new ConnectAppCommand(Store, Razorpay, setup, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        Assert.Equal(OutcomeStatus.Connected, connected.Status);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _razorpay.DisposeAsync();
    }

    private ConnectedAppsService Service => _services.GetRequiredService<ConnectedAppsService>();

    [Fact]
    public async Task R19_The_orders_awaiting_payment_are_in_the_assessment()
    {
        var report = await Service.AssessImpactAsync(Store, Razorpay, CancellationToken.None);

        Assert.NotNull(report);
        Assert.True(report.IsComplete);
        Assert.Equal([new LiveFact(Razorpay, LiveFactKind.OrdersAwaitingPayment, 1)], report.Facts);
        Assert.Contains("razorpay: 1 OrdersAwaitingPayment", report.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task R19_An_orders_read_that_fails_leaves_the_fact_missing_and_the_assessment_complete(int status, string? body, int bodyDelayMs, MissingFactsReason reason)
    {
        var answered = await Service.AssessImpactAsync(Store, Razorpay, CancellationToken.None);
        _orders = new FakeResponse(status, body, BodyDelay: TimeSpan.FromMilliseconds(bodyDelayMs));

        var report = await Service.AssessImpactAsync(Store, Razorpay, CancellationToken.None);

        Assert.NotNull(report);
        Assert.NotNull(answered);
        Assert.Empty(report.Facts);
        Assert.False(report.IsComplete);
        Assert.Equal([new MissingFacts(Razorpay, reason)], report.Missing);
        Assert.Equal(answered.Assessment.WorkflowsThatStop, report.Assessment.WorkflowsThatStop);
        Assert.Equal(answered.Assessment.ToString(), report.Assessment.ToString());
        Assert.Contains(_razorpay.Requests, r => r.Path == "/v1/orders");
        Assert.All(_logs.Messages.Append(report.ToString()), text =>
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal); // the fake's error bodies echo it
            Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains(_logs.Messages, m => m.Contains("razorpay", StringComparison.Ordinal)); // the capture saw the run
    }
}
