using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>
/// What the stress callers share: one service on the in-memory repository and one fake clock, the built-in
/// adapters plus four misbehaving ones, three stores on small plans, and the commands sent so far.
/// </summary>
internal sealed class StressWorld : IDisposable
{
    /// <summary>Short, so that moving the clock on by <see cref="ClockStep"/> expires every reservation made before.</summary>
    public static readonly Duration ReservationLifetime = Duration.FromMinutes(2);

    public static readonly Duration ClockStep = Duration.FromMinutes(3);

    public static readonly Actor Host = Actor.Support("stress-host");

    private readonly object _sharedGate = new();
    private readonly List<SentCommand> _shared = [];

    public StressWorld(int maxConflictRetries)
    {
        Clock = new FakeClock(StoreFixture.Start);
        var options = ServiceFixture.TestOptions();
        options.MaxConflictRetries = maxConflictRetries;
        options.PendingReservationLifetime = ReservationLifetime.ToTimeSpan();

        // Real time, only a backstop: a parked connect is let go long before (see ParkingAdapter).
        options.ConnectTimeout = TimeSpan.FromMinutes(1);
        Adapters = [.. BuiltInSetups.Adapters, new RefusingAdapter(), new YieldingAdapter(), new ThrowingAdapter(), Parking];
        Services = [.. Enumerable.Range(0, Instances).Select(_ => new ConnectedAppsService(
            Repository, Adapters, [Sink], Clock, Microsoft.Extensions.Options.Options.Create(options), NullLogger<ConnectedAppsService>.Instance, Meters))];
    }

    /// <summary>Service instances sharing the repository, as several instances of a ShopIQ service share a database.</summary>
    public const int Instances = 4;

    public FakeClock Clock { get; }

    public InMemoryStoreRepository Repository { get; } = new();

    public ServiceFixture.RecordingSink Sink { get; } = new();

    public CountingMeterFactory Meters { get; } = new();

    public ParkingAdapter Parking { get; } = new();

    public IReadOnlyList<IIntegrationProvider> Adapters { get; }

    /// <summary>The first instance, for the set-up and the checks.</summary>
    public ConnectedAppsService Service => Services[0];

    /// <summary>Every instance; each queues its own callers on a store (its store gate), and instances collide on versions.</summary>
    public IReadOnlyList<ConnectedAppsService> Services { get; }

    /// <summary>An instance picked at random, as a load balancer would.</summary>
    public ConnectedAppsService AnyService(Random random) => Services[random.Next(Services.Count)];

    /// <summary>Two stores stay on their plan; the third moves between free (0 slots), starter (3) and growth (5).</summary>
    public IReadOnlyList<(StoreId Store, Plan StartPlan)> Stores { get; } =
    [
        (new StoreId("stress-starter"), TestPlans.Starter),
        (new StoreId("stress-growth"), TestPlans.Growth),
        (new StoreId("stress-shifting"), TestPlans.Starter),
    ];

    public StoreId ShiftingStore => Stores[2].Store;

    /// <summary>Released by the callers as they make progress; the host sweeps once per release.</summary>
    public SemaphoreSlim SweepSignal { get; } = new(0);

    public async Task OpenStoresAsync()
    {
        foreach (var (store, plan) in Stores)
        {
            var opened = await Service.OpenStoreAsync(new OpenStoreCommand(store, plan.Id, Host, new IdempotencyKey("open-" + store.Value)), CancellationToken.None);
            Assert.True(opened.Status == OutcomeStatus.StoreOpened, opened.ToString());
        }
    }

    public static ProviderSetup ValidSetup(ProviderKey provider) =>
        BuiltInSetups.Adapters.Any(a => a.Descriptor.Key == provider) ? BuiltInSetups.For(provider) : ProviderSetup.Empty;

    /// <summary>A setup no adapter accepts: a field no provider declares (and, for the built-ins, the required ones missing).</summary>
    public static ProviderSetup InvalidSetup { get; } = ProviderSetup.Empty.With("no-such-field", "x");

    public void Share(SentCommand sent)
    {
        lock (_sharedGate)
        {
            _shared.Add(sent);
        }
    }

    public SentCommand? PickShared(Random random)
    {
        lock (_sharedGate)
        {
            return _shared.Count == 0 ? null : _shared[random.Next(_shared.Count)];
        }
    }

    /// <summary>Moves the clock past every reservation made so far, then lets the parked connects answer: late.</summary>
    public void MoveClockOn()
    {
        Clock.Advance(ClockStep);
        Parking.ReleaseAll();
    }

    public void Dispose()
    {
        foreach (var service in Services)
        {
            service.Dispose();
        }

        Meters.Dispose();
        SweepSignal.Dispose();
    }
}
