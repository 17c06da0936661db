// The race worker: a connected-apps service instance in its own process, for the multi-instance race test, the
// fault tests and the chaos harness (eng/chaos.sh).
// Usage: RaceWorker race <connection string> <writer prefix> <writers> <rounds> <seed> <store,store,...>
//          prints "ready", waits for a line on standard input, runs, and prints one line per result, then "done".
//        RaceWorker reserve-and-hang <connection string> <store>
//        RaceWorker open <connection string> <store,store,...>
//          opens the stores on the small plan (creating the schema first); prints one line per store.
//        RaceWorker chaos <connection string> <writer prefix> <writers> <seconds> <seed> <store,store,...>
//          prints "writers <name> ...", then runs the writers (their connects call out for 2-200 ms) until <seconds>
//          have passed, printing one line per result
//          as soon as it is answered (a killed worker's lines up to the kill stay usable), then "done".
//        RaceWorker sweep <connection string> <minutes ahead>
//          sweeps, with a clock that many minutes ahead, until nothing is left to expire or abandon; prints
//          "swept-at <instant>" and what it did.
//        RaceWorker check <connection string> <store,store,...> <swept-at instant> <output file> ...
//          audits the database against the chaos workers' output files; prints the figures; exits 1 unless clean.
//        RaceWorker consume <connection string> <subscription> <output file> <batch size> [<lease seconds> [<handler delay ms>]]
//          dispatches the event subscription through the library's hosted service, appending "id position" per delivered
//          event (and "start <pid>" first) to the file; prints "consuming", and stops as a host does on a line of input.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.Testing;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: race|reserve-and-hang|open|chaos|sweep|check|consume <connection string> ...");
    return 2;
}

// The chaos modes use the repository's default retry budget: what a chaos run is to show is that it rides out restarts.
var chaosRetryBudget = TimeSpan.FromSeconds(10);
switch (args[0])
{
    case "race":
    {
        await using var instance = RaceWorkload.BuildInstance(args[1]);
        var service = instance.GetRequiredService<ConnectedAppsService>();
        var stores = Stores(args[6]);
        var writers = int.Parse(args[3], CultureInfo.InvariantCulture);
        var rounds = int.Parse(args[4], CultureInfo.InvariantCulture);
        var seed = int.Parse(args[5], CultureInfo.InvariantCulture);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Enumerable.Range(0, writers)
            .Select(w => Task.Run(() => RaceWorkload.RunWriterAsync(service, $"{args[2]}{w}", stores, rounds, seed + w, go.Task)))
            .ToArray();
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync();
        go.SetResult();
        foreach (var result in (await Task.WhenAll(running)).SelectMany(r => r))
        {
            Console.WriteLine(result.ToLine());
        }

        Console.WriteLine("done");
        return 0;
    }

    case "reserve-and-hang":
    {
        // Reserve a slot whose provider never answers, say so once the reservation is in the database, and wait to be killed.
        await using var instance = RaceWorkload.BuildInstance(args[1], hangingConnects: true);
        var service = instance.GetRequiredService<ConnectedAppsService>();
        var store = new StoreId(args[2]);
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync();
        var connecting = service.ConnectAsync(
            new ConnectAppCommand(store, new ProviderKey("meta-pixel"), RaceWorkload.Apps[0].Setup, Actor.Merchant("doomed"), IdempotencyKey.New()),
            CancellationToken.None);
        while ((await service.GetStoreAsync(store, CancellationToken.None))?.SlotsInUse != 1)
        {
            await Task.Delay(20);
        }

        Console.WriteLine("reserved");
        await connecting;
        return 1;
    }

    case "open":
    {
        await using var instance = RaceWorkload.BuildInstance(args[1], retryBudget: chaosRetryBudget, callingOut: true);
        var service = instance.GetRequiredService<ConnectedAppsService>();
        foreach (var store in Stores(args[2]))
        {
            var opened = await service.OpenStoreAsync(new OpenStoreCommand(store, new(RaceWorkload.SmallPlan), Actor.Merchant("opener"), IdempotencyKey.New()), CancellationToken.None);
            Console.WriteLine($"{store}: {opened.Status}");
            if (!opened.IsSuccess)
            {
                return 1;
            }
        }

        return 0;
    }

    case "chaos":
    {
        // Connects call out for up to 200 ms, so a SIGKILL often finds a reservation the sweep must expire.
        CallOut.MaxMilliseconds = 200;
        await using var instance = RaceWorkload.BuildInstance(args[1], retryBudget: chaosRetryBudget, callingOut: true);
        var service = instance.GetRequiredService<ConnectedAppsService>();
        var names = Enumerable.Range(0, int.Parse(args[3], CultureInfo.InvariantCulture)).Select(w => $"{args[2]}w{w}").ToList();
        var seconds = double.Parse(args[4], CultureInfo.InvariantCulture);
        var seed = int.Parse(args[5], CultureInfo.InvariantCulture);
        var stores = Stores(args[6]);
        var output = new object(); // not System.Threading.Lock: this file also builds for net8.0
        Console.WriteLine($"writers {string.Join(' ', names)}");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await Task.WhenAll(names.Select((name, w) => Task.Run(() => RaceWorkload.RunUntilStoppedAsync(
            service,
            name,
            stores,
            seed + w,
            result =>
            {
                // Console.Out flushes every line; the lock keeps lines of different writers from interleaving.
                lock (output)
                {
                    Console.Out.WriteLine(result.ToLine());
                }
            },
            stop.Token))));
        Console.WriteLine("done");
        return 0;
    }

    case "sweep":
    {
        var sweptAt = SystemClock.Instance.GetCurrentInstant() + Duration.FromMinutes(double.Parse(args[2], CultureInfo.InvariantCulture));
        await using (var dataSource = NpgsqlDataSource.Create(args[1]))
        await using (var pending = dataSource.CreateCommand("SELECT count(*) FROM shopiq.connections WHERE state = 'pending'"))
        await using (var unfinished = dataSource.CreateCommand("SELECT count(*) FROM shopiq.idempotency_records WHERE NOT is_final"))
        {
            Console.WriteLine($"reservations pending before the sweep: {await pending.ExecuteScalarAsync()}");
            Console.WriteLine($"unfinished connect records before the sweep: {await unfinished.ExecuteScalarAsync()}");
        }

        await using var instance = RaceWorkload.BuildInstance(args[1], new FixedClock(sweptAt), retryBudget: chaosRetryBudget, callingOut: true);
        var (expired, abandoned) = await ChaosAudit.SweepUntilCleanAsync(instance.GetRequiredService<ConnectedAppsService>(), CancellationToken.None);
        Console.WriteLine($"swept-at {InstantPattern.ExtendedIso.Format(sweptAt)}");
        Console.WriteLine($"reservations expired by the sweep: {expired}");
        Console.WriteLine($"connects abandoned by the sweep: {abandoned}");
        return 0;
    }

    case "check":
    {
        var stores = Stores(args[2]);
        var sweptAt = InstantPattern.ExtendedIso.Parse(args[3]).Value;
        var results = new List<WriterResult>();
        var killed = new HashSet<string>(StringComparer.Ordinal);
        var torn = 0;
        var killedWorkers = 0;
        var files = args.Skip(4).ToList();
        foreach (var file in files)
        {
            var writers = new List<string>();
            var done = false;
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith("writers ", StringComparison.Ordinal))
                {
                    writers.AddRange(line["writers ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                }
                else if (line == "done")
                {
                    done = true;
                }
                else
                {
                    try
                    {
                        results.Add(WriterResult.Parse(line));
                    }
                    catch (FormatException)
                    {
                        // Only the line a SIGKILL cut short may be torn; anything else is a worker that printed something unexpected.
                        torn++;
                    }
                }
            }

            if (!done)
            {
                killedWorkers++;
                killed.UnionWith(writers);
            }
        }

        await using var instance = RaceWorkload.BuildInstance(args[1], retryBudget: chaosRetryBudget, callingOut: true);
        await using var dataSource = NpgsqlDataSource.Create(args[1]);
        var audit = await ChaosAudit.RunAsync(instance.GetRequiredService<ConnectedAppsService>(), dataSource, stores, results, killed, sweptAt, CancellationToken.None);
        Console.WriteLine($"worker output files: {files.Count} ({files.Count - killedWorkers} ran to the end, {killedWorkers} were killed)");
        Console.WriteLine($"writers killed with a command possibly in flight: {killed.Count}");
        Console.WriteLine($"torn lines (cut short by a kill): {torn}");
        Console.WriteLine(audit.ToString());
        return audit.IsClean && torn <= killedWorkers ? 0 : 1;
    }

    case "consume":
        return await EventConsumer.RunAsync(
            args[1],
            args[2],
            args[3],
            int.Parse(args[4], CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 30),
            TimeSpan.FromMilliseconds(args.Length > 6 ? double.Parse(args[6], CultureInfo.InvariantCulture) : 0));

    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 2;
}

static StoreId[] Stores(string list) => [.. list.Split(',').Select(s => new StoreId(s))];

/// <summary>A clock that always answers one instant: the sweep's, far enough ahead for every deadline.</summary>
internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}
