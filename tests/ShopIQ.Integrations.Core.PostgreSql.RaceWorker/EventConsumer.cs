using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShopIQ.Integrations.Core.DependencyInjection;
namespace ShopIQ.Integrations.Core.Testing;

/// <summary>
/// The consume mode: one event subscription dispatched by the library's own hosted service, in this process, with a
/// handler that appends one line per delivered event to a file. A test kills the process (SIGKILL) and reads the file.
/// </summary>
internal static class EventConsumer
{
    /// <summary>
    /// Runs the subscription until a line arrives on standard input (or it closes), then stops the host as a host would
    /// (giving the lease up). Prints "consuming" once the dispatcher has started and "stopped" at the end.
    /// </summary>
    public static async Task<int> RunAsync(string connectionString, string subscription, string outputFile, int batchSize, TimeSpan leaseTime, TimeSpan handlerDelay)
    {
        using var file = new EventFile(outputFile, handlerDelay);
        file.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start {Environment.ProcessId}"));
        await using var instance = RaceWorkload.BuildInstance(
            connectionString,
            retryBudget: TimeSpan.FromSeconds(10),
            extend: builder =>
            {
                builder.Services.AddSingleton(file);
                builder.AddEventSubscription<EventFileHandler>(subscription, options =>
                {
                    options.BatchSize = batchSize;
                    options.LeaseTime = leaseTime;
                    options.PollInterval = TimeSpan.FromMilliseconds(50);
                    options.RetryDelay = TimeSpan.FromMilliseconds(10);
                    options.MaxRetryDelay = TimeSpan.FromMilliseconds(100);
                });
            });
        var hosted = instance.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }

        Console.WriteLine("consuming");
        await Console.In.ReadLineAsync().ConfigureAwait(false);
        for (var i = hosted.Count - 1; i >= 0; i--)
        {
            await hosted[i].StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        Console.WriteLine("stopped");
        return 0;
    }
}

/// <summary>
/// The consumer's output: lines appended to a file, each in one unbuffered write, so a SIGKILL leaves every line written
/// before it whole (the page cache outlives the process).
/// </summary>
internal sealed class EventFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly object _gate = new(); // not System.Threading.Lock: this file also builds for net8.0

    public EventFile(string path, TimeSpan handlerDelay)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        HandlerDelay = handlerDelay;
    }

    /// <summary>How long the handler takes per event before it writes it down (to give a kill something to interrupt).</summary>
    public TimeSpan HandlerDelay { get; }

    public void WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Writes each event down as <c>id position</c>, for example <c>store-1/12/0 7512:12</c>.</summary>
internal sealed class EventFileHandler(EventFile file) : IStoreEventHandler
{
    public async Task HandleAsync(FeedEvent feedEvent, CancellationToken cancellationToken)
    {
        if (file.HandlerDelay > TimeSpan.Zero)
        {
            await Task.Delay(file.HandlerDelay, cancellationToken).ConfigureAwait(false);
        }

        file.WriteLine($"{feedEvent.Id} {feedEvent.Position}");
    }
}
