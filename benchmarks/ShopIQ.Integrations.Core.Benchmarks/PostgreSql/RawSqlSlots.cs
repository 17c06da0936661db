using Npgsql;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// The naive baseline: slots kept in three plain tables of a <c>bench_raw</c> schema and changed with one
/// four-statement transaction per operation, as a careful engineer would write it without a ledger to replay.
/// </summary>
/// <remarks>
/// A connect is <c>UPDATE stores ... WHERE used &lt; allowance RETURNING</c>, an <c>INSERT</c> of the connection,
/// an <c>INSERT</c> of a ledger row and a <c>COMMIT</c>, each its own round trip (no batching: that is what makes
/// it the naive baseline); a disconnect is the mirror. The store's row lock, taken by the <c>UPDATE</c>, is held
/// until the commit, so writers of one store queue on it instead of failing. The ledger row's sequence comes from
/// a <c>last_seq</c> column bumped by the same <c>UPDATE</c>, so it costs no extra statement. Thread-safe: every
/// operation takes its own pooled connection.
/// </remarks>
internal sealed class RawSqlSlots(NpgsqlDataSource dataSource)
{
    private const string Schema = """
        CREATE SCHEMA IF NOT EXISTS bench_raw;
        CREATE TABLE IF NOT EXISTS bench_raw.stores (
            store_id  text    PRIMARY KEY,
            used      integer NOT NULL,
            allowance integer NOT NULL,
            last_seq  bigint  NOT NULL,
            CONSTRAINT used_within_allowance CHECK (used >= 0 AND used <= allowance));
        CREATE TABLE IF NOT EXISTS bench_raw.connections (
            store_id text NOT NULL REFERENCES bench_raw.stores (store_id),
            provider text NOT NULL,
            PRIMARY KEY (store_id, provider));
        CREATE TABLE IF NOT EXISTS bench_raw.ledger (
            store_id text        NOT NULL REFERENCES bench_raw.stores (store_id),
            seq      bigint      NOT NULL,
            kind     text        NOT NULL,
            provider text        NOT NULL,
            used     integer     NOT NULL,
            at       timestamptz NOT NULL,
            PRIMARY KEY (store_id, seq));
        """;

    /// <summary>Creates the tables if they are missing.</summary>
    /// <returns>A task that completes when they are there.</returns>
    public async Task CreateTablesAsync()
    {
        await using var command = dataSource.CreateCommand(Schema);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Creates a store with an allowance and some apps already connected (one ledger row each).</summary>
    /// <param name="store">The store's id.</param>
    /// <param name="allowance">How many slots it has.</param>
    /// <param name="connected">The apps connected from the start.</param>
    /// <returns>A task that completes when the store is there.</returns>
    public async Task CreateStoreAsync(string store, int allowance, IReadOnlyList<string> connected)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand("INSERT INTO bench_raw.stores (store_id, used, allowance, last_seq) VALUES ($1, 0, $2, 0)", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = store });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = allowance });
            await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        foreach (var provider in connected)
        {
            if (!await ConnectAsync(store, provider).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"Benchmark setup failed: {provider} did not connect to raw store {store}.");
            }
        }
    }

    /// <summary>Takes a slot for an app: the four-statement transaction.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app.</param>
    /// <returns>Whether it connected; false when the store has no slot free.</returns>
    public Task<bool> ConnectAsync(string store, string provider) =>
        ChangeAsync(
            store,
            provider,
            "UPDATE bench_raw.stores SET used = used + 1, last_seq = last_seq + 1 WHERE store_id = $1 AND used < allowance RETURNING used, last_seq",
            "INSERT INTO bench_raw.connections (store_id, provider) VALUES ($1, $2)",
            "connected");

    /// <summary>Gives an app's slot back: the mirror transaction.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app.</param>
    /// <returns>Whether it disconnected; false when the app was not connected.</returns>
    public Task<bool> DisconnectAsync(string store, string provider) =>
        ChangeAsync(
            store,
            provider,
            "UPDATE bench_raw.stores SET used = used - 1, last_seq = last_seq + 1 WHERE store_id = $1 AND used > 0 RETURNING used, last_seq",
            "DELETE FROM bench_raw.connections WHERE store_id = $1 AND provider = $2",
            "disconnected");

    /// <summary>Throws unless every ledger row is within its store's allowance, every sequence is gap-free and every count matches its connections.</summary>
    /// <returns>How many ledger rows were checked.</returns>
    public async Task<long> VerifyAsync()
    {
        await using var command = dataSource.CreateCommand("""
            SELECT
              (SELECT count(*) FROM bench_raw.ledger l JOIN bench_raw.stores s USING (store_id) WHERE l.used < 0 OR l.used > s.allowance),
              (SELECT count(*) FROM bench_raw.stores s
                 WHERE s.last_seq <> (SELECT count(*) FROM bench_raw.ledger l WHERE l.store_id = s.store_id)
                    OR s.used <> (SELECT count(*) FROM bench_raw.connections c WHERE c.store_id = s.store_id)),
              (SELECT count(*) FROM bench_raw.ledger)
            """);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        var overAllowance = reader.GetInt64(0);
        var inconsistentStores = reader.GetInt64(1);
        if (overAllowance != 0 || inconsistentStores != 0)
        {
            throw new InvalidOperationException(
                $"The raw baseline broke the guarantee: {overAllowance} ledger rows over the allowance, {inconsistentStores} stores whose counts disagree with their rows.");
        }

        return reader.GetInt64(2);
    }

    private async Task<bool> ChangeAsync(string store, string provider, string countSql, string connectionSql, string kind)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        int used;
        long sequence;
        await using (var count = new NpgsqlCommand(countSql, connection, transaction))
        {
            count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = store });
            await using var reader = await count.ExecuteReaderAsync().ConfigureAwait(false);
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                await transaction.RollbackAsync().ConfigureAwait(false);
                return false;
            }

            used = reader.GetInt32(0);
            sequence = reader.GetInt64(1);
        }

        await using (var app = new NpgsqlCommand(connectionSql, connection, transaction))
        {
            app.Parameters.Add(new NpgsqlParameter<string> { TypedValue = store });
            app.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
            if (await app.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                return false;
            }
        }

        await using (var ledger = new NpgsqlCommand("INSERT INTO bench_raw.ledger (store_id, seq, kind, provider, used, at) VALUES ($1, $2, $3, $4, $5, now())", connection, transaction))
        {
            ledger.Parameters.Add(new NpgsqlParameter<string> { TypedValue = store });
            ledger.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
            ledger.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
            ledger.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
            ledger.Parameters.Add(new NpgsqlParameter<int> { TypedValue = used });
            await ledger.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return true;
    }
}
