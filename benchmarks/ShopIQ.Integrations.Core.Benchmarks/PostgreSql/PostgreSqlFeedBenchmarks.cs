using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ShopIQ.Integrations.Core.PostgreSql;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// Reading the whole event feed of a ledger of <see cref="Changes"/> saved changes, page after page
/// (<see cref="PostgreSqlStoreRepository.ReadFeedAsync"/>: keyset on (tx_id, sequence) below the snapshot's xmin, events
/// decoded), against one plain <c>SELECT</c> of the same rows' bytes (the baseline: no paging, no decoding). Events per
/// second = the events printed at set-up divided by the mean.
/// </summary>
[MemoryDiagnoser]
public class PostgreSqlFeedBenchmarks
{
    private const int Changes = 4_000;

    private BenchDatabase _database = null!;
    private NpgsqlDataSource _plain = null!;
    private PostgreSqlStoreRepository _repository = null!;
    private int _events;

    /// <summary>The events a feed page may hold (the dispatcher's default batch is 100).</summary>
    [Params(100, 1000)]
    public int PageSize { get; set; }

    /// <summary>Saves the changes through the service at the server's durable defaults, then settles the database.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _database = BenchDatabase.Create("feed");
        using (var instance = EventWorkload.BuildInstance(_database.ConnectionString, _ => { }))
        {
            var service = instance.GetRequiredService<ConnectedAppsService>();
            var stores = EventWorkload.OpenStoresAsync(service, "feed", 64).GetAwaiter().GetResult();
            EventWorkload.FillAsync(service, stores, writers: 8, Changes).GetAwaiter().GetResult();
        }

        _database.Settle();
        _plain = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxAutoPrepare = 16 }.ConnectionString);
        _repository = new PostgreSqlStoreRepository(new PostgreSqlStoreOptions { ConnectionString = _database.ConnectionString });
        _events = Feed();
        var rows = PlainSelect();
        Console.WriteLine($"// PostgreSqlFeed: {rows} ledger rows with events, {_events} events in the feed.");
        if (rows < Changes || _events < rows)
        {
            throw new InvalidOperationException($"The feed read {_events} events from {rows} rows; {Changes} changes were saved.");
        }
    }

    /// <summary>Drops the database.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _repository.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _plain.Dispose();
        _database.Dispose();
    }

    /// <summary>The floor: one SELECT of every row with events, reading each row's bytes.</summary>
    /// <returns>The rows read.</returns>
    [Benchmark(Baseline = true)]
    public int PlainSelect()
    {
        using var command = _plain.CreateCommand("SELECT tx_id::text, store_id, sequence, events FROM shopiq.ledger WHERE events IS NOT NULL");
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            _ = reader.GetString(0);
            _ = reader.GetString(1);
            _ = reader.GetInt64(2);
            _ = reader.GetFieldValue<byte[]>(3);
            rows++;
        }

        return rows;
    }

    /// <summary>The feed from its start to its head, <see cref="PageSize"/> events a page, decoded.</summary>
    /// <returns>The events read.</returns>
    [Benchmark]
    public int Feed()
    {
        var events = 0;
        var after = FeedPosition.Start;
        while (true)
        {
            var page = _repository.ReadFeedAsync(after, PageSize, CancellationToken.None).GetAwaiter().GetResult();
            if (page.Events.Count == 0)
            {
                return events;
            }

            events += page.Events.Count;
            after = page.Next;
        }
    }
}
