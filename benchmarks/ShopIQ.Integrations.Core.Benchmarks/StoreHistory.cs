using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using ShopIQ.Integrations.Core.Benchmarks.Clocks;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks;

/// <summary>
/// What the benchmarks that go through <see cref="ConnectedAppsService"/> share: the service's settings, the apps
/// they connect, and the long, realistic histories the store-age benchmarks run on.
/// </summary>
/// <remarks>
/// <para>
/// A history is written by the domain <see cref="Store"/> itself (<see cref="Build"/>), so every entry is one a
/// service could have saved: a store opened on <see cref="PlusPlan"/> with the four critical built-in apps, then a
/// repeating round of what merchants do. Each round one of eight non-critical apps is connected (a reservation then
/// its activation, as a connect through a provider that calls out saves it, or a direct connection, in turn), used,
/// and disconnected again; the critical apps record activity (one entry per app and day, as the service coalesces
/// it); AI credits are used; every 50th round WhatsApp needs attention and is reconnected; every 200th the store
/// changes plan. The clock moves 5 minutes at each reading, so 1,000,000 entries span about twelve years, all
/// before <see cref="Now"/>.
/// </para>
/// <para>
/// The measured commands then run at <see cref="Now"/> on a <see cref="FixedClock"/>: nothing they do depends on
/// how long ago the history ended, and a fixed clock costs nothing to read.
/// </para>
/// </remarks>
internal static class StoreHistory
{
    /// <summary>The plan the repository benchmarks' stores are on: 50 slots, room for 4 seeded apps and 16 writers.</summary>
    public static readonly PlanId BenchPlan = new("bench");

    /// <summary>The plan histories open on; they move between it and <see cref="BenchPlan"/>.</summary>
    public static readonly PlanId PlusPlan = new("bench-plus");

    /// <summary>The instant the measured commands happen at: after every history built here.</summary>
    public static readonly Instant Now = Instant.FromUtc(2030, 1, 1, 0, 0);

    /// <summary>The merchant every command and history entry is by.</summary>
    public static readonly Actor Merchant = Actor.Merchant("bench");

    /// <summary>The apps every history connects first and keeps: one of each critical category, so never disconnected without an acknowledgement.</summary>
    public static readonly IReadOnlyList<ProviderDescriptor> CriticalApps =
        [BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati, BuiltInProviders.GoogleAnalytics];

    /// <summary>A valid setup of Meta Pixel, the built-in offline adapter the benchmarks connect through.</summary>
    public static readonly ProviderSetup MetaPixelSetup = ProviderSetup.Empty
        .With("pixel-id", "123456789012345")
        .WithSecret("conversions-api-token", new SecretValue("EAAbenchMetaConversionsToken0123"));

    private static readonly Instant HistoryStart = Instant.FromUtc(2014, 1, 1, 0, 0);

    private static readonly ProviderDescriptor[] RoundApps = [.. Enumerable.Range(0, 8).Select(i => new ProviderDescriptor(
        new ProviderKey(string.Create(CultureInfo.InvariantCulture, $"history-app-{i}")),
        string.Create(CultureInfo.InvariantCulture, $"History app {i}"),
        ProviderCategory.Advertising,
        [CommerceWorkflow.MarketingAndPerformanceData],
        [],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available))];

    /// <summary>The service's settings: <see cref="BenchPlan"/> (50 slots, 2,000 AI credits) and <see cref="PlusPlan"/> (100 slots, 10,000,000 credits, so a history never runs out); the rest at their defaults.</summary>
    /// <returns>The options.</returns>
    public static ConnectedAppsOptions Options()
    {
        var options = new ConnectedAppsOptions();
        options.Plans.Add(new PlanOptions { Id = BenchPlan.Value, Name = "Bench", Tier = 2, ConnectedApps = 50, AiCredits = 2_000 });
        options.Plans.Add(new PlanOptions { Id = PlusPlan.Value, Name = "Bench Plus", Tier = 3, ConnectedApps = 100, AiCredits = 10_000_000 });
        return options;
    }

    /// <summary>A service as a host builds it, without sinks or logging, so the figures are the service's own work.</summary>
    /// <param name="repository">Where its stores are.</param>
    /// <param name="clock">Its clock.</param>
    /// <param name="adapters">Its adapters.</param>
    /// <returns>The service; dispose it (it does not dispose the repository).</returns>
    public static ConnectedAppsService NewService(IStoreRepository repository, IClock clock, IEnumerable<IIntegrationProvider> adapters) =>
        new(repository, adapters, [], clock, Microsoft.Extensions.Options.Options.Create(Options()), NullLogger<ConnectedAppsService>.Instance, null);

    /// <summary>Writes a history of at least <paramref name="length"/> entries (at most 3 more) with the domain store.</summary>
    /// <param name="id">The store's id.</param>
    /// <param name="length">How many ledger entries, at least; 5 or more.</param>
    /// <param name="policy">The policy of the service that will run on it (<see cref="ConnectedAppsService.Policy"/>).</param>
    /// <returns>The store, its whole ledger in <see cref="Store.Ledger"/>, its events taken.</returns>
    public static Store Build(StoreId id, int length, ConnectedAppsPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 5);
        var store = BenchStores.Open(id, PlusPlan, policy, new SteppingClock(HistoryStart, Duration.FromMinutes(5)), Merchant);
        foreach (var app in CriticalApps)
        {
            Expect(store.Connect(app, BenchmarkSetup.Valid(app), Merchant), OutcomeStatus.Connected);
        }

        for (var round = 0; store.Version < length; round++)
        {
            var app = RoundApps[round % RoundApps.Length];
            var setup = BenchmarkSetup.Valid(app);
            if (round % 2 == 0)
            {
                Expect(store.BeginConnect(app, setup, Merchant), OutcomeStatus.Reserved);
                Expect(store.CompleteConnect(app.Key, Merchant), OutcomeStatus.Activated);
            }
            else
            {
                Expect(store.Connect(app, setup, Merchant), OutcomeStatus.Connected);
            }

            Step(store, length, s => Expect(s.RecordActivity(app.Key, Merchant), OutcomeStatus.ActivityRecorded));
            Step(store, length, s => Expect(s.RecordActivity(CriticalApps[round % CriticalApps.Count].Key, Merchant), OutcomeStatus.ActivityRecorded));
            if (round % 3 == 0)
            {
                Step(store, length, s => Expect(s.UseAiCredits(1 + (round % 7), AiUsePurpose.Generate, Merchant), OutcomeStatus.AiCreditsUsed));
            }

            if (round % 50 == 49)
            {
                var whatsApp = BuiltInProviders.Wati.Key;
                Step(store, length, s => Expect(s.MarkNeedsAttention(whatsApp, AttentionReason.CredentialsExpired, Actor.System), OutcomeStatus.MarkedNeedsAttention));
                Step(store, length, s => Expect(s.Reconnect(whatsApp, BenchmarkSetup.Valid(BuiltInProviders.Wati), Merchant), OutcomeStatus.Reconnected));
            }

            if (round % 200 == 199)
            {
                Step(store, length, s => Expect(s.ChangePlan(s.PlanId == PlusPlan ? BenchPlan : PlusPlan, Merchant), OutcomeStatus.PlanChanged));
            }

            // The round's app is activated and leaves again even past the length, so a history never ends holding one.
            Expect(store.Disconnect(app.Key, Merchant), OutcomeStatus.Disconnected);
        }

        store.TakeEvents();
        Require(store.SlotsInUse == CriticalApps.Count && store.Ledger.StartsAfter == 0, $"the history of {id} ended at {store}, not with its {CriticalApps.Count} critical apps");
        return store;
    }

    /// <summary>
    /// Saves a store's whole ledger, made by <see cref="Build"/> or replayed, as a new store of a repository: in
    /// changes of <paramref name="batch"/> entries, the last with the store's snapshot. The changes before it carry
    /// none (the repository drops its snapshot until the last one comes): each save replaces the snapshot, so only the
    /// last one would survive anyway.
    /// </summary>
    /// <param name="repository">The repository.</param>
    /// <param name="store">The store; its ledger must be whole (<see cref="Slots.SlotLedger.StartsAfter"/> 0).</param>
    /// <param name="batch">How many entries each save writes.</param>
    /// <returns>A task that completes when the store is saved.</returns>
    public static async Task SaveAsync(IStoreRepository repository, Store store, int batch)
    {
        var entries = store.Ledger.Entries;
        Require(store.Ledger.StartsAfter == 0, $"the ledger of {store.Id} is not whole");
        for (var from = 0; from < entries.Count; from += batch)
        {
            var count = Math.Min(batch, entries.Count - from);
            var last = from + count == entries.Count;
            var change = new StoreChange(
                store.Id, from, entries.Skip(from).Take(count), last ? store.TakeSnapshot() : null, null, last ? store.NextReservationDeadline() : null, null, false);
            var saved = await repository.SaveAsync(change, CancellationToken.None).ConfigureAwait(false);
            Require(saved == SaveOutcome.Saved, $"entries {from + 1} to {from + count} of {store.Id} were not saved: {saved}");
        }
    }

    /// <summary>Runs one step of a round while the history is still short of its length.</summary>
    private static void Step(Store store, int length, Action<Store> step)
    {
        if (store.Version < length)
        {
            step(store);
        }
    }

    private static void Expect(StoreOutcome outcome, OutcomeStatus status) =>
        Require(outcome.Status == status, $"a history step answered {outcome.Status} ({outcome.Message}), not {status}");
}
