using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core.Testing;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>What the ledger says the feed must deliver: every event of every saved change, decoded from the rows themselves.</summary>
internal static class LedgerEvents
{
    /// <summary>The ids of every event kept in the ledger (every row with events), with their positions.</summary>
    public static async Task<IReadOnlyList<FeedEvent>> ReadAllAsync(PostgresDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT tx_id::text, store_id, sequence, events FROM shopiq.ledger WHERE events IS NOT NULL ORDER BY store_id, sequence");
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<FeedEvent>();
        while (await reader.ReadAsync())
        {
            var sequence = reader.GetInt64(2);
            var position = new FeedPosition(long.Parse(reader.GetString(0), CultureInfo.InvariantCulture), sequence);
            events.AddRange(ChangeEvents.FromBytes(new StoreId(reader.GetString(1)), sequence, reader.GetFieldValue<byte[]>(3)).ToFeedEvents(position));
        }

        return events;
    }

    /// <summary>Opens the stores on the race's large plan (four slots), through a service instance.</summary>
    public static async Task OpenStoresAsync(string connectionString, IEnumerable<StoreId> stores)
    {
        await using var instance = RaceWorkload.BuildInstance(connectionString);
        var service = instance.GetRequiredService<ConnectedAppsService>();
        foreach (var store in stores)
        {
            var opened = await service.OpenStoreAsync(new OpenStoreCommand(store, new(RaceWorkload.LargePlan), Actor.Merchant("opener"), IdempotencyKey.New()), CancellationToken.None);
            Assert.True(opened.IsSuccess, opened.ToString());
        }
    }
}

/// <summary>
/// Writers that keep saving changes (connects and disconnects of random apps on random stores) through a real service
/// instance of their own, a few milliseconds apart, until stopped.
/// </summary>
internal sealed class BackgroundWriters : IAsyncDisposable
{
    private readonly ServiceProvider _instance;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _writers;
    private int _saved;

    public BackgroundWriters(string connectionString, IReadOnlyList<StoreId> stores, int writers, int seed)
    {
        _instance = RaceWorkload.BuildInstance(connectionString);
        var service = _instance.GetRequiredService<ConnectedAppsService>();
        _writers = Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(service, stores, seed + w))).ToArray();
    }

    /// <summary>How many commands were answered with a saved change so far.</summary>
    public int Saved => Volatile.Read(ref _saved);

    /// <summary>Stops the writers and waits for the commands in flight to be answered; throws what a writer threw.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_writers);
        }
        catch (Exception)
        {
            // Reported by StopAsync when the test gets that far; disposal must not hide the test's own failure.
        }

        await _instance.DisposeAsync();
        _stop.Dispose();
    }

    private async Task WriteAsync(ConnectedAppsService service, IReadOnlyList<StoreId> stores, int seed)
    {
        var random = new Random(seed);
        var actor = Actor.Merchant($"writer-{seed}");
        while (!_stop.IsCancellationRequested)
        {
            var store = stores[random.Next(stores.Count)];
            var (app, setup) = RaceWorkload.Apps[random.Next(RaceWorkload.Apps.Length)];
            var result = random.Next(2) == 0
                ? await service.ConnectAsync(new ConnectAppCommand(store, new ProviderKey(app), setup, actor, IdempotencyKey.New()), CancellationToken.None)
                : await service.DisconnectAsync(new DisconnectAppCommand(store, new ProviderKey(app), actor, IdempotencyKey.New()), CancellationToken.None);
            if (result.IsSuccess)
            {
                Interlocked.Increment(ref _saved);
            }

            try
            {
                await Task.Delay(random.Next(20, 60), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}

/// <summary>A consumer process (the race worker's consume mode): the library's hosted dispatcher with a handler writing a file.</summary>
internal sealed class ConsumerProcess : IDisposable
{
    private readonly Process _process;

    private ConsumerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts a consumer and waits until its dispatcher has started.</summary>
    public static async Task<ConsumerProcess> StartAsync(string connectionString, string subscription, string file, int batchSize, double leaseSeconds, int handlerDelayMilliseconds)
    {
        var process = MultiInstanceRaceTests.StartWorkerProcess(
            "consume", connectionString, subscription, file,
            batchSize.ToString(CultureInfo.InvariantCulture),
            leaseSeconds.ToString(CultureInfo.InvariantCulture),
            handlerDelayMilliseconds.ToString(CultureInfo.InvariantCulture));
        var consumer = new ConsumerProcess(process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "consuming")
        {
            var error = process.HasExited ? await process.StandardError.ReadToEndAsync(timeout.Token) : "";
            consumer.Dispose();
            Assert.Fail($"The consumer said '{line}' instead of 'consuming': {error}");
        }

        return consumer;
    }

    /// <summary>Kills the process with SIGKILL: no lease given up, no code of its own runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Stops it as a host stops (the lease is given up) and checks it exited cleanly.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.StandardInput.WriteLineAsync("stop");
        await _process.StandardInput.FlushAsync(timeout.Token);
        Assert.Equal("stopped", await _process.StandardOutput.ReadLineAsync(timeout.Token));
        await _process.WaitForExitAsync(timeout.Token);
        Assert.True(_process.ExitCode == 0, $"The consumer exited {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync(timeout.Token)}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}

/// <summary>A consumer's output file: segments, one per process that wrote it, each a list of delivered events in order.</summary>
internal sealed class ConsumedFile
{
    private ConsumedFile(IReadOnlyList<Segment> segments) => Segments = segments;

    public IReadOnlyList<Segment> Segments { get; }

    public IEnumerable<Delivery> Deliveries => Segments.SelectMany(s => s.Deliveries);

    public static ConsumedFile Read(string path)
    {
        var segments = new List<Segment>();
        if (!File.Exists(path))
        {
            return new ConsumedFile(segments);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("start ", StringComparison.Ordinal))
            {
                segments.Add(new Segment(int.Parse(line["start ".Length..], CultureInfo.InvariantCulture), []));
                continue;
            }

            Assert.True(segments.Count > 0, $"A delivery before the first start line: '{line}'.");
            segments[^1].Deliveries.Add(Delivery.Parse(line));
        }

        return new ConsumedFile(segments);
    }

    internal sealed record Segment(int ProcessId, List<Delivery> Deliveries);

    /// <summary>One delivered event: its id (store, sequence, index) and position, as the handler wrote them.</summary>
    internal sealed record Delivery(string Store, long Sequence, int Index, string Position)
    {
        public string Id => string.Create(CultureInfo.InvariantCulture, $"{Store}/{Sequence}/{Index}");

        public static Delivery Parse(string line)
        {
            var parts = line.Split(' ');
            Assert.True(parts.Length == 2, $"Not a delivery line: '{line}'.");
            var id = parts[0];
            var lastSlash = id.LastIndexOf('/');
            var middleSlash = id.LastIndexOf('/', lastSlash - 1);
            return new Delivery(
                id[..middleSlash],
                long.Parse(id[(middleSlash + 1)..lastSlash], CultureInfo.InvariantCulture),
                int.Parse(id[(lastSlash + 1)..], CultureInfo.InvariantCulture),
                parts[1]);
        }
    }
}
