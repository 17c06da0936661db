using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.Diagnostics;
namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>
/// A connected-apps service on a fake clock and the in-memory repository, with the built-in adapters
/// (plus any extra ones), a recording event sink and the test catalog.
/// </summary>
internal sealed class ServiceFixture : IDisposable
{
    public static readonly StoreId StoreId = new("store-1");

    public ServiceFixture()
        : this([], _ => { })
    {
    }

    public ServiceFixture(IEnumerable<IIntegrationProvider> extraAdapters, Action<ConnectedAppsOptions> configure)
        : this(extraAdapters, configure, repository => repository, _ => [])
    {
    }

    /// <summary>
    /// A fixture whose service sees <paramref name="repository"/>'s wrapping of <see cref="Repository"/> (for
    /// example one that forces conflicts), and publishes to <paramref name="sinksBefore"/> first, then <see cref="Sink"/>.
    /// </summary>
    public ServiceFixture(
        IEnumerable<IIntegrationProvider> extraAdapters,
        Action<ConnectedAppsOptions> configure,
        Func<InMemoryStoreRepository, IStoreRepository> repository,
        Func<InMemoryStoreRepository, IEnumerable<IStoreEventSink>> sinksBefore)
    {
        Clock = new FakeClock(StoreFixture.Start);
        Options = TestOptions();
        configure(Options);
        _loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        _seen = repository(Repository);
        Service = new ConnectedAppsService(
            _seen,
            BuiltInSetups.Adapters.Concat(extraAdapters),
            sinksBefore(Repository).Append(Sink),
            Clock,
            Microsoft.Extensions.Options.Options.Create(Options),
            _loggers.CreateLogger<ConnectedAppsService>(),
            null);
    }

    private readonly ILoggerFactory _loggers;
    private readonly IStoreRepository _seen;

    public FakeClock Clock { get; }

    /// <summary>Every line the service logged, at every level, as "Level category [event id] message :: values :: exception".</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public ConnectedAppsOptions Options { get; }

    public InMemoryStoreRepository Repository { get; } = new();

    public RecordingSink Sink { get; } = new();

    public ConnectedAppsService Service { get; }

    /// <summary>The test catalog (free 0, starter 3, growth 5, pro 10, enterprise unlimited) as options.</summary>
    public static ConnectedAppsOptions TestOptions()
    {
        var options = new ConnectedAppsOptions();
        foreach (var plan in TestPlans.Catalog.Plans)
        {
            options.Plans.Add(new PlanOptions
            {
                Id = plan.Id.Value,
                Name = plan.Name,
                Tier = plan.Tier,
                ConnectedApps = plan.ConnectedApps.Slots,
                Unlimited = plan.ConnectedApps == SlotAllowance.Unlimited,
                AiCredits = plan.AiCredits,
            });
        }

        return options;
    }

    /// <summary>Opens <see cref="StoreId"/> on a plan and asserts it opened.</summary>
    public async Task<ServiceFixture> OpenAsync(Plan plan)
    {
        var result = await Service.OpenStoreAsync(new OpenStoreCommand(StoreId, plan.Id, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        Assert.False(result.IsReplay);
        Assert.True(result.IsSuccess, result.Message);
        return this;
    }

    /// <summary>Connects built-in providers with valid setups and asserts each activated.</summary>
    public async Task<ServiceFixture> WithAsync(params ProviderDescriptor[] providers)
    {
        foreach (var provider in providers)
        {
            var result = await ConnectAsync(provider.Key, BuiltInSetups.For(provider.Key));
            Assert.Equal(OutcomeStatus.Connected, result.Status);
        }

        return this;
    }

    public Task<ConnectedAppsResult> ConnectAsync(ProviderKey provider, ProviderSetup setup) =>
        Service.ConnectAsync(new ConnectAppCommand(StoreId, provider, setup, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);

    /// <summary>A logger into <see cref="Logs"/>, for other services built on this fixture.</summary>
    public ILogger<ConnectedAppsService> Logger => _loggers.CreateLogger<ConnectedAppsService>();

    /// <summary>Another service on the same repository (as <see cref="Service"/> sees it), clock and options, with only <paramref name="adapters"/>.</summary>
    public ConnectedAppsService ServiceWith(IEnumerable<IIntegrationProvider> adapters) =>
        new(_seen, adapters, [], Clock, Microsoft.Extensions.Options.Options.Create(Options), _loggers.CreateLogger<ConnectedAppsService>(), null);

    public async Task<Store> StoreAsync() =>
        await Service.GetStoreAsync(StoreId, CancellationToken.None) ?? throw new InvalidOperationException("The store does not exist.");

    /// <summary>The store's whole ledger as saved.</summary>
    public async Task<SlotLedger> LedgerAsync() =>
        await Service.ReadLedgerAsync(StoreId, CancellationToken.None) ?? throw new InvalidOperationException("The store does not exist.");

    /// <summary>The messages logged with event <paramref name="eventId"/> (see the service's log events), in order.</summary>
    public IReadOnlyList<string> Logged(int eventId) =>
        [.. Logs.Lines.Where(l => l.Contains($" [{eventId}] ", StringComparison.Ordinal)).Select(l => l.Split(" :: ")[0].Split($" [{eventId}] ")[1])];

    public void Dispose()
    {
        Service.Dispose();
        _loggers.Dispose();
    }

    /// <summary>Records every batch of events published, in order.</summary>
    internal sealed class RecordingSink : IStoreEventSink
    {
        private readonly ConcurrentQueue<IReadOnlyList<StoreEvent>> _batches = new();

        public IReadOnlyList<IReadOnlyList<StoreEvent>> Batches => _batches.ToArray();

        public IReadOnlyList<StoreEvent> Events => _batches.SelectMany(b => b).ToArray();

        public Task PublishAsync(IReadOnlyList<StoreEvent> events, CancellationToken cancellationToken)
        {
            _batches.Enqueue(events);
            return Task.CompletedTask;
        }
    }
}
