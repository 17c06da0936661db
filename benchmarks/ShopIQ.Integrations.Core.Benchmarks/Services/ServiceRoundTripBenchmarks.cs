using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using ShopIQ.Integrations.Core.Benchmarks.Clocks;
using ShopIQ.Integrations.Core.Benchmarks.Naive;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.Services;

/// <summary>
/// The service round trip with the in-memory repository: <see cref="ConnectedAppsService.ConnectAsync"/> +
/// <see cref="ConnectedAppsService.DisconnectAsync"/> of a non-critical app (validated setup, offline adapter)
/// on a store with 3 of 5 slots in use, by one caller, and by 2 callers on 2 threads contending for the same
/// store (one pairs Meta Pixel, the other Amazon Seller Central, so both always find a free slot). Each figure
/// is per connect + disconnect pair.
/// </summary>
/// <remarks>
/// <para>
/// Grouped by category, each with its baseline: the same pairs on the naive reference
/// (<see cref="NaiveSlotStore"/>, one lock), by one caller (<c>Single</c>) and by 2 threads on one naive store
/// (<c>Contended</c>). The service does far more per pair: it rebuilds the store from its cached snapshot,
/// validates the setup, calls the adapter, reserves and activates a slot, saves with an optimistic version check,
/// a new snapshot and an idempotency record, and the same again to disconnect. The ratio is the price of all that.
/// </para>
/// <para>
/// Every invocation starts on a fresh repository, service and store (opened, 3 apps connected through the
/// service) and runs <see cref="PairsPerInvocation"/> pairs, which keeps the ledger between 4 and about 390
/// entries (3 entries per pair: reserved, activated, disconnected), a store's first months; what a pair costs on
/// an older store is <see cref="StoreAgeBenchmarks"/>'s to measure. The fresh start is paid inside the measured
/// method and is about 2% of it (4 service commands and a constructor against 256 commands); the naive side starts
/// afresh the same way. Nothing accumulates across invocations (ledgers, idempotency records), so the GC sees the
/// same heap throughout.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ServiceRoundTripBenchmarks
{
    private const int PairsPerInvocation = 128;
    private const int PairsPerThread = PairsPerInvocation / 2;

    private static readonly ProviderDescriptor[] Seed = [BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati];
    private static readonly ProviderDescriptor AppA = BuiltInProviders.MetaPixel;
    private static readonly ProviderDescriptor AppB = BuiltInProviders.AmazonSellerCentral;

    private static readonly Dictionary<ProviderKey, ProviderSetup> Setups = new()
    {
        [BuiltInProviders.Razorpay.Key] = ProviderSetup.Empty
            .With("key-id", "rzp_test_1DP5mmOlF5G5ag")
            .WithSecret("key-secret", new SecretValue("benchRzpKeySecret0123456789"))
            .WithSecret("webhook-secret", new SecretValue("benchRzpWebhookSecret0123")),
        [BuiltInProviders.Shiprocket.Key] = ProviderSetup.Empty
            .With("api-user-email", "api-user@example.com")
            .WithSecret("api-user-password", new SecretValue("bench-shiprocket-p@ssw0rd")),
        [BuiltInProviders.Wati.Key] = ProviderSetup.Empty
            .With("api-endpoint", "https://live-server-1234.wati.io")
            .WithSecret("access-token", new SecretValue("benchWatiAccessToken0123456789")),
        [BuiltInProviders.MetaPixel.Key] = ProviderSetup.Empty
            .With("pixel-id", "123456789012345")
            .WithSecret("conversions-api-token", new SecretValue("EAAbenchMetaConversionsToken0123")),
        [BuiltInProviders.AmazonSellerCentral.Key] = ProviderSetup.Empty
            .With("seller-id", "A2EUQ1WTGCTBG2")
            .With("marketplace-id", "A21TJRUUN4KGV")
            .WithSecret("refresh-token", new SecretValue("Atzr|benchAmazonRefreshToken0123456789")),
    };

    private readonly Actor _merchant = Actor.Merchant("bench");
    private readonly IClock _clock = new FixedClock(Instant.FromUtc(2025, 1, 1, 0, 0));
    private readonly StoreId _storeId = new("bench-store");
    private long _now;
    private long _keys;

    /// <summary>Checks the setups are valid, and that a fresh store takes both apps at once and gives them back, on the service and the naive store.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _now = _clock.GetCurrentInstant().ToUnixTimeTicks();
        using var service = NewService();
        foreach (var adapter in Adapters())
        {
            if (Setups.TryGetValue(adapter.Descriptor.Key, out var setup))
            {
                Require(adapter.ValidateSetup(setup).IsValid, $"the {adapter.Descriptor.DisplayName} setup is invalid");
            }
        }

        OpenSeededAsync(service).GetAwaiter().GetResult();
        Require(Connect(service, AppA).GetAwaiter().GetResult().Status == OutcomeStatus.Connected, "Meta Pixel did not connect");
        Require(Connect(service, AppB).GetAwaiter().GetResult().Status == OutcomeStatus.Connected, "Amazon Seller Central did not connect");
        Require(Disconnect(service, AppA).GetAwaiter().GetResult().Status == OutcomeStatus.Disconnected, "Meta Pixel did not disconnect");
        Require(Disconnect(service, AppB).GetAwaiter().GetResult().Status == OutcomeStatus.Disconnected, "Amazon Seller Central did not disconnect");
        var store = service.GetStoreAsync(_storeId, CancellationToken.None).GetAwaiter().GetResult();
        Require(store is { SlotsInUse: 3 } && store.Allowance.Slots == 5, $"the store is at {store}, not 3/5");

        var naive = NewNaive();
        Require(naive.TryConnect(AppA.Key.Value, AppA.Workflows, _now) && naive.TryConnect(AppB.Key.Value, AppB.Workflows, _now), "the naive store refused the two apps");
        Require(naive.TryDisconnect(AppA.Key.Value, _now) && naive.TryDisconnect(AppB.Key.Value, _now) && naive.SlotsInUse == 3, "the naive store did not give the two slots back");
    }

    /// <summary>The naive reference, one caller: 128 pairs of Meta Pixel on a fresh naive store.</summary>
    /// <returns>The slots in use at the end.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = PairsPerInvocation)]
    [BenchmarkCategory("Single")]
    public int NaiveSingle()
    {
        var naive = NewNaive();
        NaivePairs(naive, AppA, PairsPerInvocation);
        return naive.SlotsInUse;
    }

    /// <summary>The service, one caller: 128 connect + disconnect pairs of Meta Pixel on a fresh store.</summary>
    /// <returns>The last disconnect's result.</returns>
    [Benchmark(OperationsPerInvoke = PairsPerInvocation)]
    [BenchmarkCategory("Single")]
    public async Task<ConnectedAppsResult> ServiceSingle()
    {
        using var service = NewService();
        await OpenSeededAsync(service).ConfigureAwait(false);
        return await ServicePairsAsync(service, AppA, PairsPerInvocation).ConfigureAwait(false);
    }

    /// <summary>The naive reference, 2 threads: 64 pairs each (Meta Pixel and Amazon Seller Central) on one fresh naive store.</summary>
    /// <returns>The slots in use at the end.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = PairsPerInvocation)]
    [BenchmarkCategory("Contended")]
    public async Task<int> NaiveContended()
    {
        var naive = NewNaive();
        await Task.WhenAll(
            Task.Run(() => NaivePairs(naive, AppA, PairsPerThread)),
            Task.Run(() => NaivePairs(naive, AppB, PairsPerThread))).ConfigureAwait(false);
        return naive.SlotsInUse;
    }

    /// <summary>The service, 2 threads: 64 pairs each (Meta Pixel and Amazon Seller Central) on one fresh store.</summary>
    /// <returns>The second caller's last result.</returns>
    [Benchmark(OperationsPerInvoke = PairsPerInvocation)]
    [BenchmarkCategory("Contended")]
    public async Task<ConnectedAppsResult> ServiceContended()
    {
        using var service = NewService();
        await OpenSeededAsync(service).ConfigureAwait(false);
        var results = await Task.WhenAll(
            Task.Run(() => ServicePairsAsync(service, AppA, PairsPerThread)),
            Task.Run(() => ServicePairsAsync(service, AppB, PairsPerThread))).ConfigureAwait(false);
        return results[1];
    }

    private static IIntegrationProvider[] Adapters() =>
    [
        new RazorpayProvider(), new ShiprocketProvider(), new WatiProvider(),
        new GoogleAnalyticsProvider(), new MetaPixelProvider(), new AmazonSellerCentralProvider(),
    ];

    private ConnectedAppsService NewService()
    {
        var options = new ConnectedAppsOptions();
        options.Plans.Add(new PlanOptions { Id = "growth", Name = "Growth", Tier = 2, ConnectedApps = 5, AiCredits = 2_000 });
        return new ConnectedAppsService(
            new InMemoryStoreRepository(),
            Adapters(),
            [],
            _clock,
            Microsoft.Extensions.Options.Options.Create(options),
            NullLogger<ConnectedAppsService>.Instance,
            null);
    }

    private async Task OpenSeededAsync(ConnectedAppsService service)
    {
        var opened = await service.OpenStoreAsync(new OpenStoreCommand(_storeId, new PlanId("growth"), _merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
        Require(opened.IsSuccess, $"the store did not open: {opened}");
        foreach (var provider in Seed)
        {
            var connected = await Connect(service, provider).ConfigureAwait(false);
            Require(connected.Status == OutcomeStatus.Connected, $"{provider.DisplayName} did not connect: {connected}");
        }
    }

    private async Task<ConnectedAppsResult> ServicePairsAsync(ConnectedAppsService service, ProviderDescriptor app, int pairs)
    {
        ConnectedAppsResult last = null!;
        for (var i = 0; i < pairs; i++)
        {
            await Connect(service, app).ConfigureAwait(false);
            last = await Disconnect(service, app).ConfigureAwait(false);
        }

        return last;
    }

    private void NaivePairs(NaiveSlotStore naive, ProviderDescriptor app, int pairs)
    {
        for (var i = 0; i < pairs; i++)
        {
            naive.TryConnect(app.Key.Value, app.Workflows, _now);
            naive.TryDisconnect(app.Key.Value, _now);
        }
    }

    private Task<ConnectedAppsResult> Connect(ConnectedAppsService service, ProviderDescriptor provider) =>
        service.ConnectAsync(new ConnectAppCommand(_storeId, provider.Key, Setups[provider.Key], _merchant, NextKey()), CancellationToken.None);

    private Task<ConnectedAppsResult> Disconnect(ConnectedAppsService service, ProviderDescriptor provider) =>
        service.DisconnectAsync(new DisconnectAppCommand(_storeId, provider.Key, _merchant, NextKey()), CancellationToken.None);

    /// <summary>A fresh idempotency key per command, as a caller must give; the string is part of the caller's cost.</summary>
    private IdempotencyKey NextKey() => new(Interlocked.Increment(ref _keys).ToString(CultureInfo.InvariantCulture));

    private NaiveSlotStore NewNaive()
    {
        var naive = new NaiveSlotStore(5);
        foreach (var provider in Seed)
        {
            naive.TryConnect(provider.Key.Value, provider.Workflows, _now);
        }

        return naive;
    }
}
