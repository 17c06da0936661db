using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ShopIQ.Integrations.Core.Testing;

/// <summary>
/// A PostgreSQL cluster of its own in a temporary directory, for tests, benchmarks and samples:
/// <c>initdb</c> into <c>shopiq-pg-&lt;pid&gt;-&lt;random&gt;</c> under the temp path, a server on a free
/// loopback port with trust authentication, and everything removed again on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Uses only the BCL, because it is linked as source into projects with different dependencies.
/// Durability is traded for speed (<c>fsync</c>, <c>synchronous_commit</c> and <c>full_page_writes</c>
/// off); pass settings to <see cref="Start"/> to change that. When the process runs as root the
/// PostgreSQL tools run as the <c>postgres</c> OS user through <c>runuser</c>, because
/// <c>initdb</c> and <c>postgres</c> refuse to run as root. A cluster not disposed is disposed at
/// process exit and on SIGINT, SIGTERM or SIGHUP; one left behind by a process that died otherwise
/// (SIGKILL, a crash) is stopped and deleted by the next <see cref="Start"/> on the machine.
/// Instances are thread safe: every operation holds one lock.
/// </remarks>
internal sealed class ThrowawayPostgres : IDisposable
{
    /// <summary>The environment variable that names the directory holding <c>initdb</c> and <c>pg_ctl</c>.</summary>
    public const string BinDirectoryVariable = "SHOPIQ_PG_BIN";

    /// <summary>Where the Debian and Ubuntu packages install one bin directory per server version.</summary>
    public const string PackageRoot = "/usr/lib/postgresql";

    private const string DirectoryPrefix = "shopiq-pg-";
    private const string SuperUser = "postgres";
    private const int StartAttempts = 3;
    private const int LogTailLines = 40;

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<bool> RunsAsRoot = new(DetectRoot);
    private static readonly Lazy<string?> Unavailable = new(DescribeUnavailability);

    private static readonly PosixSignal[] TerminatingSignals = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP];

    private static readonly string[] RunUserLocations = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"];

    private static readonly (string Name, string Value)[] DefaultSettings =
    [
        ("listen_addresses", "127.0.0.1"),
        ("unix_socket_directories", ""),
        ("max_connections", "200"),
        ("fsync", "off"),
        ("synchronous_commit", "off"),
        ("full_page_writes", "off"),
    ];

    private readonly object _gate = new(); // not System.Threading.Lock: this file also builds for net8.0
    private readonly string _rootDirectory;
    private readonly string _logFile;
    private readonly string _settingOptions;
    private readonly EventHandler _onProcessExit;
    private readonly List<PosixSignalRegistration> _signalRegistrations = [];
    private CommandResult? _initdbOutput;
    private bool _running;
    private bool _disposed;

    private ThrowawayPostgres(string rootDirectory, string binDirectory, string settingOptions)
    {
        _rootDirectory = rootDirectory;
        _logFile = Path.Combine(rootDirectory, "server.log");
        _settingOptions = settingOptions;
        BinDirectory = binDirectory;
        DataDirectory = Path.Combine(rootDirectory, "data");
        _onProcessExit = (_, _) => Dispose();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;

        // The runtime does not raise ProcessExit when a signal ends the process (Ctrl+C, kill), so
        // those clean up here; a SIGKILL or a crash leaves the cluster for the next Start to remove.
        foreach (var signal in TerminatingSignals)
        {
            try
            {
                _signalRegistrations.Add(PosixSignalRegistration.Create(signal, OnTerminatingSignal));
            }
            catch (PlatformNotSupportedException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Why no cluster can be started on this machine, in one line that names the fix;
    /// <see langword="null"/> when one can. Worked out once per process.
    /// </summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>The loopback address the server listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port the server listens on; it stays the same across <see cref="Restart"/>, <see cref="RestartImmediately"/> and <see cref="StartAgain"/>.</summary>
    public int Port { get; private set; }

    /// <summary>An Npgsql connection string for the <c>postgres</c> database as the <c>postgres</c> superuser.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"Host={Host};Port={Port};Username={SuperUser};Database=postgres");

    /// <summary>The cluster's data directory (the <c>-D</c> of <c>pg_ctl</c>).</summary>
    public string DataDirectory { get; }

    /// <summary>The directory the PostgreSQL tools were run from.</summary>
    public string BinDirectory { get; }

    /// <summary>
    /// The directory holding <c>initdb</c> and <c>pg_ctl</c>: the one named by <c>SHOPIQ_PG_BIN</c> when
    /// that variable is set (and <see langword="null"/> if it lacks either tool: an explicit choice is not
    /// second-guessed), else the first directory on <c>PATH</c> holding both, else the highest-numbered
    /// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> holding both; <see langword="null"/> when none does.
    /// </summary>
    public static string? FindBinDirectory() =>
        FindBinDirectory(
            Environment.GetEnvironmentVariable(BinDirectoryVariable),
            Environment.GetEnvironmentVariable("PATH"),
            PackageRoot);

    /// <summary>The search of <see cref="FindBinDirectory()"/> over the given inputs instead of the process's.</summary>
    internal static string? FindBinDirectory(string? overrideDirectory, string? searchPath, string packageRoot)
    {
        if (!string.IsNullOrEmpty(overrideDirectory))
        {
            return HoldsServerTools(overrideDirectory) ? Path.GetFullPath(overrideDirectory) : null;
        }

        foreach (var directory in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (HoldsServerTools(directory))
            {
                return Path.GetFullPath(directory);
            }
        }

        if (!Directory.Exists(packageRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(packageRoot)
            .Select(directory => (Version: ParseVersion(Path.GetFileName(directory)), Bin: Path.Combine(directory, "bin")))
            .Where(candidate => candidate.Version is not null && HoldsServerTools(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    /// <summary>
    /// Creates a cluster in a fresh temporary directory and starts it on a free loopback port, trying
    /// up to three ports in case another process takes the chosen one first.
    /// </summary>
    /// <param name="settings">Server settings (<c>-c name=value</c>) that override the defaults, for example <c>fsync=on</c>.</param>
    /// <exception cref="InvalidOperationException">PostgreSQL is unavailable (the message is <see cref="UnavailableReason"/>), or <c>initdb</c> or the server failed; the message carries their output and the tail of the server log.</exception>
    /// <exception cref="ArgumentException">A setting name is not a plain identifier, or is <c>port</c>, which the harness owns.</exception>
    /// <exception cref="TimeoutException">A PostgreSQL tool did not finish within 90 seconds.</exception>
    public static ThrowawayPostgres Start(IReadOnlyDictionary<string, string>? settings = null)
    {
        var settingOptions = FormatSettings(settings);
        var binDirectory = UnavailableReason is { } reason
            ? throw new InvalidOperationException(reason)
            : FindBinDirectory() ?? throw new InvalidOperationException("The PostgreSQL bin directory disappeared after it was found.");

        var tempRoot = Path.GetTempPath();
        RemoveStaleClusters(tempRoot, binDirectory);

        var rootDirectory = Path.Combine(tempRoot, string.Create(CultureInfo.InvariantCulture, $"{DirectoryPrefix}{Environment.ProcessId}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}"));
        CreateSharedDirectory(rootDirectory);

        var cluster = new ThrowawayPostgres(rootDirectory, binDirectory, settingOptions);
        try
        {
            cluster.Initialize();
            cluster.StartOnAFreePort();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Restarts the server (fast shutdown) on the same port; committed data is kept.</summary>
    /// <exception cref="InvalidOperationException">The server is not running, or did not come back.</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void Restart() => Restart("fast");

    /// <summary>
    /// Restarts the server with an immediate shutdown, as a crash and a supervisor's restart would: every backend is
    /// dropped mid-statement, no checkpoint is written, and the server runs crash recovery (refusing connections with
    /// 57P03 "the database system is starting up" meanwhile) before it answers again on the same port. Committed data
    /// survives when <c>synchronous_commit</c> is on; with the default (off) the last commits may be lost, by design.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server is not running, or did not come back.</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void RestartImmediately() => Restart("immediate");

    /// <summary>
    /// Stops the server with an immediate shutdown, leaves it down for <paramref name="downFor"/> (a supervisor noticing the
    /// crash and starting it again), and starts it again on the same port, where it runs crash recovery first. Meanwhile
    /// connections are refused, then answered with 57P03 while it recovers.
    /// </summary>
    /// <param name="downFor">How long the server stays down before it is started again; zero is <see cref="RestartImmediately()"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="downFor"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The server is not running, or did not come back (for example because another process took the port meanwhile).</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void RestartImmediately(TimeSpan downFor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(downFor, TimeSpan.Zero);
        if (downFor == TimeSpan.Zero)
        {
            RestartImmediately();
            return;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_running)
            {
                throw new InvalidOperationException("The server is not running; use StartAgain after Stop or Kill.");
            }
        }

        Kill();
        Thread.Sleep(downFor);
        StartAgain();
    }

    private void Restart(string mode)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_running)
            {
                throw new InvalidOperationException("The server is not running; use StartAgain after Stop or Kill.");
            }

            var result = PgCtl("-D", DataDirectory, "-l", _logFile, "-w", "-t", "60", "-m", mode, "-o", ServerOptions(), "restart");
            if (result.ExitCode != 0)
            {
                _running = IsServerRunning();
                throw new InvalidOperationException($"PostgreSQL did not restart ({mode}) on port {Port}.{Environment.NewLine}{result}{Environment.NewLine}{ServerLogTail()}");
            }
        }
    }

    /// <summary>Stops the server with a fast shutdown; does nothing when it is not running.</summary>
    /// <exception cref="InvalidOperationException">pg_ctl could not stop the server.</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void Stop() => Shutdown("fast");

    /// <summary>
    /// Stops the server with an immediate shutdown, as a crash would: no checkpoint, so the next start
    /// runs crash recovery. Does nothing when it is not running.
    /// </summary>
    /// <exception cref="InvalidOperationException">pg_ctl could not stop the server.</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void Kill() => Shutdown("immediate");

    /// <summary>Starts the server again after <see cref="Stop"/> or <see cref="Kill"/>, on the same port.</summary>
    /// <exception cref="InvalidOperationException">The server is already running, or did not start (for example because another process took the port meanwhile).</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void StartAgain()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running)
            {
                throw new InvalidOperationException("The server is already running.");
            }

            var result = PgCtlStart();
            if (result.ExitCode != 0)
            {
                StopIgnoringErrors();
                throw new InvalidOperationException($"PostgreSQL did not start again on port {Port}.{Environment.NewLine}{result}{Environment.NewLine}{ServerLogTail()}");
            }

            _running = true;
        }
    }

    /// <summary>Stops the server at once (errors ignored) and deletes the temporary directory. Safe to call more than once.</summary>
    public void Dispose() => Dispose(disposeSignalRegistrations: true);

    private void Dispose(bool disposeSignalRegistrations)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
            if (disposeSignalRegistrations)
            {
                foreach (var registration in _signalRegistrations)
                {
                    registration.Dispose();
                }
            }

            if (_running || File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                StopIgnoringErrors();
            }

            _running = false;
            DeleteDirectory(_rootDirectory);
        }
    }

    /// <summary>Stops the servers and deletes the directories of clusters whose owning process is gone.</summary>
    internal static void RemoveStaleClusters(string tempRoot, string binDirectory)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.GetDirectories(tempRoot, DirectoryPrefix + "*");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var directory in candidates)
        {
            var name = Path.GetFileName(directory).AsSpan(DirectoryPrefix.Length);
            var dash = name.IndexOf('-');
            if (dash <= 0
                || !int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ownerId)
                || ownerId == Environment.ProcessId
                || IsProcessAlive(ownerId))
            {
                continue;
            }

            var dataDirectory = Path.Combine(directory, "data");
            if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
            {
                try
                {
                    Run(Path.Combine(binDirectory, ToolName("pg_ctl")), tempRoot, asPostgresUser: true, "-D", dataDirectory, "-m", "immediate", "-w", "-t", "60", "stop");
                }
                catch (Exception exception) when (exception is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Best effort: a server that will not stop keeps its files open, and the delete below copes.
                }
            }

            DeleteDirectory(directory);
        }
    }

    // A handler that cancels the signal (a host shutting down gracefully) will dispose its own way,
    // through ProcessExit once Main returns; registrations are not disposed from inside their handler.
    private void OnTerminatingSignal(PosixSignalContext context)
    {
        if (!context.Cancel)
        {
            Dispose(disposeSignalRegistrations: false);
        }
    }

    private void Initialize()
    {
        var result = Run(
            Path.Combine(BinDirectory, ToolName("initdb")),
            _rootDirectory,
            asPostgresUser: true,
            "-D", DataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed in {_rootDirectory}.{Environment.NewLine}{result}");
        }

        _initdbOutput = result;
    }

    private void StartOnAFreePort()
    {
        lock (_gate)
        {
            var failures = new StringBuilder();
            for (var attempt = 1; attempt <= StartAttempts; attempt++)
            {
                Port = FindFreePort();
                var result = PgCtlStart();
                if (result.ExitCode == 0)
                {
                    _running = true;
                    return;
                }

                failures.Append(CultureInfo.InvariantCulture, $"Attempt {attempt} on port {Port}: {result}").AppendLine();
                StopIgnoringErrors();
            }

            throw new InvalidOperationException(
                $"PostgreSQL did not start after {StartAttempts} attempts in {DataDirectory}.{Environment.NewLine}initdb: {_initdbOutput}{Environment.NewLine}{failures}{ServerLogTail()}");
        }
    }

    private void Shutdown(string mode)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_running)
            {
                return;
            }

            var result = PgCtl("-D", DataDirectory, "-m", mode, "-w", "-t", "60", "stop");
            if (result.ExitCode != 0)
            {
                _running = IsServerRunning();
                if (_running)
                {
                    throw new InvalidOperationException($"PostgreSQL did not stop ({mode}).{Environment.NewLine}{result}{Environment.NewLine}{ServerLogTail()}");
                }
            }

            _running = false;
        }
    }

    private CommandResult PgCtlStart() =>
        PgCtl("-D", DataDirectory, "-l", _logFile, "-w", "-t", "60", "-o", ServerOptions(), "start");

    private void StopIgnoringErrors()
    {
        try
        {
            PgCtl("-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop");
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Stopping is best effort here; the caller is already failing or tearing down.
        }
    }

    private bool IsServerRunning()
    {
        try
        {
            return PgCtl("-D", DataDirectory, "status").ExitCode == 0;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    private CommandResult PgCtl(params string[] arguments) =>
        Run(Path.Combine(BinDirectory, ToolName("pg_ctl")), _rootDirectory, asPostgresUser: true, arguments);

    // pg_ctl hands -o to the server through /bin/sh, so every value is single-quoted for the shell.
    private string ServerOptions() =>
        string.Create(CultureInfo.InvariantCulture, $"-p {Port}{_settingOptions}");

    private string ServerLogTail()
    {
        try
        {
            if (!File.Exists(_logFile))
            {
                return $"(no server log at {_logFile})";
            }

            var lines = File.ReadAllLines(_logFile);
            return $"Last lines of {_logFile}:{Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(LogTailLines))}";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"(server log {_logFile} unreadable: {exception.Message})";
        }
    }

    private static string FormatSettings(IReadOnlyDictionary<string, string>? settings)
    {
        var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var (name, value) in DefaultSettings)
        {
            merged[name] = value;
            order.Add(name);
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            ArgumentNullException.ThrowIfNull(value, nameof(settings));
            if (!IsSettingName(name))
            {
                throw new ArgumentException($"'{name}' is not a PostgreSQL setting name.", nameof(settings));
            }

            if (string.Equals(name, "port", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("The port is chosen by the harness; read it from Port.", nameof(settings));
            }

            if (!merged.ContainsKey(name))
            {
                order.Add(name);
            }

            merged[name] = value;
        }

        var options = new StringBuilder();
        foreach (var name in order)
        {
            options.Append(" -c ").Append(name).Append("='").Append(merged[name].Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
        }

        return options.ToString();
    }

    private static bool IsSettingName(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool HoldsServerTools(string directory) =>
        File.Exists(Path.Combine(directory, ToolName("initdb"))) && File.Exists(Path.Combine(directory, ToolName("pg_ctl")));

    private static string ToolName(string tool) => OperatingSystem.IsWindows() ? tool + ".exe" : tool;

    private static Version? ParseVersion(string name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? new Version(major, 0)
        : Version.TryParse(name, out var version) ? version
        : null;

    private static bool IsProcessAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void CreateSharedDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // 0777 so that the postgres OS user, when the tools run as it, can create the data directory
        // and the server log here; set again afterwards because mkdir applies the umask.
        const UnixFileMode everyone =
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(path, everyone);
        File.SetUnixFileMode(path, everyone);
    }

    private static void DeleteDirectory(string path)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A server that is still shutting down can add or hold files for a moment.
                Thread.Sleep(200 * attempt);
            }
        }
    }

    private static string? DescribeUnavailability()
    {
        if (FindBinDirectory() is null)
        {
            var configured = Environment.GetEnvironmentVariable(BinDirectoryVariable);
            return string.IsNullOrEmpty(configured)
                ? $"PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in {PackageRoot}/<version>/bin; install them with 'apt-get install postgresql' or set {BinDirectoryVariable} to their directory."
                : $"{BinDirectoryVariable}={configured} does not hold both initdb and pg_ctl; point it at a PostgreSQL bin directory, or unset it and install the server with 'apt-get install postgresql'.";
        }

        if (RunsAsRoot.Value)
        {
            if (FindRunUser() is null)
            {
                return "Running as root, but runuser (util-linux) was not found to run initdb and postgres as the postgres OS user; install util-linux and 'apt-get install postgresql'.";
            }

            if (!PostgresUserExists())
            {
                return "Running as root, but there is no 'postgres' OS user to run initdb and postgres as (they refuse to run as root); 'apt-get install postgresql' creates it.";
            }
        }

        return null;
    }

    private static bool PostgresUserExists()
    {
        try
        {
            if (File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(SuperUser + ":", StringComparison.Ordinal)))
            {
                return true;
            }

            // Users from a directory service are not in /etc/passwd.
            return Run("id", Path.GetTempPath(), asPostgresUser: false, "-u", SuperUser).ExitCode == 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string? FindRunUser() =>
        RunUserLocations.FirstOrDefault(File.Exists);

    private static bool DetectRoot()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return GetEffectiveUserId() == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        }
    }

    [SuppressMessage("Interoperability", "SYSLIB1054:Use LibraryImportAttribute", Justification = "LibraryImport needs AllowUnsafeBlocks in every project this file is linked into; geteuid takes and returns only blittable values.")]
    [DllImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint GetEffectiveUserId();

    // Runs a tool (as the postgres OS user when this process is root), capturing its output; kills it after the timeout.
    private static CommandResult Run(string fileName, string workingDirectory, bool asPostgresUser, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        if (asPostgresUser && RunsAsRoot.Value)
        {
            startInfo.FileName = FindRunUser() ?? "runuser";
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(SuperUser);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(fileName);
        }
        else
        {
            startInfo.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', new[] { startInfo.FileName }.Concat(startInfo.ArgumentList));
        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(CommandTimeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the timeout and the kill.
            }

            process.WaitForExit(TimeSpan.FromSeconds(5));
            throw new TimeoutException(
                $"'{commandLine}' did not finish within {CommandTimeout.TotalSeconds:0} s and was killed.{Environment.NewLine}stdout: {Read(output)}{Environment.NewLine}stderr: {Read(errors)}");
        }

        // Waits for the output to be read to the end as well.
        process.WaitForExit();
        return new CommandResult(commandLine, process.ExitCode, Read(output), Read(errors));

        static void Append(StringBuilder buffer, string? line)
        {
            if (line is not null)
            {
                lock (buffer)
                {
                    buffer.AppendLine(line);
                }
            }
        }

        static string Read(StringBuilder buffer)
        {
            lock (buffer)
            {
                return buffer.ToString().TrimEnd();
            }
        }
    }

    private sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() =>
            $"'{CommandLine}' exited with {ExitCode}.{Environment.NewLine}stdout: {StandardOutput}{Environment.NewLine}stderr: {StandardError}";
    }
}
