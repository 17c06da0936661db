using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;
using ShopIQ.Integrations.Core.Testing;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>The throwaway cluster harness itself: it starts, survives restarts and crashes, and leaves nothing behind.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ThrowawayPostgresTests
{
    private readonly PostgresClusterFixture _fixture;

    public ThrowawayPostgresTests(PostgresClusterFixture fixture)
    {
        _fixture = fixture;
    }

    [PostgresFact]
    public void UnavailableReason_OnThisMachine_IsNull()
    {
        Assert.Null(ThrowawayPostgres.UnavailableReason);
    }

    [PostgresFact]
    public async Task Start_SharedCluster_AnswersSelectOne()
    {
        var cluster = _fixture.Cluster;

        Assert.Equal(1, await ScalarAsync<int>(cluster.ConnectionString, "select 1"));
        Assert.Equal("127.0.0.1", cluster.Host);
        Assert.Contains($"Port={cluster.Port}", cluster.ConnectionString, StringComparison.Ordinal);
        Assert.True(Directory.Exists(cluster.DataDirectory));
    }

    [PostgresFact]
    public async Task Start_Defaults_TradeDurabilityForSpeed()
    {
        var connectionString = _fixture.Cluster.ConnectionString;

        Assert.Equal("off", await ScalarAsync<string>(connectionString, "show fsync"));
        Assert.Equal("off", await ScalarAsync<string>(connectionString, "show synchronous_commit"));
        Assert.Equal("200", await ScalarAsync<string>(connectionString, "show max_connections"));
    }

    [PostgresFact]
    public async Task CreateDatabase_TwoCalls_GiveSeparateFreshDatabases()
    {
        var first = _fixture.CreateDatabase("Harness Test");
        var second = _fixture.CreateDatabase("Harness Test");

        var firstName = await ScalarAsync<string>(first, "select current_database()");
        var secondName = await ScalarAsync<string>(second, "select current_database()");
        Assert.StartsWith("harness_test_", firstName, StringComparison.Ordinal);
        Assert.NotEqual(firstName, secondName);
        Assert.Equal(0L, await ScalarAsync<long>(first, "select count(*) from pg_tables where schemaname = 'public'"));
    }

    [PostgresFact]
    public async Task Start_WithSettings_OverridesDefaultsAndQuotesValues()
    {
        using var cluster = ThrowawayPostgres.Start(new Dictionary<string, string>
        {
            ["fsync"] = "on",
            ["cluster_name"] = "shop iq's cluster",
        });

        Assert.Equal("on", await ScalarAsync<string>(cluster.ConnectionString, "show fsync"));
        Assert.Equal("shop iq's cluster", await ScalarAsync<string>(cluster.ConnectionString, "show cluster_name"));
        Assert.Equal("off", await ScalarAsync<string>(cluster.ConnectionString, "show full_page_writes"));
    }

    [PostgresFact]
    public void Start_ServerThatCannotStart_ThrowsWithServerLogAndLeavesNoDirectory()
    {
        var pattern = $"shopiq-pg-{Environment.ProcessId}-*";
        var before = Directory.GetDirectories(Path.GetTempPath(), pattern);

        var failure = Assert.Throws<InvalidOperationException>(
            () => ThrowawayPostgres.Start(new Dictionary<string, string> { ["shared_buffers"] = "not-a-size" }));

        Assert.Contains("did not start after 3 attempts", failure.Message, StringComparison.Ordinal);
        Assert.Contains("invalid value for parameter \"shared_buffers\"", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), pattern).Except(before));
    }

    [Fact]
    public void Start_SettingPort_IsRefusedBecauseTheHarnessOwnsIt()
    {
        Assert.Throws<ArgumentException>(() => ThrowawayPostgres.Start(new Dictionary<string, string> { ["port"] = "5432" }));
    }

    [Fact]
    public void Start_SettingNameWithShellCharacters_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => ThrowawayPostgres.Start(new Dictionary<string, string> { ["fsync=off; rm"] = "on" }));
    }

    [PostgresFact]
    public async Task Restart_AfterCommit_KeepsDataAndPort()
    {
        using var cluster = ThrowawayPostgres.Start();
        var port = cluster.Port;
        await ExecuteAsync(cluster.ConnectionString, "create table kept (id int); insert into kept values (41), (42)");

        cluster.Restart();

        Assert.Equal(port, cluster.Port);
        Assert.Equal(83L, await ScalarAsync<long>(cluster.ConnectionString, "select sum(id) from kept"));
    }

    [PostgresFact]
    public async Task RestartImmediately_DropsOpenSessions_RecoversFromACrash_KeepsCommittedDataAndPort()
    {
        // synchronous_commit on: an immediate shutdown may otherwise lose the last commits, by design.
        using var cluster = ThrowawayPostgres.Start(new Dictionary<string, string> { ["synchronous_commit"] = "on" });
        var port = cluster.Port;
        await ExecuteAsync(cluster.ConnectionString, "create table survivor (id int); insert into survivor values (7)");
        await using var open = new NpgsqlConnection(Unpooled(cluster.ConnectionString));
        await open.OpenAsync();

        cluster.RestartImmediately();

        Assert.Equal(port, cluster.Port);
        Assert.Equal(7, await ScalarAsync<int>(cluster.ConnectionString, "select id from survivor"));
        await using (var command = new NpgsqlCommand("select 1", open))
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => command.ExecuteScalarAsync());
        }

        // An immediate shutdown, not a fast one: the server had to recover from its WAL.
        var log = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(cluster.DataDirectory)!, "server.log"));
        Assert.Contains("received immediate shutdown request", log, StringComparison.Ordinal);
        Assert.Contains("automatic recovery in progress", log, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task RestartImmediately_DownForAWhile_RefusesConnectionsMeanwhile_ThenKeepsCommittedDataAndPort()
    {
        using var cluster = ThrowawayPostgres.Start(new Dictionary<string, string> { ["synchronous_commit"] = "on" });
        var port = cluster.Port;
        await ExecuteAsync(cluster.ConnectionString, "create table survivor (id int); insert into survivor values (7)");

        var refusedMeanwhile = false;
        var restarting = Task.Run(() => cluster.RestartImmediately(TimeSpan.FromSeconds(1.5)));
        while (!restarting.IsCompleted)
        {
            refusedMeanwhile |= !AcceptsConnections(port);
            await Task.Delay(50);
        }

        await restarting;
        Assert.True(refusedMeanwhile, "The port never refused a connection while the server was down.");
        Assert.Equal(port, cluster.Port);
        Assert.Equal(7, await ScalarAsync<int>(cluster.ConnectionString, "select id from survivor"));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.RestartImmediately(TimeSpan.FromSeconds(-1)));
    }

    [PostgresFact]
    public async Task Kill_ThenStartAgain_RecoversCommittedData()
    {
        // synchronous_commit on: an immediate shutdown may otherwise lose the last commits, by design.
        using var cluster = ThrowawayPostgres.Start(new Dictionary<string, string> { ["synchronous_commit"] = "on" });
        await ExecuteAsync(cluster.ConnectionString, "create table survivor (id int); insert into survivor values (7)");

        cluster.Kill();
        Assert.False(AcceptsConnections(cluster.Port));
        cluster.StartAgain();

        Assert.Equal(7, await ScalarAsync<int>(cluster.ConnectionString, "select id from survivor"));
    }

    [PostgresFact]
    public async Task Stop_Twice_ThenStartAgain_Answers()
    {
        using var cluster = ThrowawayPostgres.Start();

        cluster.Stop();
        cluster.Stop();
        Assert.False(AcceptsConnections(cluster.Port));
        Assert.Throws<InvalidOperationException>(cluster.Restart);
        cluster.StartAgain();

        Assert.Equal(1, await ScalarAsync<int>(cluster.ConnectionString, "select 1"));
        Assert.Throws<InvalidOperationException>(cluster.StartAgain);
    }

    [PostgresFact]
    public async Task Dispose_RemovesDirectoryAndClosesPort()
    {
        var cluster = ThrowawayPostgres.Start();
        var root = Path.GetDirectoryName(cluster.DataDirectory)!;
        Assert.Equal(1, await ScalarAsync<int>(cluster.ConnectionString, "select 1"));
        Assert.True(AcceptsConnections(cluster.Port));

        cluster.Dispose();
        cluster.Dispose();

        Assert.False(Directory.Exists(root));
        Assert.False(AcceptsConnections(cluster.Port));
        Assert.Throws<ObjectDisposedException>(cluster.StartAgain);
    }

    [PostgresFact]
    public async Task Start_TwoClusters_RunAtOnceOnDifferentPortsWithSeparateData()
    {
        using var first = ThrowawayPostgres.Start();
        using var second = ThrowawayPostgres.Start();

        Assert.NotEqual(first.Port, second.Port);
        Assert.NotEqual(first.DataDirectory, second.DataDirectory);
        await ExecuteAsync(first.ConnectionString, "create table only_in_first (id int)");
        Assert.Equal(1L, await ScalarAsync<long>(first.ConnectionString, "select count(*) from pg_tables where tablename = 'only_in_first'"));
        Assert.Equal(0L, await ScalarAsync<long>(second.ConnectionString, "select count(*) from pg_tables where tablename = 'only_in_first'"));
    }

    [PostgresFact]
    public void Start_ClusterOfADeadProcess_IsStoppedAndDeleted()
    {
        // A running cluster made to look like one left behind: its directory renamed to a dead process's id.
        var orphan = ThrowawayPostgres.Start();
        var deadProcessId = IdOfAnExitedProcess();
        var orphanRoot = Path.GetDirectoryName(orphan.DataDirectory)!;
        var staleRoot = Path.Combine(Path.GetDirectoryName(orphanRoot)!, $"shopiq-pg-{deadProcessId}-stale0001");
        Directory.Move(orphanRoot, staleRoot);
        try
        {
            Assert.True(AcceptsConnections(orphan.Port));

            using var next = ThrowawayPostgres.Start();

            Assert.False(Directory.Exists(staleRoot));
            Assert.False(AcceptsConnections(orphan.Port));
        }
        finally
        {
            if (Directory.Exists(staleRoot))
            {
                Directory.Move(staleRoot, orphanRoot);
            }

            orphan.Dispose();
        }
    }

    [Fact]
    public void FindBinDirectory_OverrideWithoutTools_IsNullEvenWhenPathHasThem()
    {
        using var empty = new TempTree();
        using var tools = new TempTree("initdb", "pg_ctl");

        Assert.Null(ThrowawayPostgres.FindBinDirectory(empty.Path, tools.Path, empty.Path));
    }

    [Fact]
    public void FindBinDirectory_OverrideWithTools_WinsOverPath()
    {
        using var chosen = new TempTree("initdb", "pg_ctl");
        using var onPath = new TempTree("initdb", "pg_ctl");

        Assert.Equal(chosen.Path, ThrowawayPostgres.FindBinDirectory(chosen.Path, onPath.Path, chosen.Path));
    }

    [Fact]
    public void FindBinDirectory_PathDirectoryNeedsBothTools()
    {
        using var onlyInitdb = new TempTree("initdb");
        using var both = new TempTree("initdb", "pg_ctl");
        using var noPackages = new TempTree();

        var found = ThrowawayPostgres.FindBinDirectory(null, string.Join(Path.PathSeparator, onlyInitdb.Path, both.Path), noPackages.Path);

        Assert.Equal(both.Path, found);
    }

    [Fact]
    public void FindBinDirectory_PackageRoot_HighestCompleteVersionWins()
    {
        using var packages = new TempTree(
            "9.6/bin/initdb", "9.6/bin/pg_ctl",
            "15/bin/initdb", "15/bin/pg_ctl",
            "16/bin/initdb",
            "common/bin/initdb", "common/bin/pg_ctl");
        using var emptyPath = new TempTree();

        var found = ThrowawayPostgres.FindBinDirectory("", emptyPath.Path, packages.Path);

        Assert.Equal(Path.Combine(packages.Path, "15", "bin"), found);
    }

    [Fact]
    public void FindBinDirectory_NothingAnywhere_IsNull()
    {
        using var empty = new TempTree();

        Assert.Null(ThrowawayPostgres.FindBinDirectory(null, empty.Path, Path.Combine(empty.Path, "missing")));
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // Restarts and kills break pooled connections; these tests want a fresh one every time.
    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static bool AcceptsConnections(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int IdOfAnExitedProcess()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    /// <summary>A temporary directory with empty files at the given relative paths.</summary>
    private sealed class TempTree : IDisposable
    {
        public TempTree(params string[] files)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "shopiq-bin-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
            foreach (var file in files)
            {
                var full = System.IO.Path.Combine(Path, file);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
                File.WriteAllBytes(full, []);
            }
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
