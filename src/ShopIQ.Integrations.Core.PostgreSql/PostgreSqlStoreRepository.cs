using System.Diagnostics;
using System.Runtime.InteropServices;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
namespace ShopIQ.Integrations.Core.PostgreSql;

/// <summary>
/// A store repository in a PostgreSQL database shared by every instance of a service: the slot guarantee (R3)
/// holds across instances because the database itself enforces it.
/// </summary>
/// <remarks>
/// <para>
/// Each save is one call of the <c>shopiq.save_change</c> function, in one transaction: it locks the store's
/// row, compares the version the command read (the optimistic concurrency the connected-apps service
/// retries on), recounts the slots from the entries and keeps one <c>shopiq.connections</c> row per app
/// holding a slot. CHECK constraints on the store and on every ledger entry refuse slots in use over the
/// allowance. The store's snapshot is written by that same call, in the store's row. Each load is one round
/// trip (a batch) reading the store's row and the key's record, never the ledger; only a store without a
/// snapshot (saved by schema version 1) has its whole ledger read, once, to be rebuilt.
/// </para>
/// <para>
/// Transient failures (serialization failure, deadlock, a dropped connection, a server shutting down or
/// starting) are retried with jittered, doubling waits for up to <see cref="PostgreSqlStoreOptions.TransientRetryBudget"/>
/// (10 s by default: long enough for a fast restart of the server); a save sent
/// again after its answer was lost is recognised by its change id and not written twice. Other errors are
/// thrown. A cancelled token stops a save only before it is sent: once sent, it runs to its answer (bounded
/// by Npgsql's command timeout and the retries), so a caller is never told "cancelled" about a change that
/// was written. The repository never joins an ambient <c>TransactionScope</c> on the pool it creates; give
/// a data source of your own <c>Enlist=false</c> too. Thread-safe.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlStoreRepository : IStoreRepository, IDisposable, IAsyncDisposable
{
    private const string LoadStoreSql = "SELECT version, snapshot FROM shopiq.stores WHERE store_id = $1";

    private const string ReadLedgerSql =
        "SELECT sequence, at, actor_kind, actor_id, kind, provider, descriptor, plan_id, " +
        "allowance, slots_in_use, ai_credits, pending_until, attention_reason, connection_id " +
        "FROM shopiq.ledger WHERE store_id = $1 ORDER BY sequence";

    private const string LoadRecordSql =
        "SELECT fingerprint, is_final, status, message, provider, store_version, recorded_at, result_data " +
        "FROM shopiq.idempotency_records WHERE store_id = $1 AND key = $2";

    private const string SaveSql =
        "SELECT shopiq.save_change($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, " +
        "$19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33)";

    /// <summary>What save_change raises when a final idempotency record already holds the key (everything is undone).</summary>
    private const string KeyConflictState = "SQ409";

    private const string SaveEntrySql =
        "SELECT shopiq.save_entry($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, " +
        "$19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33)";

    /// <summary>The longest wait between two tries of a transient failure, before jitter.</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlStoreOptions _options;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>Creates a repository on the database named by <see cref="PostgreSqlStoreOptions.ConnectionString"/>; it owns the connection pool and closes it when disposed.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The settings are not valid (the message names each one).</exception>
    public PostgreSqlStoreRepository(PostgreSqlStoreOptions options)
        : this(CreateDataSource(options), options, ownsDataSource: true)
    {
    }

    /// <summary>Creates a repository on a data source the caller owns (and disposes), with the default settings.</summary>
    /// <param name="dataSource">The database.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    public PostgreSqlStoreRepository(NpgsqlDataSource dataSource)
        : this(dataSource, new PostgreSqlStoreOptions(), ownsDataSource: false)
    {
    }

    /// <summary>Creates a repository on a data source the caller owns (and disposes).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The settings; the connection string in them is not used.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The settings are not valid (the message names each one).</exception>
    public PostgreSqlStoreRepository(NpgsqlDataSource dataSource, PostgreSqlStoreOptions options)
        : this(dataSource, options ?? throw new ArgumentNullException(nameof(options)), ownsDataSource: false)
    {
    }

    private PostgreSqlStoreRepository(NpgsqlDataSource dataSource, PostgreSqlStoreOptions options, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var failures = PostgreSqlStoreOptionsValidator.Check(options, needsConnectionString: false);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _options = options;
        _schemaReady = !options.CreateSchema;
    }

    /// <inheritdoc />
    public Task<LoadedStore> LoadAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return WithRetriesAsync(ct => LoadOnceAsync(store, key, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        foreach (var entry in change.Entries)
        {
            if (!entry.Allowance.Covers(entry.SlotsInUse))
            {
                throw new ArgumentException(
                    $"Entry {entry.Sequence} of store '{change.Store}' has {entry.SlotsInUse} slots in use on an allowance of {entry.Allowance}; it is never stored (R3).",
                    nameof(change));
            }
        }

        // One id for the change, kept across retries, so a save whose answer was lost is not written twice.
        return SaveAsync(change, Guid.NewGuid(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return WithRetriesAsync<SlotLedger?>(
            async ct =>
            {
                var entries = await ReadLedgerOnceAsync(store, ct).ConfigureAwait(false);
                return entries.Count == 0 ? null : SlotLedger.FromEntries(store, entries);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> WriteSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return WithRetriesAsync(
            async ct =>
            {
                await EnsureSchemaAsync(ct).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand("SELECT shopiq.write_snapshot($1, $2, $3)");
                Add(command.Parameters, snapshot.Store.Value);
                Add(command.Parameters, snapshot.Version);
                Add(command.Parameters, Bytes(snapshot), NpgsqlDbType.Bytea);
                return (bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            },
            cancellationToken);
    }

    /// <summary>Saves a change under a given change id: sending the same change with the same id again answers Saved without writing twice.</summary>
    internal Task<SaveOutcome> SaveAsync(StoreChange change, Guid changeId, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<SaveOutcome>(cancellationToken)
            : WithRetriesAsync(ct => SaveOnceAsync(change, changeId, ct), CancellationToken.None);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoreId>> FindStoresWithDueReservationsAsync(Instant now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return WithRetriesAsync<IReadOnlyList<StoreId>>(
            async ct =>
            {
                await using var command = _dataSource.CreateCommand(
                    "SELECT store_id FROM shopiq.stores WHERE next_deadline <= $1 ORDER BY next_deadline, store_id LIMIT $2");
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var stores = new List<StoreId>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    stores.Add(new StoreId(reader.GetString(0)));
                }

                return stores;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UnfinishedConnect>> FindUnfinishedConnectsAsync(Instant recordedBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return WithRetriesAsync<IReadOnlyList<UnfinishedConnect>>(
            async ct =>
            {
                await EnsureSchemaAsync(ct).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand(
                    "SELECT store_id, key, recorded_at FROM shopiq.idempotency_records WHERE NOT is_final AND recorded_at < $1 ORDER BY recorded_at LIMIT $2");
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = recordedBefore.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var found = new List<UnfinishedConnect>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    found.Add(new UnfinishedConnect(new StoreId(reader.GetString(0)), new IdempotencyKey(reader.GetString(1)), Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(2))));
                }

                return found;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> PurgeIdempotencyRecordsAsync(Instant recordedBefore, CancellationToken cancellationToken) =>
        WithRetriesAsync(
            async ct =>
            {
                await using var command = _dataSource.CreateCommand("DELETE FROM shopiq.idempotency_records WHERE is_final AND recorded_at < $1");
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = recordedBefore.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Closes the connection pool if this repository created it.</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }

        _schemaGate.Dispose();
    }

    /// <summary>Closes the connection pool if this repository created it.</summary>
    /// <returns>A task that completes when the pool is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        _schemaGate.Dispose();
    }

    /// <summary>Whether an error is worth another try: nothing was written, or the change id makes a second write a no-op.</summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState is
            PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow or
            PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.ConnectionException or PostgresErrorCodes.ConnectionDoesNotExist or
            PostgresErrorCodes.ConnectionFailure or PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection or
            PostgresErrorCodes.SqlServerRejectedEstablishmentOfSqlConnection,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    private static NpgsqlDataSource CreateDataSource(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = PostgreSqlStoreOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The same few statements run all day: let Npgsql prepare them on each connection.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        // Never join a caller's ambient TransactionScope: a save is its own transaction, answered Saved only once committed.
        builder.ConnectionStringBuilder.Enlist = false;

        // The repository leaves no session state behind (no temporary tables, session locks or LISTEN), so a
        // connection going back to the pool needs no reset: that saves server work on every load and save.
        builder.ConnectionStringBuilder.NoResetOnClose = true;

        return builder.Build();
    }

    private static SlotLedgerEntry ReadEntry(NpgsqlDataReader reader)
    {
        var allowance = reader.IsDBNull(8) ? SlotAllowance.Unlimited : SlotAllowance.Of(reader.GetInt32(8));
        return new SlotLedgerEntry(
            reader.GetInt64(0),
            Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(1)),
            new Actor(Enum.Parse<ActorKind>(reader.GetString(2)), reader.GetString(3)),
            Enum.Parse<SlotEntryKind>(reader.GetString(4)),
            reader.IsDBNull(5) ? null : new ProviderKey(reader.GetString(5)),
            reader.IsDBNull(6) ? null : DescriptorJson.Read(reader.GetString(6)),
            new PlanId(reader.GetString(7)),
            allowance,
            reader.GetInt32(9),
            reader.GetInt32(10),
            reader.IsDBNull(11) ? null : Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(11)),
            reader.IsDBNull(12) ? null : Enum.Parse<AttentionReason>(reader.GetString(12)),
            reader.IsDBNull(13) ? null : new ConnectionId(reader.GetGuid(13)));
    }

    private static IdempotencyRecord ReadRecord(NpgsqlDataReader reader, IdempotencyKey key) => new(
        key,
        reader.GetString(0),
        reader.GetBoolean(1),
        Enum.Parse<OutcomeStatus>(reader.GetString(2)),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : new ProviderKey(reader.GetString(4)),
        reader.GetInt64(5),
        Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(6)),
        reader.IsDBNull(7) ? null : reader.GetString(7));

    /// <summary>The snapshot's bytes as the array they are kept in (no copy).</summary>
    private static byte[] Bytes(StoreSnapshot snapshot) =>
        MemoryMarshal.TryGetArray(snapshot.ToBytes(), out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : snapshot.ToBytes().ToArray();

    private static void Add<T>(NpgsqlParameterCollection parameters, T value, NpgsqlDbType? type = null)
    {
        var parameter = new NpgsqlParameter<T> { TypedValue = value };
        if (type is { } t)
        {
            parameter.NpgsqlDbType = t;
        }

        parameters.Add(parameter);
    }

    private static void AddNullable(NpgsqlParameterCollection parameters, object? value, NpgsqlDbType type) =>
        parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });

    private async Task<LoadedStore> LoadOnceAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = _dataSource.CreateBatch();
        if (key is not null)
        {
            // The record first: the store read after it is at least as new as the record.
            var recordCommand = new NpgsqlBatchCommand(LoadRecordSql);
            Add(recordCommand.Parameters, store.Value);
            Add(recordCommand.Parameters, key.Value);
            batch.BatchCommands.Add(recordCommand);
        }

        var storeCommand = new NpgsqlBatchCommand(LoadStoreSql);
        Add(storeCommand.Parameters, store.Value);
        batch.BatchCommands.Add(storeCommand);

        IdempotencyRecord? record = null;
        long? version = null;
        byte[]? snapshot = null;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (key is not null)
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    record = ReadRecord(reader, key);
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                version = reader.GetInt64(0);
                snapshot = reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1);
            }
        }

        if (version is not { } at)
        {
            return new LoadedStore(null, [], record);
        }

        if (snapshot is not null)
        {
            return new LoadedStore(StoreSnapshot.FromBytes(store, at, snapshot), [], record);
        }

        // No snapshot (a store saved by schema version 1): the whole ledger, for the service to rebuild it once.
        var ledger = await ReadLedgerOnceAsync(store, cancellationToken).ConfigureAwait(false);
        return new LoadedStore(null, ledger, record);
    }

    private async Task<List<SlotLedgerEntry>> ReadLedgerOnceAsync(StoreId store, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(ReadLedgerSql);
        Add(command.Parameters, store.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<SlotLedgerEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    /// <summary>One entry as scalar parameters, for shopiq.save_entry.</summary>
    private static void AddEntry(NpgsqlCommand command, SlotLedgerEntry e)
    {
        Add(command.Parameters, e.Sequence);
        Add(command.Parameters, e.At.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
        Add(command.Parameters, e.Actor.Kind.ToString());
        Add(command.Parameters, e.Actor.Id);
        Add(command.Parameters, e.Kind.ToString());
        AddNullable(command.Parameters, e.Provider?.Value, NpgsqlDbType.Text);
        AddNullable(command.Parameters, e.Descriptor is { } d ? DescriptorJson.Write(d) : null, NpgsqlDbType.Text);
        AddNullable(command.Parameters, e.Descriptor?.Key.Value, NpgsqlDbType.Text);
        Add(command.Parameters, e.PlanId.Value);
        AddNullable(command.Parameters, e.Allowance.Slots, NpgsqlDbType.Integer);
        Add(command.Parameters, e.SlotsInUse);
        Add(command.Parameters, e.AiCreditBalance);
        AddNullable(command.Parameters, e.PendingUntil?.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
        AddNullable(command.Parameters, e.AttentionReason?.ToString(), NpgsqlDbType.Text);
    }

    /// <summary>The connection ids of the entries, null where an entry has none: shopiq.save_change's last parameter.</summary>
    private static Guid?[] ConnectionIds(IReadOnlyList<SlotLedgerEntry> entries)
    {
        var ids = new Guid?[entries.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = entries[i].ConnectionId?.Value;
        }

        return ids;
    }

    /// <summary>Any number of entries as one array per column, for shopiq.save_change.</summary>
    private static void AddEntries(NpgsqlCommand command, IReadOnlyList<SlotLedgerEntry> entries)
    {
        var n = entries.Count;
        var sequences = new long[n];
        var ats = new DateTime[n];
        var actorKinds = new string[n];
        var actorIds = new string[n];
        var kinds = new string[n];
        var providers = new string?[n];
        var descriptors = new string?[n];
        var descriptorKeys = new string?[n];
        var plans = new string[n];
        var allowances = new int?[n];
        var slots = new int[n];
        var credits = new int[n];
        var pendingUntils = new DateTime?[n];
        var reasons = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var e = entries[i];
            sequences[i] = e.Sequence;
            ats[i] = e.At.ToDateTimeUtc();
            actorKinds[i] = e.Actor.Kind.ToString();
            actorIds[i] = e.Actor.Id;
            kinds[i] = e.Kind.ToString();
            providers[i] = e.Provider?.Value;
            descriptors[i] = e.Descriptor is { } d ? DescriptorJson.Write(d) : null;
            descriptorKeys[i] = e.Descriptor?.Key.Value;
            plans[i] = e.PlanId.Value;
            allowances[i] = e.Allowance.Slots;
            slots[i] = e.SlotsInUse;
            credits[i] = e.AiCreditBalance;
            pendingUntils[i] = e.PendingUntil?.ToDateTimeUtc();
            reasons[i] = e.AttentionReason?.ToString();
        }

        Add(command.Parameters, sequences);
        Add(command.Parameters, ats, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        Add(command.Parameters, actorKinds);
        Add(command.Parameters, actorIds);
        Add(command.Parameters, kinds);
        Add(command.Parameters, providers, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(command.Parameters, descriptors, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(command.Parameters, descriptorKeys, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(command.Parameters, plans);
        Add(command.Parameters, allowances, NpgsqlDbType.Array | NpgsqlDbType.Integer);
        Add(command.Parameters, slots);
        Add(command.Parameters, credits);
        Add(command.Parameters, pendingUntils, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        Add(command.Parameters, reasons, NpgsqlDbType.Array | NpgsqlDbType.Text);
    }

    private async Task<SaveOutcome> SaveOnceAsync(StoreChange change, Guid changeId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var entries = change.Entries;
        var n = entries.Count;
        var record = change.Record;
        await using var command = _dataSource.CreateCommand(n == 1 ? SaveEntrySql : SaveSql);
        Add(command.Parameters, change.Store.Value);
        Add(command.Parameters, change.ExpectedVersion);
        Add(command.Parameters, changeId);
        if (n == 1)
        {
            AddEntry(command, entries[0]);
        }
        else
        {
            AddEntries(command, entries);
        }

        AddNullable(command.Parameters, change.Entries.Count > 0 ? change.NextReservationDeadline?.ToDateTimeUtc() : null, NpgsqlDbType.TimestampTz);
        AddNullable(command.Parameters, record?.Key.Value, NpgsqlDbType.Text);
        AddNullable(command.Parameters, record?.Fingerprint, NpgsqlDbType.Text);
        AddNullable(command.Parameters, record?.IsFinal, NpgsqlDbType.Boolean);
        AddNullable(command.Parameters, record?.Status.ToString(), NpgsqlDbType.Text);
        AddNullable(command.Parameters, null, NpgsqlDbType.Text); // outcome: version 2's column, no longer written
        AddNullable(command.Parameters, record?.IsSuccess, NpgsqlDbType.Boolean);
        AddNullable(command.Parameters, record?.Message, NpgsqlDbType.Text);
        AddNullable(command.Parameters, record?.Provider?.Value, NpgsqlDbType.Text);
        AddNullable(command.Parameters, record?.StoreVersion, NpgsqlDbType.Bigint);
        AddNullable(command.Parameters, record?.RecordedAt.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
        AddNullable(command.Parameters, change.Snapshot is { } snapshot ? Bytes(snapshot) : null, NpgsqlDbType.Bytea);
        Add(command.Parameters, change.CompletesUnfinishedRecord);
        AddNullable(command.Parameters, record?.ResultData, NpgsqlDbType.Text);
        if (n == 1)
        {
            AddNullable(command.Parameters, entries[0].ConnectionId?.Value, NpgsqlDbType.Uuid);
        }
        else
        {
            Add(command.Parameters, ConnectionIds(entries), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
        }

        AddNullable(command.Parameters, change.Events is { } events ? Bytes(events) : null, NpgsqlDbType.Bytea);

        string? answer;
        try
        {
            answer = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == KeyConflictState)
        {
            return SaveOutcome.KeyConflict;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.NotNullViolation)
        {
            throw new ArgumentException($"The change to store '{change.Store}' would break its ledger and was not written: {e.MessageText}", nameof(change), e);
        }

        switch (answer)
        {
            case "saved":
                return SaveOutcome.Saved;
            case "version_conflict":
                return SaveOutcome.VersionConflict;
            default:
                throw new InvalidOperationException($"shopiq.save_change answered '{answer}'; the schema may be from another version of this package.");
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_schemaReady)
            {
                await PostgreSqlStoreSchema.EnsureCreatedAsync(_dataSource, cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private async Task<T> WithRetriesAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransient(e)
                && NextWait(attempt, Stopwatch.GetElapsedTime(started), out var wait))
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The wait before retry <paramref name="attempt"/> + 1: doubling from the first delay, at most <see cref="MaxRetryWait"/>,
    /// jittered; false when the wait would end past the budget (counted from the first attempt), and the error is thrown.
    /// </summary>
    internal bool NextWait(int attempt, TimeSpan elapsed, out TimeSpan wait)
    {
        var doubled = _options.TransientRetryDelay * Math.Pow(2, Math.Min(attempt, 20));
        wait = (doubled < MaxRetryWait ? doubled : MaxRetryWait) * (0.5 + Random.Shared.NextDouble());
        return elapsed + wait <= _options.TransientRetryBudget;
    }
}
