// An event subscription survives the death of its process. A consumer process (this program started again with
// "consume") runs the subscription "audit-copy", whose handler appends every delivered event's id to a file. It is
// killed with SIGKILL in the middle of a batch, more changes are saved while it is dead, and it is started again. This
// process then checks the file against the feed: every event of every saved change delivered at least once, each
// store's events in order, and the only events delivered twice are the ones the dead process had delivered after its
// last checkpoint (at most one batch), which a handler drops by their id (StoreEventId).
//
//   dotnet run --project samples/PostgreSqlSubscriptionRestart      (starts a throwaway cluster; needs PostgreSQL's binaries)
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Testing;

// The first consumer is killed after this many deliveries, its handler stuck in the last one.
const int KilledAfter = 22;

if (args is ["consume", var connection, var file, var hangAfter])
{
    return await Consumer.RunAsync(connection, file, int.Parse(hangAfter, CultureInfo.InvariantCulture));
}

var guard = SecretGuard.Install();
if (ThrowawayPostgres.UnavailableReason is { } reason)
{
    Console.Error.WriteLine($"No database: install PostgreSQL ({reason}).");
    return 1;
}

var clock = Stopwatch.StartNew();
using var cluster = ThrowawayPostgres.Start();
Console.WriteLine($"Started a throwaway PostgreSQL cluster on port {cluster.Port}.");
var directory = Directory.CreateTempSubdirectory("shopiq-subscription-restart-").FullName;
AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true); // also when a check fails (it exits at once)
var deliveries = Path.Combine(directory, "deliveries.txt");
var ct = CancellationToken.None;

try
{
    // The schema as a deployment applies it, before any instance starts; this process reads the checkpoint from it.
    await using var database = NpgsqlDataSource.Create(cluster.ConnectionString);
    await PostgreSqlStoreSchema.EnsureCreatedAsync(database, ct);

    // The writing instance: a plain service with no subscription of its own.
    var services = new ServiceCollection();
    Consumer.AddIntegrations(services, cluster.ConnectionString);
    await using var writer = services.BuildServiceProvider();
    var service = writer.GetRequiredService<ConnectedAppsService>();
    var stores = new[] { "north", "south", "east", "west" }.Select(s => new StoreId($"restart-demo-{s}")).ToArray();
    var apps = Apps(guard);

    // The PostgreSQL repository is the event log as well: the feed, read here as a subscription reads it.
    var log = (IStoreEventLog)writer.GetRequiredService<IStoreRepository>();

    SampleSteps.Heading("1. Changes saved before any consumer runs");
    await SaveAsync(stores, store => service.OpenStoreAsync(new OpenStoreCommand(store, new("growth"), Actor.Merchant("owner"), IdempotencyKey.New()), ct), OutcomeStatus.StoreOpened);
    var changes = 0; // the changes that raise events (opening a store raises none)
    foreach (var app in new[] { "meta-pixel", "google-analytics", "wati", "amazon-seller-central" })
    {
        changes += await SaveAsync(stores, store => service.ConnectAsync(Connect(store, app, apps), ct), OutcomeStatus.Connected);
    }

    changes += await SaveAsync(stores, store => DisconnectAsync(service, store, "wati"), OutcomeStatus.Disconnected);
    changes += await SaveAsync(stores, store => service.ConnectAsync(Connect(store, "shiprocket", apps), ct), OutcomeStatus.Connected);
    var firstRound = await ReadFeedAsync(log);
    Console.WriteLine($"{stores.Length} stores opened, then {changes} changes (apps connected and disconnected); the feed holds {firstRound.Count} events.");

    SampleSteps.Heading("2. A consumer delivers, and is killed with SIGKILL in the middle of a batch");
    using (var first = await ConsumerProcess.StartAsync(cluster.ConnectionString, deliveries, KilledAfter))
    {
        await WaitUntilAsync(() => Task.FromResult(DeliveryFile.Read(deliveries).Sum(p => p.Count) >= KilledAfter), $"{KilledAfter} deliveries by the first consumer");
        first.Kill();
    }

    // Where the dead process's subscription stands: the position of the last change of the last batch it finished.
    // There is no public API for it (a lease would be needed to read it through IStoreEventLog), so this reads the table.
    var checkpoint = await ReadCheckpointAsync(database);
    var dead = DeliveryFile.Read(deliveries).Single();
    var positions = firstRound.ToDictionary(e => e.Id.ToString(), e => e.Position, StringComparer.Ordinal);
    SampleSteps.Check(dead.All(positions.ContainsKey), "the killed consumer delivered an event the feed does not hold");
    var afterCheckpoint = dead.Where(id => positions[id] > checkpoint).ToList();
    Console.WriteLine($"It delivered {dead.Count} of {firstRound.Count} events; its checkpoint records {dead.Count - afterCheckpoint.Count}, so {afterCheckpoint.Count} were delivered after it: {SampleSteps.List(afterCheckpoint)}.");
    SampleSteps.Check(dead.Count == KilledAfter, $"the killed consumer delivered {dead.Count} events, not {KilledAfter}");
    SampleSteps.Check(afterCheckpoint.Count is > 0 and <= Consumer.BatchSize, $"{afterCheckpoint.Count} deliveries after the checkpoint: the kill fell in a batch, so 1 to {Consumer.BatchSize} were expected");

    SampleSteps.Heading("3. More changes while no consumer runs");
    var before = changes;
    changes += await SaveAsync(stores, store => DisconnectAsync(service, store, "meta-pixel"), OutcomeStatus.Disconnected);
    changes += await SaveAsync(stores, store => service.ConnectAsync(Connect(store, "wati", apps), ct), OutcomeStatus.Connected);
    changes += await SaveAsync(stores, store => DisconnectAsync(service, store, "google-analytics"), OutcomeStatus.Disconnected);
    changes += await SaveAsync(stores, store => service.ConnectAsync(Connect(store, "meta-pixel", apps), ct), OutcomeStatus.Connected);
    var feed = await ReadFeedAsync(log);
    Console.WriteLine($"{changes - before} more changes; the feed holds {feed.Count} events now.");

    SampleSteps.Heading("4. The consumer started again: it waits out the dead one's lease, then catches up");
    using (var second = await ConsumerProcess.StartAsync(cluster.ConnectionString, deliveries, hangAfter: 0))
    {
        // Caught up: its checkpoint has reached the feed's head (the file is checked below, not waited on).
        var caughtUp = await log.ReadFeedHeadAsync(ct);
        await WaitUntilAsync(async () => await ReadCheckpointAsync(database) == caughtUp, "the checkpoint to reach the feed's head");
        await second.StopAsync();
    }

    SampleSteps.Heading("5. What the file holds, checked against the feed");
    var processes = DeliveryFile.Read(deliveries);
    SampleSteps.Check(processes.Count == 2, $"{processes.Count} consumer processes wrote the file, not 2");
    SampleSteps.Check(processes[0].SequenceEqual(dead), "the killed consumer's deliveries changed after its death");
    var restarted = processes[1];
    var all = processes.SelectMany(p => p).ToList();
    var byId = feed.ToDictionary(e => e.Id.ToString(), StringComparer.Ordinal);

    // Every event of every saved change, and nothing else. Each change keeps its events beside its last ledger entry, so
    // the feed's changes are its distinct (store, sequence) pairs: one per command that saved.
    var feedChanges = feed.Select(e => (e.Id.Store, e.Id.Sequence)).Distinct().Count();
    SampleSteps.Check(feedChanges == changes, $"the feed holds the events of {feedChanges} changes, but {changes} were saved");
    var missing = byId.Keys.Except(all, StringComparer.Ordinal).ToList();
    SampleSteps.Check(missing.Count == 0, $"{missing.Count} events never delivered: {SampleSteps.List(missing.Take(5))}");
    var unknown = all.Where(id => !byId.ContainsKey(id)).ToList();
    SampleSteps.Check(unknown.Count == 0, $"delivered events the feed does not hold: {SampleSteps.List(unknown.Take(5))}");
    Console.WriteLine($"Every one of the {feed.Count} events of the {changes} saved changes was delivered.");

    // Each process delivers each event once, and each store's events in the order they happened.
    foreach (var (process, number) in processes.Select((p, i) => (p, i + 1)))
    {
        SampleSteps.Check(process.Distinct(StringComparer.Ordinal).Count() == process.Count, $"consumer {number} delivered an event twice itself");
        var outOfOrder = StoresOutOfOrder(process.Select(id => byId[id].Id));
        SampleSteps.Check(outOfOrder.Count == 0, $"consumer {number} delivered events of {SampleSteps.List(outOfOrder)} out of their order");
    }

    // And across the restart: taking each event where it was first delivered, each store's events are still in order.
    var shuffled = StoresOutOfOrder(all.Distinct(StringComparer.Ordinal).Select(id => byId[id].Id));
    SampleSteps.Check(shuffled.Count == 0, $"across the restart, events of {SampleSteps.List(shuffled)} were first delivered out of their order");
    Console.WriteLine("Each store's events came in the order they happened, in each process and across the restart.");

    // The repeats: exactly the dead process's deliveries after its checkpoint, delivered again first thing on restart.
    var repeats = restarted.Where(dead.Contains).ToList();
    SampleSteps.Check(repeats.SequenceEqual(afterCheckpoint), $"delivered twice: {SampleSteps.List(repeats)}; expected only the dead process's deliveries after its checkpoint: {SampleSteps.List(afterCheckpoint)}");
    SampleSteps.Check(restarted.Take(repeats.Count).SequenceEqual(repeats), "the repeats were not the restarted process's first deliveries");
    SampleSteps.Check(all.Count == feed.Count + repeats.Count, $"{all.Count} deliveries of {feed.Count} events with {repeats.Count} repeats");
    Console.WriteLine($"{feed.Count} events from {changes} changes, {all.Count} deliveries, {repeats.Count} repeats, matching the dead process's deliveries after its checkpoint.");

    // The restarted process stopped as a host stops: its checkpoint is the feed's head, so a third start repeats nothing.
    var head = await log.ReadFeedHeadAsync(ct);
    var final = await ReadCheckpointAsync(database);
    SampleSteps.Check(final == head, $"the checkpoint after the stop is {Format(final)}, not the feed's head {Format(head)}");
    Console.WriteLine($"The checkpoint is at the feed's head ({Format(head)}): a next start delivers nothing again. {clock.Elapsed.TotalSeconds:0.0} s in all.");
}
finally
{
    NpgsqlConnection.ClearAllPools();
}

return SampleSteps.Complete(guard, "PostgreSqlSubscriptionRestart");

// Sends one command per store, the stores at once (their saves commit in any order); returns how many changes were saved.
static async Task<int> SaveAsync(StoreId[] stores, Func<StoreId, Task<ConnectedAppsResult>> command, OutcomeStatus expected)
{
    var results = await Task.WhenAll(stores.Select(command));
    foreach (var result in results)
    {
        SampleSteps.Expect(result, expected);
    }

    return results.Length;
}

static ConnectAppCommand Connect(StoreId store, string app, Dictionary<string, ProviderSetup> apps) =>
    new(store, new ProviderKey(app), apps[app], Actor.Merchant("merchant"), IdempotencyKey.New());

// A disconnect is acknowledged against its impact assessment, as the Apps page does; one change is saved.
static async Task<ConnectedAppsResult> DisconnectAsync(ConnectedAppsService service, StoreId store, string app)
{
    var report = SampleSteps.Require(await service.AssessImpactAsync(store, new ProviderKey(app), CancellationToken.None), $"{app} is not connected to {store}");
    return await service.DisconnectAsync(new DisconnectAppCommand(store, new ProviderKey(app), report.Assessment.Acknowledge(), Actor.Merchant("merchant"), IdempotencyKey.New()), CancellationToken.None);
}

static Dictionary<string, ProviderSetup> Apps(SecretGuard guard) => new(StringComparer.Ordinal)
{
    ["meta-pixel"] = ProviderSetup.Empty.With("pixel-id", "123456789012345").WithSecret("conversions-api-token", guard.Secret("EAArestartConversionsToken0123")),
    ["google-analytics"] = ProviderSetup.Empty.With("measurement-id", "G-ABC123XYZ9").WithSecret("api-secret", guard.Secret("restartApiSecret012345")),
    ["wati"] = ProviderSetup.Empty.With("api-endpoint", "https://live-server-1234.wati.io").WithSecret("access-token", guard.Secret("restartWatiAccessToken0123456789")),
    ["amazon-seller-central"] = ProviderSetup.Empty.With("seller-id", "A2EUQ1WTGCTBG2").With("marketplace-id", "A21TJRUUN4KGV").WithSecret("refresh-token", guard.Secret("Atzr|restartRefreshToken0123456789")),
    ["shiprocket"] = ProviderSetup.Empty.With("api-user-email", "api-user@example.com").WithSecret("api-user-password", guard.Secret("restart-shiprocket-p@ss")),
};

// The whole feed from its start, page by page: what a subscription must deliver.
static async Task<List<FeedEvent>> ReadFeedAsync(IStoreEventLog log)
{
    var events = new List<FeedEvent>();
    var position = FeedPosition.Start;
    while (true)
    {
        var page = await log.ReadFeedAsync(position, 25, CancellationToken.None);
        if (page.Events.Count == 0)
        {
            return events;
        }

        events.AddRange(page.Events);
        position = page.Next;
    }
}

static async Task<FeedPosition> ReadCheckpointAsync(NpgsqlDataSource database)
{
    await using var command = database.CreateCommand("SELECT checkpoint_commit, checkpoint_sequence FROM shopiq.subscriptions WHERE name = $1");
    command.Parameters.AddWithValue(Consumer.Subscription);
    await using var reader = await command.ExecuteReaderAsync();
    SampleSteps.Check(await reader.ReadAsync(), $"no row for subscription '{Consumer.Subscription}' in shopiq.subscriptions");
    return new FeedPosition(reader.GetInt64(0), reader.GetInt64(1));
}

// The stores whose events, in the order given, are not in the order they happened (their entry's sequence, then index).
static List<StoreId> StoresOutOfOrder(IEnumerable<StoreEventId> delivered) =>
    [.. delivered.GroupBy(id => id.Store)
        .Where(store => !store.Zip(store.Skip(1)).All(pair => (pair.First.Sequence, pair.First.Index).CompareTo((pair.Second.Sequence, pair.Second.Index)) < 0))
        .Select(store => store.Key)];

static string Format(FeedPosition position) => string.Create(CultureInfo.InvariantCulture, $"{position.Commit}:{position.Sequence}");

static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
{
    var waited = Stopwatch.StartNew();
    while (!await condition())
    {
        SampleSteps.Check(waited.Elapsed < TimeSpan.FromSeconds(60), $"waited 60 s for {what}");
        await Task.Delay(20);
    }
}
