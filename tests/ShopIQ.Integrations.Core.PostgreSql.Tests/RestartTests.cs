using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using ShopIQ.Integrations.Core.Testing;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using Xunit.Abstractions;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// A server that crashes and comes back while three service instances are busy (stopped with <c>-m immediate</c>, down
/// for 2 s as a supervisor would leave it, then crash recovery): the transient retry budget rides it out, so callers only
/// ever get answers, and the database holds exactly what they were told. With a budget shorter than the outage (0.5 s)
/// callers get the raw NpgsqlException ("Failed to connect") and PostgresException 57P03 instead.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RestartTests(ITestOutputHelper output)
{
    private const int Instances = 3;
    private const int WritersPerInstance = 3;

    /// <summary>Commands answered before the restart, and again after it, before the burst stops.</summary>
    private const int CommandsEachSide = 200;

    /// <summary>How long the server stays down before it is started again: longer than a short retry budget, well within the default 10 s.</summary>
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(2);

    private static readonly StoreId[] Stores = [new("restart-1"), new("restart-2"), new("restart-3"), new("restart-4")];

    [PostgresFact]
    public async Task ImmediateRestartMidBurst_CallersOnlyGetAnswers_NothingIsLostOrDoubled_AndTheSweepLeavesNoReservationDue()
    {
        // synchronous_commit on, as in production: with it off an immediate shutdown may lose commits already answered, by design.
        using var server = ThrowawayPostgres.Start(new Dictionary<string, string> { ["synchronous_commit"] = "on" });
        var burst = await RunBurstAcrossAnImmediateRestartAsync(server, retryBudget: TimeSpan.FromSeconds(10));
        output.WriteLine(burst.ToString());

        // Something was in flight across the restart, and work was answered on both sides of it: the restart hit the burst.
        Assert.True(burst.SpanningTheRestart > 0, "No command was in flight while the server was down; the restart proved nothing.");
        Assert.True(burst.SuccessesBefore > 0 && burst.SuccessesAfter > 0, burst.ToString());

        // (a) Within the budget, callers only get answers: no exception, and no connect left Unsettled.
        var exceptions = burst.Results.Where(r => r.IsException).ToList();
        Assert.True(
            exceptions.Count == 0,
            $"{exceptions.Count} commands threw ({string.Join(", ", exceptions.GroupBy(e => e.ErrorKind).Select(g => $"{g.Count()} {g.Key}"))}):{Environment.NewLine}"
            + string.Join(Environment.NewLine, exceptions.Take(10).Select(e => $"{e.Op} after {e.Milliseconds:0} ms: {e.Error}")));
        Assert.DoesNotContain(burst.Results, r => r.Status == nameof(OutcomeStatus.Unsettled));
        Assert.Contains(burst.Results, r => r.Milliseconds >= Downtime.TotalMilliseconds); // some command waited out the whole outage

        // (c) Far enough ahead for every deadline and the abandon margin (30 min reservations, 5 min margin), the sweep leaves nothing due.
        var sweptAt = SystemClock.Instance.GetCurrentInstant() + Duration.FromMinutes(36);
        await using var sweeper = RaceWorkload.BuildInstance(server.ConnectionString, new FakeClock(sweptAt), callingOut: true);
        var sweeperService = sweeper.GetRequiredService<ConnectedAppsService>();
        var swept = await ChaosAudit.SweepUntilCleanAsync(sweeperService, CancellationToken.None);
        output.WriteLine($"The sweep expired {swept.Expired} reservations and abandoned {swept.Abandoned} connects.");

        // (b) Nothing lost, nothing written twice, no app held twice, never over the allowance, every ledger verifies.
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        var audit = await ChaosAudit.RunAsync(sweeperService, dataSource, Stores, burst.Results, new HashSet<string>(), sweptAt, CancellationToken.None);
        output.WriteLine(audit.ToString());
        Assert.True(audit.IsClean, audit.ToString());
        Assert.Equal(0, audit.UnclaimedEntriesOfUnansweredCommands);
        Assert.Equal(0L, audit.UnfinishedRecords);
        Assert.True(audit.SuccessesChecked > 60, $"Only {audit.SuccessesChecked} successes could be checked against the ledger; too few to prove anything.");
    }

    /// <summary>
    /// Nine writers on three instances (each its own container and connection pool) run on four stores; after
    /// <see cref="CommandsEachSide"/> answers the server is stopped with <c>-m immediate</c> and started again after
    /// <see cref="Downtime"/> (it then runs crash recovery), and the writers stop once
    /// as many more have been answered after it came back. Every answer and every exception is kept.
    /// </summary>
    private static async Task<Burst> RunBurstAcrossAnImmediateRestartAsync(ThrowawayPostgres server, TimeSpan retryBudget)
    {
        var instances = Enumerable.Range(0, Instances)
            .Select(_ => RaceWorkload.BuildInstance(server.ConnectionString, retryBudget: retryBudget, callingOut: true))
            .ToList();
        try
        {
            var services = instances.Select(i => i.GetRequiredService<ConnectedAppsService>()).ToList();
            foreach (var store in Stores)
            {
                var opened = await services[0].OpenStoreAsync(new OpenStoreCommand(store, new(RaceWorkload.SmallPlan), Actor.Merchant("opener"), IdempotencyKey.New()), CancellationToken.None);
                Assert.True(opened.IsSuccess, opened.ToString());
            }

            var results = new ConcurrentQueue<(WriterResult Result, DateTime EndedAt)>();
            var answered = 0;
            using var stop = new CancellationTokenSource();
            var writers = services
                .SelectMany((service, i) => Enumerable.Range(0, WritersPerInstance).Select(w => (Service: service, Name: $"i{i}w{w}", Seed: 100 * i + w)))
                .Select(writer => Task.Run(() => RaceWorkload.RunUntilStoppedAsync(
                    writer.Service,
                    writer.Name,
                    Stores,
                    writer.Seed,
                    result =>
                    {
                        results.Enqueue((result, DateTime.UtcNow));
                        Interlocked.Increment(ref answered);
                    },
                    stop.Token)))
                .ToList();

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await WaitForAsync(() => Volatile.Read(ref answered) >= CommandsEachSide, writers, timeout.Token);
            var restartStarted = DateTime.UtcNow;
            await Task.Run(() => server.RestartImmediately(Downtime));
            var restartEnded = DateTime.UtcNow;
            var atRestart = Volatile.Read(ref answered);
            await WaitForAsync(() => Volatile.Read(ref answered) >= atRestart + CommandsEachSide, writers, timeout.Token);
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            // The new server's postmaster started after the old one was gone: a command that began before that and ended
            // after it was in flight while there was no server (it began on the old one, or was refused by none or by the new one).
            await using var probe = NpgsqlDataSource.Create(server.ConnectionString);
            await using var startTime = probe.CreateCommand("SELECT pg_postmaster_start_time()");
            var serverBack = ((DateTime)(await startTime.ExecuteScalarAsync())!).ToUniversalTime();
            var all = results.ToList();
            return new Burst(
                [.. all.Select(r => r.Result)],
                restartEnded - restartStarted,
                serverBack - restartStarted,
                all.Count(r => r.EndedAt < restartStarted && r.Result.IsSuccess),
                all.Count(r => r.EndedAt > restartEnded && r.Result.IsSuccess),
                all.Count(r => r.EndedAt > serverBack && r.EndedAt - TimeSpan.FromMilliseconds(r.Result.Milliseconds) < serverBack),
                File.ReadLines(Path.Combine(Path.GetDirectoryName(server.DataDirectory)!, "server.log")).Count(line => line.Contains("the database system is starting up", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; a writer that ended early (it threw outside a command) fails the wait.</summary>
    private static async Task WaitForAsync(Func<bool> condition, IReadOnlyList<Task> writers, CancellationToken timeout)
    {
        while (!condition())
        {
            if (writers.FirstOrDefault(w => w.IsCompleted) is { } ended)
            {
                await ended;
                Assert.Fail("A writer stopped before it was told to.");
            }

            await Task.Delay(10, timeout);
        }
    }

    private sealed record Burst(IReadOnlyList<WriterResult> Results, TimeSpan RestartTook, TimeSpan NewPostmasterAfter, int SuccessesBefore, int SuccessesAfter, int SpanningTheRestart, int RefusedWhileStarting)
    {
        public override string ToString() =>
            $"{Results.Count} commands: {SuccessesBefore} successes before the restart, {SuccessesAfter} after it, {SpanningTheRestart} commands in flight while the server was down; " +
            $"the immediate stop, {Downtime.TotalSeconds:0} s down and start again took {RestartTook.TotalMilliseconds:0} ms (new postmaster after {NewPostmasterAfter.TotalMilliseconds:0} ms); longest command {Results.Max(r => r.Milliseconds):0} ms; " +
            $"the server refused {RefusedWhileStarting} connections with 57P03 while it recovered.";
    }
}
