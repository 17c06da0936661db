using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core.Testing;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using Xunit.Abstractions;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// R3 across service instances: two instances in this process (separate containers and connection pools) and one
/// in a separate process, 16 writers in all, connecting, replacing, disconnecting apps and changing plans on the same
/// three stores for 100 rounds each; afterwards the database is audited with SQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiInstanceRaceTests(PostgresClusterFixture cluster, ITestOutputHelper output)
{
    private const int Rounds = 100;

    [PostgresFact]
    public async Task R3_SixteenWritersOnThreeInstancesOneInAnotherProcess_NeverExceedTheAllowanceAndLoseNothing()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "race");
        var stores = new[] { new StoreId("race-1"), new StoreId("race-2"), new StoreId("race-3") };
        await using var first = RaceWorkload.BuildInstance(database.ConnectionString);
        await using var second = RaceWorkload.BuildInstance(database.ConnectionString);
        var firstService = first.GetRequiredService<ConnectedAppsService>();
        var secondService = second.GetRequiredService<ConnectedAppsService>();
        foreach (var store in stores)
        {
            var opened = await firstService.OpenStoreAsync(new OpenStoreCommand(store, new(RaceWorkload.SmallPlan), Actor.Merchant("opener"), IdempotencyKey.New()), CancellationToken.None);
            Assert.True(opened.IsSuccess, opened.ToString());
        }

        using var worker = StartWorker(database.ConnectionString, "x", writers: 5, Rounds, seed: 3000, stores);
        Assert.Equal("ready", await worker.StandardOutput.ReadLineAsync());
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var local = Enumerable.Range(0, 6).Select(w => Task.Run(() => RaceWorkload.RunWriterAsync(firstService, $"a{w}", stores, Rounds, 1000 + w, go.Task)))
            .Concat(Enumerable.Range(0, 5).Select(w => Task.Run(() => RaceWorkload.RunWriterAsync(secondService, $"b{w}", stores, Rounds, 2000 + w, go.Task))))
            .ToArray();
        await worker.StandardInput.WriteLineAsync("go");
        await worker.StandardInput.FlushAsync();
        go.SetResult();

        var results = (await Task.WhenAll(local)).SelectMany(r => r).ToList();
        results.AddRange(await ReadWorkerResultsAsync(worker));
        Assert.Equal(16 * Rounds, results.Count);
        Assert.Equal(16, results.Select(r => r.Writer).Distinct().Count());

        var audit = await RaceAudit.RunAsync(database, stores, results);
        output.WriteLine(audit.ToString());
        Assert.True(audit.Problems.Count == 0, string.Join(Environment.NewLine, audit.Problems));
        Assert.Equal(0, audit.OverAllowance);
        Assert.True(audit.Successes > 100, $"Only {audit.Successes} operations succeeded; the race did too little to prove anything.");
        Assert.True(audit.LimitRefusals > 0, "No connect was refused at the limit; the stores never filled up.");

        // Every store's ledger verifies, and the snapshot commands decided on is what replaying it gives (R15).
        foreach (var store in stores)
        {
            var audited = await secondService.VerifyAsync(store, CancellationToken.None);
            Assert.True(audited!.IsSound, audited.ToString());
            Assert.False(audited.SnapshotRewritten);
        }
    }

    internal static Process StartWorker(string connectionString, string prefix, int writers, int rounds, int seed, IEnumerable<StoreId> stores) =>
        StartWorkerProcess("race", connectionString, prefix, writers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            rounds.ToString(System.Globalization.CultureInfo.InvariantCulture), seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.Join(',', stores.Select(s => s.Value)));

    internal static Process StartWorkerProcess(params string[] arguments)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "ShopIQ.Integrations.Core.PostgreSql.RaceWorker.dll");
        Assert.True(File.Exists(worker), $"The race worker is missing at {worker}.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(worker);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The race worker did not start.");
    }

    private static async Task<List<RaceResult>> ReadWorkerResultsAsync(Process worker)
    {
        var results = new List<RaceResult>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (await worker.StandardOutput.ReadLineAsync(timeout.Token) is { } line && line != "done")
        {
            results.Add(RaceResult.Parse(line));
        }

        await worker.WaitForExitAsync(timeout.Token);
        Assert.True(worker.ExitCode == 0, $"The race worker exited {worker.ExitCode}: {await worker.StandardError.ReadToEndAsync()}");
        return results;
    }
}

/// <summary>The SQL audit after a race: what the database holds must add up, entry by entry, and match what callers saw.</summary>
internal sealed record RaceAudit(int Entries, int Successes, int LimitRefusals, int OverAllowance, IReadOnlyList<string> Problems)
{
    public static async Task<RaceAudit> RunAsync(PostgresDatabase database, IReadOnlyList<StoreId> stores, IReadOnlyList<RaceResult> results)
    {
        var problems = new List<string>();
        var overAllowance = (int)await database.ScalarAsync<long>(
            "SELECT count(*) FROM shopiq.ledger WHERE allowance IS NOT NULL AND slots_in_use > allowance");
        foreach (var store in stores)
        {
            var id = store.Value;
            var version = await database.ScalarAsync<long>("SELECT version FROM shopiq.stores WHERE store_id = $1", id);
            var count = await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.ledger WHERE store_id = $1", id);
            var max = await database.ScalarAsync<long>("SELECT coalesce(max(sequence), 0) FROM shopiq.ledger WHERE store_id = $1", id);
            if (count != max || version != max)
            {
                problems.Add($"{id}: ledger not gap-free: {count} entries, last sequence {max}, store version {version}.");
            }

            // The running count recomputed from the entries, in SQL: every entry's recorded slots must equal it.
            var mismatched = await database.ScalarAsync<long>(
                """
                SELECT count(*) FROM (
                    SELECT slots_in_use, sum(CASE WHEN kind = 'Opened' THEN 0
                                                  WHEN kind IN ('Connected', 'Reserved') THEN 1
                                                  WHEN kind IN ('Released', 'Expired', 'Disconnected') THEN -1
                                                  ELSE 0 END) OVER (ORDER BY sequence) AS running
                    FROM shopiq.ledger WHERE store_id = $1) t
                WHERE slots_in_use <> running
                """,
                id);
            if (mismatched != 0)
            {
                problems.Add($"{id}: {mismatched} entries record slots that the entries before them do not add up to.");
            }

            var used = await database.ScalarAsync<int>("SELECT slots_in_use FROM shopiq.stores WHERE store_id = $1", id);
            var live = await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.connections WHERE store_id = $1", id);
            var net = await database.ScalarAsync<long>(
                "SELECT coalesce(sum(CASE WHEN kind IN ('Connected', 'Reserved') THEN 1 WHEN kind IN ('Released', 'Expired', 'Disconnected') THEN -1 ELSE 0 END), 0) FROM shopiq.ledger WHERE store_id = $1",
                id);
            if (used != live || live != net)
            {
                problems.Add($"{id}: slots in use {used}, live connections {live}, ledger connects minus disconnects {net}.");
            }

            var lastEntrySlots = await database.ScalarAsync<int>("SELECT slots_in_use FROM shopiq.ledger WHERE store_id = $1 ORDER BY sequence DESC LIMIT 1", id);
            if (lastEntrySlots != used)
            {
                problems.Add($"{id}: the last entry records {lastEntrySlots} slots; the store row {used}.");
            }
        }

        // Successes seen by callers = ledger entries, writer by writer and kind by kind.
        var expected = results
            .Where(r => r.IsSuccess && !r.IsReplay && EntryKindOf(r.Status) is not null)
            .GroupBy(r => (r.Writer, Kind: EntryKindOf(r.Status)!.Value.ToString()))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var actual = new Dictionary<(string Writer, string Kind), long>();
        await using (var command = database.DataSource.CreateCommand(
            "SELECT actor_id, kind, count(*) FROM shopiq.ledger WHERE kind IN ('Activated', 'Disconnected', 'Replaced', 'PlanChanged') AND actor_id <> 'opener' GROUP BY actor_id, kind"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                actual[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
            }
        }

        foreach (var key in expected.Keys.Union(actual.Keys))
        {
            var seen = expected.GetValueOrDefault(key);
            var written = actual.GetValueOrDefault(key);
            if (seen != written)
            {
                problems.Add($"Writer {key.Writer}: callers saw {seen} successful {key.Kind}; the ledger has {written}.");
            }
        }

        var entries = (int)await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.ledger");
        var refusals = results.Count(r => r.Status == OutcomeStatus.LimitReached);
        return new RaceAudit(entries, (int)expected.Values.Sum(), refusals, overAllowance, problems);
    }

    public override string ToString() =>
        $"{Entries} ledger entries; {Successes} caller-seen successes; {LimitRefusals} connects refused at the limit; {OverAllowance} entries over the allowance; {Problems.Count} problems.";

    /// <summary>The entry a successful outcome writes under the caller's name (a connect also writes its Reserved entry first).</summary>
    private static SlotEntryKind? EntryKindOf(OutcomeStatus outcome) => outcome switch
    {
        OutcomeStatus.Activated or OutcomeStatus.Connected => SlotEntryKind.Activated,
        OutcomeStatus.Disconnected => SlotEntryKind.Disconnected,
        OutcomeStatus.Replaced => SlotEntryKind.Replaced,
        OutcomeStatus.PlanChanged => SlotEntryKind.PlanChanged,
        _ => null,
    };
}
