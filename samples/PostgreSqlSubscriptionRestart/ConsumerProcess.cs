using System.Diagnostics;
using System.Globalization;
using System.Reflection;

/// <summary>A consumer process started from this process: this program again, with "consume", its log relayed here.</summary>
internal sealed class ConsumerProcess : IDisposable
{
    private static int _started;
    private readonly Process _process;

    private ConsumerProcess(Process process) => _process = process;

    /// <summary>Starts a consumer and waits until its host has started.</summary>
    public static async Task<ConsumerProcess> StartAsync(string connectionString, string file, int hangAfter)
    {
        var number = Interlocked.Increment(ref _started);
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // "dotnet run" starts the app host (this program's own executable); "dotnet X.dll" runs in dotnet, which needs the dll.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in new[] { "consume", connectionString, file, hangAfter.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The consumer did not start.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.WriteLine($"  [consumer {number}, process {process.Id}] {line}");
            }
        };
        process.BeginErrorReadLine();
        var consumer = new ConsumerProcess(process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var said = await process.StandardOutput.ReadLineAsync(timeout.Token);
        SampleSteps.Check(said == "consuming", $"consumer {number} said '{said}' instead of 'consuming' (its log is above)");
        Console.WriteLine($"Consumer {number} started (process {process.Id}).");
        return consumer;
    }

    /// <summary>Kills the process with SIGKILL: it gives no lease up and runs no code of its own, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        Console.WriteLine($"Killed process {_process.Id} with SIGKILL.");
    }

    /// <summary>Stops it as a host stops (it gives the lease up), and checks it exited cleanly.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.StandardInput.WriteLineAsync("stop");
        await _process.StandardInput.FlushAsync(timeout.Token);
        var said = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        await _process.WaitForExitAsync(timeout.Token);
        SampleSteps.Check(said == "stopped" && _process.ExitCode == 0, $"the consumer said '{said}' and exited with {_process.ExitCode} when stopped");
        Console.WriteLine($"Stopped process {_process.Id}; it gave its lease up.");
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
