using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core.Testing;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using Xunit.Abstractions;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// The PostgreSQL feed never skips a change, however commits interleave: sixteen writers whose transactions stay open a
/// random 0-50 ms after taking their transaction id (so they commit out of id order), a reader polling the feed all the
/// while, and after every round the reader's events compared with the ledger's. A naive reader, the same query without
/// the oldest-running-transaction bound, runs beside it on the same rounds, to show the comparison catches a skip.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FeedNoSkipTests(PostgresClusterFixture cluster, ITestOutputHelper output)
{
    private const int Rounds = 40;
    private const int Writers = 16;
    private const int CommandsPerWriterPerRound = 6;
    private const int PageSize = 100;

    /// <summary>The feed's query without <c>tx_id &lt; pg_snapshot_xmin(pg_current_snapshot())</c>: what one would write first.</summary>
    private const string NaiveFeedSql =
        "SELECT l.tx_id::text, l.store_id, l.sequence, l.events FROM shopiq.ledger l " +
        "WHERE l.events IS NOT NULL AND (l.tx_id, l.sequence) > ($1::text::xid8, $2) ORDER BY l.tx_id, l.sequence LIMIT $3";

    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(15);

    [PostgresFact]
    public async Task SixteenWritersCommittingOutOfIdOrder_TheFeedSkipsNothingAndKeepsEachStoresOrder_WhereANaiveReaderSkips()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "noskip");
        var stores = Enumerable.Range(1, 8).Select(i => new StoreId($"noskip-{i}")).ToArray();
        await LedgerEvents.OpenStoresAsync(database.ConnectionString, stores);

        // Test-only: every save's transaction lingers 0-50 ms after its ledger insert (its id is taken by then), so
        // transactions commit out of the order of their ids.
        await database.ExecuteAsync(
            "CREATE FUNCTION public.linger_before_commit() RETURNS trigger LANGUAGE plpgsql AS " +
            "$$ BEGIN PERFORM pg_sleep(random() * 0.05); RETURN NULL; END $$");
        await database.ExecuteAsync(
            "CREATE TRIGGER linger_before_commit AFTER INSERT ON shopiq.ledger FOR EACH STATEMENT EXECUTE FUNCTION public.linger_before_commit()");

        await using var instance = RaceWorkload.BuildInstance(database.ConnectionString);
        var service = instance.GetRequiredService<ConnectedAppsService>();
        await using var feed = database.NewRepository();
        var real = new Reader("feed", (after, ct) => feed.ReadFeedAsync(after, PageSize, ct));
        var naive = new Reader("naive", (after, ct) => ReadNaivelyAsync(database, after, ct));
        var naiveSkippedByRound = new List<int>();
        var answered = 0;

        for (var round = 0; round < Rounds; round++)
        {
            using var writing = new CancellationTokenSource();
            var polling = new[] { real.PollAsync(writing.Token), naive.PollAsync(writing.Token) };
            var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
                RaceWorkload.RunWriterAsync(service, $"w{w}", stores, CommandsPerWriterPerRound, (round * 100) + w, Task.CompletedTask))));
            await writing.CancelAsync();
            await Task.WhenAll(polling);
            answered += results.Sum(r => r.Count);

            // Every save has returned: compare each reader, drained, with the ledger.
            var ledger = await LedgerEvents.ReadAllAsync(database);
            var expected = ledger.Select(e => e.Id).ToHashSet();
            await real.DrainAsync(expected, DrainPatience);
            await naive.DrainAsync(expected, TimeSpan.Zero);

            Assert.Empty(real.Unknown(expected));
            Assert.Empty(naive.Unknown(expected));
            var skipped = real.Missing(expected);
            Assert.True(skipped.Count == 0, $"Round {round}: the feed skipped {skipped.Count} of {expected.Count} events, for example {string.Join(", ", skipped.Take(5))}.");
            Assert.True(real.OutOfOrder.Count == 0, $"Round {round}: out of store order or delivered twice: {string.Join(", ", real.OutOfOrder.Take(5))}.");
            naiveSkippedByRound.Add(naive.Missing(expected).Count - naiveSkippedByRound.Sum());
        }

        var all = await LedgerEvents.ReadAllAsync(database);
        var saved = all.Select(e => (e.Id.Store, e.Id.Sequence)).Distinct().Count() - stores.Length;
        var naiveSkipped = naiveSkippedByRound.Sum();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Rounds} rounds, {answered} commands answered, {saved} changes saved with {all.Count} events; the feed read {real.Reads} pages while writers ran."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"skipped: feed 0, naive reader {naiveSkipped} in {naiveSkippedByRound.Count(n => n > 0)} of {Rounds} rounds ({string.Join(' ', naiveSkippedByRound)})."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"naive reader out of store order or twice: {naive.OutOfOrder.Count}."));
        Assert.True(saved > Rounds * Writers / 2, $"Only {saved} changes were saved; the writers did too little to prove anything.");
        Assert.True(real.EventsReadWhileWriting > 0, "The feed delivered nothing while the writers ran; the reads never raced the commits.");

        // The comparison is able to see a skip: the naive reader, on the same commits, skipped.
        Assert.True(naiveSkipped > 0, "The naive reader skipped nothing: the commits never landed out of id order, so this run proves nothing.");
    }

    private static async Task<FeedPage> ReadNaivelyAsync(PostgresDatabase database, FeedPosition after, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(NaiveFeedSql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = after.Commit.ToString(CultureInfo.InvariantCulture) });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = after.Sequence });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = PageSize });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<FeedEvent>();
        var next = after;
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(2);
            next = new FeedPosition(long.Parse(reader.GetString(0), CultureInfo.InvariantCulture), sequence);
            events.AddRange(ChangeEvents.FromBytes(new StoreId(reader.GetString(1)), sequence, reader.GetFieldValue<byte[]>(3)).ToFeedEvents(next));
        }

        return new FeedPage(events, next);
    }

    /// <summary>A reader that keeps reading after the last position it was given, and remembers what it got.</summary>
    private sealed class Reader(string name, Func<FeedPosition, CancellationToken, Task<FeedPage>> read)
    {
        private readonly HashSet<StoreEventId> _delivered = [];
        private readonly Dictionary<StoreId, StoreEventId> _lastOfStore = [];
        private FeedPosition _position = FeedPosition.Start;

        public List<string> OutOfOrder { get; } = [];

        public int Reads { get; private set; }

        public int EventsReadWhileWriting { get; private set; }

        /// <summary>Reads as fast as it can until <paramref name="stop"/> is cancelled (the writers are done).</summary>
        public async Task PollAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var count = await ReadOnceAsync();
                Reads++;
                EventsReadWhileWriting += count;
                if (count == 0)
                {
                    await Task.Yield();
                }
            }
        }

        /// <summary>Reads until a page comes back empty and either every expected event is in or <paramref name="patience"/> is over.</summary>
        public async Task DrainAsync(IReadOnlySet<StoreEventId> expected, TimeSpan patience)
        {
            var until = DateTime.UtcNow + patience;
            while (true)
            {
                if (await ReadOnceAsync() > 0)
                {
                    continue;
                }

                if (Missing(expected).Count == 0 || DateTime.UtcNow >= until)
                {
                    return;
                }

                // Something still holds the oldest running transaction back (autovacuum's analyze, say): read again shortly.
                await Task.Delay(20);
            }
        }

        public List<StoreEventId> Missing(IReadOnlySet<StoreEventId> expected) => expected.Where(id => !_delivered.Contains(id)).ToList();

        public List<StoreEventId> Unknown(IReadOnlySet<StoreEventId> expected) => _delivered.Where(id => !expected.Contains(id)).ToList();

        private async Task<int> ReadOnceAsync()
        {
            var page = await read(_position, CancellationToken.None);
            foreach (var feedEvent in page.Events)
            {
                var id = feedEvent.Id;
                if (_lastOfStore.TryGetValue(id.Store, out var last) && (id.Sequence, id.Index).CompareTo((last.Sequence, last.Index)) <= 0)
                {
                    OutOfOrder.Add($"{name}: {id} after {last}");
                }

                _lastOfStore[id.Store] = id;
                if (!_delivered.Add(id))
                {
                    OutOfOrder.Add($"{name}: {id} twice");
                }
            }

            _position = page.Next;
            return page.Events.Count;
        }
    }
}
