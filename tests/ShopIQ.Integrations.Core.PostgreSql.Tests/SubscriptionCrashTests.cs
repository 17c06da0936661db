using System.Diagnostics;
using System.Globalization;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using Xunit.Abstractions;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// Subscriptions on PostgreSQL across process deaths: a consumer process (the library's hosted dispatcher, in the race
/// worker) killed with SIGKILL again and again while writers keep saving, and two consumers on one subscription where the
/// lease holder is killed. The consumers write every delivered event to a file; the files are checked against the ledger.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SubscriptionCrashTests(PostgresClusterFixture cluster, ITestOutputHelper output) : IDisposable
{
    private const int BatchSize = 10;
    private const int HandlerDelayMilliseconds = 5;
    private static readonly TimeSpan CatchUpPatience = TimeSpan.FromSeconds(90);

    private readonly string _directory = Directory.CreateTempSubdirectory("shopiq-consumers-").FullName;

    [PostgresFact]
    public async Task AConsumerKilledAtRandomPointsAndRestarted_DeliversEveryEventAtLeastOnce_InStoreOrder_RedeliveringAtMostABatchPerRestart()
    {
        const int Kills = 20;
        const double LeaseSeconds = 1;
        await using var database = await PostgresDatabase.CreateAsync(cluster, "consumercrash");
        var stores = Enumerable.Range(1, 4).Select(i => new StoreId($"crash-{i}")).ToArray();
        await LedgerEvents.OpenStoresAsync(database.ConnectionString, stores);
        var file = Path.Combine(_directory, "crash.txt");
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");

        await using (var writers = new BackgroundWriters(database.ConnectionString, stores, writers: 3, seed))
        {
            for (var kill = 0; kill < Kills; kill++)
            {
                using var consumer = await ConsumerProcess.StartAsync(database.ConnectionString, "crash", file, BatchSize, LeaseSeconds, HandlerDelayMilliseconds);

                // A random point once it is at work (it first waits out the dead one's lease): while it reads, delivers
                // a batch, checkpoints, or polls an empty feed.
                var started = Stopwatch.StartNew();
                while (ConsumedFile.Read(file).Segments[^1].Deliveries.Count == 0 && started.Elapsed < TimeSpan.FromSeconds(5))
                {
                    await Task.Delay(10);
                }

                await Task.Delay(random.Next(0, 400));
                await consumer.KillAsync();
            }

            await writers.StopAsync();
            output.WriteLine($"writers saved {writers.Saved} changes");
        }

        // The writers are done: one more consumer, left to catch up, then stopped as a host stops.
        var expected = await LedgerEvents.ReadAllAsync(database);
        using (var last = await ConsumerProcess.StartAsync(database.ConnectionString, "crash", file, BatchSize, LeaseSeconds, HandlerDelayMilliseconds))
        {
            await WaitUntilDeliveredAsync(expected, file);
            await last.StopAsync();
        }

        var consumed = ConsumedFile.Read(file);
        Assert.Equal(Kills + 1, consumed.Segments.Count);
        var deliveries = consumed.Deliveries.ToList();
        var expectedIds = expected.Select(e => e.Id.ToString()).ToHashSet(StringComparer.Ordinal);

        // Every event of every saved change, at least once, and nothing else.
        var missing = expectedIds.Except(deliveries.Select(d => d.Id), StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {expectedIds.Count} events never delivered, for example {string.Join(", ", missing.Take(5))}.");
        var unknown = deliveries.Select(d => d.Id).Where(id => !expectedIds.Contains(id)).ToList();
        Assert.True(unknown.Count == 0, $"Delivered events the ledger does not hold: {string.Join(", ", unknown.Take(5))}.");

        // Each store's first deliveries are in the order of its ledger.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lastOfStore = new Dictionary<string, (long Sequence, int Index)>(StringComparer.Ordinal);
        foreach (var delivery in deliveries.Where(d => seen.Add(d.Id)))
        {
            if (lastOfStore.TryGetValue(delivery.Store, out var last))
            {
                Assert.True((delivery.Sequence, delivery.Index).CompareTo(last) > 0, $"{delivery.Id} was first delivered after {delivery.Store}/{last.Sequence}/{last.Index}.");
            }

            lastOfStore[delivery.Store] = (delivery.Sequence, delivery.Index);
        }

        // Duplicates: only at the start of a restarted process's deliveries, at most one batch of them, and never within one process.
        seen.Clear();
        var duplicatesByRestart = new List<int>();
        for (var s = 0; s < consumed.Segments.Count; s++)
        {
            var segment = consumed.Segments[s].Deliveries;
            var again = segment.TakeWhile(d => seen.Contains(d.Id)).Count();
            var later = segment.Skip(again).Where(d => seen.Contains(d.Id)).Select(d => d.Id).ToList();
            Assert.True(later.Count == 0, $"Process {s} delivered {string.Join(", ", later.Take(5))} again after new events, not right after its start.");
            Assert.True(segment.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count() == segment.Count, $"Process {s} delivered an event twice itself.");
            Assert.True(again <= BatchSize, $"Process {s} delivered {again} events again after its restart; at most one batch ({BatchSize}) may be.");
            if (s > 0)
            {
                duplicatesByRestart.Add(again);
            }

            seen.UnionWith(segment.Select(d => d.Id));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Kills} kills, {expectedIds.Count} events, {deliveries.Count} deliveries; events delivered again after each restart: {string.Join(' ', duplicatesByRestart)} (total {duplicatesByRestart.Sum()}, most {duplicatesByRestart.Max()}, batch {BatchSize})."));
        output.WriteLine($"deliveries per process: {string.Join(' ', consumed.Segments.Select(s => s.Deliveries.Count))}");

        // The kills fell where they matter: some came between a delivery and its checkpoint.
        Assert.True(duplicatesByRestart.Sum() > 0, "No restart delivered anything again: no kill fell between a delivery and its checkpoint, so this run proves little.");
        Assert.True(consumed.Segments.Take(Kills).Count(s => s.Deliveries.Count > 0) >= Kills / 2, "Most killed consumers delivered nothing: the kills fell before the work.");
    }

    [PostgresFact]
    public async Task TheLeaseHolderKilled_TheOtherConsumerTakesOverWithinTheLease_AndNothingIsLost()
    {
        const double LeaseSeconds = 2;
        var slack = TimeSpan.FromSeconds(1.5);
        await using var database = await PostgresDatabase.CreateAsync(cluster, "consumerfailover");
        var stores = Enumerable.Range(1, 4).Select(i => new StoreId($"failover-{i}")).ToArray();
        await LedgerEvents.OpenStoresAsync(database.ConnectionString, stores);
        var files = new[] { Path.Combine(_directory, "a.txt"), Path.Combine(_directory, "b.txt") };

        await using var writers = new BackgroundWriters(database.ConnectionString, stores, writers: 3, seed: 77);
        using var a = await ConsumerProcess.StartAsync(database.ConnectionString, "failover", files[0], BatchSize, LeaseSeconds, HandlerDelayMilliseconds);
        using var b = await ConsumerProcess.StartAsync(database.ConnectionString, "failover", files[1], BatchSize, LeaseSeconds, HandlerDelayMilliseconds);
        var consumers = new[] { a, b };

        // Wait until one of them holds the lease and has delivered something.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        int holderIndex;
        while (true)
        {
            var holder = await database.ScalarAsync<string?>("SELECT holder FROM shopiq.subscriptions WHERE name = 'failover' AND lease_until > now()");
            holderIndex = holder is null ? -1 : Array.FindIndex(consumers, c => holder.Split(':')[1] == c.Id.ToString(CultureInfo.InvariantCulture));
            if (holderIndex >= 0 && ConsumedFile.Read(files[holderIndex]).Deliveries.Count() >= 3 * BatchSize)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < until, $"No consumer took the lease and delivered (holder: {holder ?? "none"}).");
            await Task.Delay(50);
        }

        var survivorIndex = 1 - holderIndex;
        Assert.Empty(ConsumedFile.Read(files[survivorIndex]).Deliveries);

        var killed = Stopwatch.StartNew();
        await consumers[holderIndex].KillAsync();
        TimeSpan? leaseMoved = null;
        TimeSpan? delivering = null;
        while (delivering is null || leaseMoved is null)
        {
            var holder = await database.ScalarAsync<string?>("SELECT holder FROM shopiq.subscriptions WHERE name = 'failover' AND holder IS NOT NULL");
            if (leaseMoved is null && holder is not null && holder.Split(':')[1] == consumers[survivorIndex].Id.ToString(CultureInfo.InvariantCulture))
            {
                leaseMoved = killed.Elapsed;
            }

            if (delivering is null && ConsumedFile.Read(files[survivorIndex]).Deliveries.Any())
            {
                delivering = killed.Elapsed;
            }

            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(LeaseSeconds) + slack, $"{killed.Elapsed.TotalSeconds:0.00} s after the holder died: lease moved {leaseMoved?.TotalSeconds}, survivor delivering {delivering?.TotalSeconds}.");
            await Task.Delay(20);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lease {LeaseSeconds} s: after the kill, the lease moved in {leaseMoved.Value.TotalSeconds:0.00} s and the survivor delivered in {delivering.Value.TotalSeconds:0.00} s."));

        // Let the survivor deliver a while, stop the writers, and let it catch up.
        await Task.Delay(1000);
        await writers.StopAsync();
        var expected = await LedgerEvents.ReadAllAsync(database);
        await WaitUntilDeliveredAsync(expected, files);
        await consumers[survivorIndex].StopAsync();

        var delivered = files.SelectMany(f => ConsumedFile.Read(f).Deliveries).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(e => !delivered.Contains(e.Id.ToString())).OrderBy(e => e.Position).ToList();
        if (missing.Count > 0)
        {
            var checkpoint = await database.ScalarAsync<string>("SELECT checkpoint_commit || ':' || checkpoint_sequence FROM shopiq.subscriptions WHERE name = 'failover'");
            var lastOfHolder = ConsumedFile.Read(files[holderIndex]).Deliveries.LastOrDefault();
            var firstOfSurvivor = ConsumedFile.Read(files[survivorIndex]).Deliveries.FirstOrDefault();
            Assert.Fail($"{missing.Count} of {expected.Count} events never delivered by either consumer: {string.Join(", ", missing.Take(10).Select(e => $"{e.Id} at {e.Position}"))}; checkpoint {checkpoint}; the holder's last delivery {lastOfHolder}, the survivor's first {firstOfSurvivor}.");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{expected.Count} events; the dead holder delivered {ConsumedFile.Read(files[holderIndex]).Deliveries.Count()}, the survivor {ConsumedFile.Read(files[survivorIndex]).Deliveries.Count()}."));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task WaitUntilDeliveredAsync(IReadOnlyList<FeedEvent> expected, params string[] files)
    {
        var ids = expected.Select(e => e.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var until = DateTime.UtcNow + CatchUpPatience;
        while (DateTime.UtcNow < until)
        {
            ids.ExceptWith(files.SelectMany(f => ConsumedFile.Read(f).Deliveries).Select(d => d.Id));
            if (ids.Count == 0)
            {
                return;
            }

            await Task.Delay(100);
        }
    }
}
