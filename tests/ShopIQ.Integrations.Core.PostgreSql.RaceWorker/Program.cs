// The race worker: a connected-apps service instance in its own process, for the multi-instance race test.
// Usage: RaceWorker race <connection string> <writer prefix> <writers> <rounds> <seed> <store,store,...>
//        RaceWorker reserve-and-hang <connection string> <store> <provider>
// It prints "ready", waits for a line on standard input, runs, and prints one line per result.
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.Testing;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: race|reserve-and-hang <connection string> ...");
    return 2;
}

await using var instance = RaceWorkload.BuildInstance(args[1], hangingConnects: args[0] == "reserve-and-hang");
var service = instance.GetRequiredService<ConnectedAppsService>();
switch (args[0])
{
    case "race":
        var stores = args[6].Split(',').Select(s => new StoreId(s)).ToArray();
        var writers = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        var rounds = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
        var seed = int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture);
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
    case "reserve-and-hang":
        // Reserve a slot whose provider never answers, say so once the reservation is in the database, and wait to be killed.
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
    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 2;
}
