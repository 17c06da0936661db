using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using ShopIQ.Integrations.Core.DependencyInjection;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// The dispatcher's end-to-end lag under a steady stream of saved changes: writers in one service instance save changes at
/// a target rate (open loop: each writer keeps a schedule and catches up when late), and a second instance in the same
/// process dispatches a subscription with its default options to a handler that notes, for every event, how long after
/// the event's time (taken by the writer's clock before its save) it was delivered. Prints the rate reached and the lag's
/// percentiles; every event saved in the measured window must be delivered.
/// </summary>
/// <remarks>
/// <c>--event-lag [changes per second] [seconds] [writers]</c>, at the server's durable defaults (<see cref="BenchDatabase"/>).
/// Writers, dispatcher and server share the machine's cores.
/// </remarks>
internal static class EventLagHarness
{
    /// <summary>The command-line switch.</summary>
    public const string Switch = "--event-lag";

    private static readonly Duration Warmup = Duration.FromSeconds(3);

    public static void Run(string[] args)
    {
        var rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var writers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
        RunAsync(rate, seconds, writers).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(int rate, int seconds, int writers)
    {
        using var database = BenchDatabase.Create("lag");
        var handler = new LagHandler(SystemClock.Instance);
        await using var writing = EventWorkload.BuildInstance(database.ConnectionString, _ => { });
        await using var dispatching = EventWorkload.BuildInstance(
            database.ConnectionString,
            builder =>
            {
                builder.Services.AddSingleton(handler);
                builder.AddEventSubscription<LagHandler>("lag");
            });
        var service = writing.GetRequiredService<ConnectedAppsService>();
        var stores = await EventWorkload.OpenStoresAsync(service, "lag", writers * 2).ConfigureAwait(false);

        var hosted = dispatching.GetServices<IHostedService>().ToList();
        foreach (var h in hosted)
        {
            await h.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var start = SystemClock.Instance.GetCurrentInstant();
        var measureFrom = start + Warmup;
        var measureTo = measureFrom + Duration.FromSeconds(seconds);
        handler.Window = (measureFrom, measureTo);
        var saved = new int[writers];
        var late = new TimeSpan[writers];
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds((double)writers / rate);
        var total = Warmup.ToTimeSpan() + TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = new[] { stores[2 * w], stores[(2 * w) + 1] };
            var connected = new bool[2];
            for (var n = 0; ; n++)
            {
                var due = (interval * n) + (interval * w / writers);
                if (due >= total || clock.Elapsed >= total)
                {
                    // Past the end of the run: a writer behind its schedule (the rate is more than the machine takes) stops too.
                    return;
                }

                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait).ConfigureAwait(false);
                }
                else
                {
                    late[w] = -wait;
                }

                var which = n % 2;
                await EventWorkload.SaveOneAsync(service, mine[which], connect: !connected[which]).ConfigureAwait(false);
                connected[which] = !connected[which];
                if (SystemClock.Instance.GetCurrentInstant() >= measureFrom)
                {
                    saved[w]++;
                }
            }
        }))).ConfigureAwait(false);
        var written = clock.Elapsed;

        // Every event of a change whose time falls in the window, as the ledger has them, must reach the handler.
        await using var repository = new ShopIQ.Integrations.Core.PostgreSql.PostgreSqlStoreRepository(new ShopIQ.Integrations.Core.PostgreSql.PostgreSqlStoreOptions { ConnectionString = database.ConnectionString });
        var expected = 0;
        var changes = 0;
        for (var (after, page) = (FeedPosition.Start, await repository.ReadFeedAsync(FeedPosition.Start, 1000, CancellationToken.None).ConfigureAwait(false));
             page.Events.Count > 0;
             after = page.Next, page = await repository.ReadFeedAsync(after, 1000, CancellationToken.None).ConfigureAwait(false))
        {
            var inWindow = page.Events.Where(e => e.Event.At >= measureFrom && e.Event.At < measureTo).ToList();
            expected += inWindow.Count;
            changes += inWindow.Select(e => (e.Id.Store, e.Id.Sequence)).Distinct().Count();
        }

        var patience = Stopwatch.StartNew();
        while (handler.Count < expected && patience.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        var caughtUp = written + patience.Elapsed;
        for (var i = hosted.Count - 1; i >= 0; i--)
        {
            await hosted[i].StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var lags = handler.Lags.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// event lag: target {rate} changes/s with {writers} writers for {seconds} s (after {Warmup.TotalSeconds:0} s of warm-up); dispatcher defaults (batch 100, poll 500 ms)."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// saved {changes} changes ({saved.Sum()} answered) with {expected} events in the window: {changes / (double)seconds:0} changes/s, {expected / (double)seconds:0} events/s (target {rate}); writers' worst lateness {late.Max().TotalMilliseconds:0} ms; writing took {written.TotalSeconds:0.0} s, all delivered by {caughtUp.TotalSeconds:0.0} s."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// delivered {lags.Length} of {expected}; lag p50 {Percentile(lags, 0.50):0} ms, p90 {Percentile(lags, 0.90):0} ms, p99 {Percentile(lags, 0.99):0} ms, max {(lags.Length == 0 ? 0 : lags[^1]):0} ms."));
        if (lags.Length < expected)
        {
            throw new InvalidOperationException($"Only {lags.Length} of {expected} events were delivered.");
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Notes each delivered event's lag (in milliseconds) when its time falls in the measured window.</summary>
    private sealed class LagHandler(IClock clock) : IStoreEventHandler
    {
        private readonly ConcurrentQueue<double> _lags = new();

        public (Instant From, Instant To) Window { get; set; } = (Instant.MaxValue, Instant.MaxValue);

        public int Count => _lags.Count;

        public IEnumerable<double> Lags => _lags;

        public Task HandleAsync(FeedEvent feedEvent, CancellationToken cancellationToken)
        {
            var at = feedEvent.Event.At;
            if (at >= Window.From && at < Window.To)
            {
                _lags.Enqueue((clock.GetCurrentInstant() - at).TotalMilliseconds);
            }

            return Task.CompletedTask;
        }
    }
}
