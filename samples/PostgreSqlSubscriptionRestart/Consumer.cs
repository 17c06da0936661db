using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;

/// <summary>
/// The consumer process: a service on the generic host with one event subscription, <c>audit-copy</c>, whose handler
/// appends the id of every event it is given to a file. It is what a ShopIQ service adds to copy events somewhere durable.
/// </summary>
internal static class Consumer
{
    public const string Subscription = "audit-copy";

    /// <summary>At most this many events are delivered between two checkpoints, so at most this many are delivered again after a crash.</summary>
    public const int BatchSize = 10;

    /// <summary>
    /// Runs the subscription until a line arrives on standard input (or it closes), then stops the host, which gives the
    /// lease up. Prints "consuming" once the host has started and "stopped" at the end; the library's log goes to standard error.
    /// </summary>
    /// <param name="hangAfter">When above 0, the handler never returns from that delivery (a call that hangs), so the process is busy mid-batch when it is killed.</param>
    public static async Task<int> RunAsync(string connectionString, string file, int hangAfter)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace); // standard output is the parent's channel
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        builder.Services.AddSingleton(new DeliveryFile(file, hangAfter));
        AddIntegrations(builder.Services, connectionString)
            .AddEventSubscription<AuditCopyHandler>(Subscription, o =>
            {
                o.BatchSize = BatchSize;

                // A dead process keeps its lease until it expires (30 s by default); a short one lets the restarted
                // process take over within a couple of seconds here.
                o.LeaseTime = TimeSpan.FromSeconds(2);
                o.PollInterval = TimeSpan.FromMilliseconds(50);
            });

        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine("consuming");
        await Console.In.ReadLineAsync();
        await host.StopAsync();
        Console.WriteLine("stopped");
        return 0;
    }

    /// <summary>The library as both processes configure it: one plan, the built-in providers, PostgreSQL.</summary>
    public static ShopIQIntegrationsBuilder AddIntegrations(IServiceCollection services, string connectionString) =>
        services.AddShopIQIntegrations(options => options.Plans.Add(new PlanOptions { Id = "growth", Name = "Growth", Tier = 1, ConnectedApps = 4, AiCredits = 100 }))
            .AddBuiltInProviders()
            .UsePostgreSql(connectionString);
}

/// <summary>The subscription's handler: writes the event's id down, then returns, which lets the checkpoint pass it.</summary>
internal sealed class AuditCopyHandler(DeliveryFile file) : IStoreEventHandler
{
    public async Task HandleAsync(FeedEvent feedEvent, CancellationToken cancellationToken)
    {
        var delivered = file.Append(feedEvent.Id.ToString());
        if (delivered == file.HangAfter)
        {
            // Delivered, but the call never returns: the batch's checkpoint is not written, and the parent kills the
            // process now. This is the moment a crash costs most: events delivered that no checkpoint records yet.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}

/// <summary>
/// The deliveries of every consumer process, one file: a <c>start &lt;pid&gt;</c> line when a process starts, then one
/// event id a line. Each line is one unbuffered write, so a SIGKILL leaves every line written before it whole.
/// </summary>
internal sealed class DeliveryFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _gate = new();
    private int _delivered;

    public DeliveryFile(string path, int hangAfter)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        HangAfter = hangAfter;
        Write(string.Create(CultureInfo.InvariantCulture, $"start {Environment.ProcessId}"));
    }

    public int HangAfter { get; }

    /// <summary>Appends a delivered event's id; returns how many this process has delivered.</summary>
    public int Append(string eventId)
    {
        lock (_gate)
        {
            Write(eventId);
            return ++_delivered;
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>The deliveries of each process that wrote the file, in the order they were written (whole lines only).</summary>
    public static List<List<string>> Read(string path)
    {
        var processes = new List<List<string>>();
        if (!File.Exists(path))
        {
            return processes;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();

        // A line still being written has no newline yet; it is read next time.
        foreach (var line in text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("start ", StringComparison.Ordinal))
            {
                processes.Add([]);
            }
            else
            {
                SampleSteps.Check(processes.Count > 0, $"a delivery before any process started: '{line}'");
                processes[^1].Add(line);
            }
        }

        return processes;
    }

    private void Write(string line) => _stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
}
