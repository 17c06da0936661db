using System.Globalization;
using System.Runtime.InteropServices;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
namespace ShopIQ.Integrations.Core.PostgreSql;

/// <summary>The event feed and the subscriptions' state (<see cref="IStoreEventLog"/>), in the same database as the ledger.</summary>
/// <remarks>
/// A change's events are written by <c>shopiq.save_change</c> into the <c>events</c> column of the change's last ledger row,
/// and each ledger row records the id of the transaction that wrote it (<c>tx_id</c>, an <c>xid8</c>). The feed reads
/// rows in (<c>tx_id</c>, <c>sequence</c>) order, and only rows whose transaction id is below
/// <c>pg_snapshot_xmin(pg_current_snapshot())</c>: every transaction below it has ended, and every one still running, or
/// started later, is at or above it, so a row can never appear behind a position the feed has moved past. Leases are
/// measured by the server's clock (<c>clock_timestamp()</c>), not the callers'.
/// </remarks>
public sealed partial class PostgreSqlStoreRepository : IStoreEventLog
{
    // ORDER BY names the column through its table (l.tx_id): a bare tx_id there would mean the output column tx_id::text
    // (ORDER BY prefers output names), and ordering ids as text puts 1000 before 747, so a page could jump past rows.
    private const string ReadFeedSql =
        "SELECT l.tx_id::text, l.store_id, l.sequence, l.events FROM shopiq.ledger l " +
        "WHERE l.events IS NOT NULL AND (l.tx_id, l.sequence) > ($1::text::xid8, $2) AND l.tx_id < pg_snapshot_xmin(pg_current_snapshot()) " +
        "ORDER BY l.tx_id, l.sequence LIMIT $3";

    private const string ReadFeedHeadSql =
        "SELECT l.tx_id::text, l.sequence FROM shopiq.ledger l " +
        "WHERE l.events IS NOT NULL AND l.tx_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY l.tx_id DESC, l.sequence DESC LIMIT 1";

    private const string LeaseSql =
        "INSERT INTO shopiq.subscriptions AS s (name, checkpoint_commit, checkpoint_sequence, holder, lease_until) " +
        "VALUES ($1, 0, 0, $2, clock_timestamp() + $3) " +
        "ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until " +
        "WHERE s.holder IS NULL OR s.holder = EXCLUDED.holder OR s.lease_until <= clock_timestamp() " +
        "RETURNING checkpoint_commit, checkpoint_sequence, lease_until";

    private const string CheckpointSql =
        "UPDATE shopiq.subscriptions SET " +
        "checkpoint_commit = CASE WHEN ($3::bigint, $4::bigint) > (checkpoint_commit, checkpoint_sequence) THEN $3 ELSE checkpoint_commit END, " +
        "checkpoint_sequence = CASE WHEN ($3::bigint, $4::bigint) > (checkpoint_commit, checkpoint_sequence) THEN $4 ELSE checkpoint_sequence END, " +
        "lease_until = clock_timestamp() + $5 " +
        "WHERE name = $1 AND holder = $2 AND lease_until > clock_timestamp()";

    private const string ReleaseSql =
        "UPDATE shopiq.subscriptions SET holder = NULL, lease_until = NULL WHERE name = $1 AND holder = $2";

    private const string ParkSql =
        "INSERT INTO shopiq.parked_events (subscription, store_id, sequence, event_index, commit_number, attempts, reason, parked_at) " +
        "SELECT $1, $3, $4, $5, $6, $7, $8, $9 WHERE EXISTS " +
        "(SELECT 1 FROM shopiq.subscriptions WHERE name = $1 AND holder = $2 AND lease_until > clock_timestamp()) " +
        "ON CONFLICT (subscription, store_id, sequence, event_index) DO UPDATE SET attempts = EXCLUDED.attempts, reason = EXCLUDED.reason, parked_at = EXCLUDED.parked_at";

    private const string ReadParkedSql =
        "SELECT p.store_id, p.sequence, p.event_index, p.commit_number, p.attempts, p.reason, p.parked_at, l.events " +
        "FROM shopiq.parked_events p JOIN shopiq.ledger l ON l.store_id = p.store_id AND l.sequence = p.sequence " +
        "WHERE p.subscription = $1 ORDER BY p.commit_number, p.sequence, p.event_index LIMIT $2";

    private const string RemoveParkedSql =
        "DELETE FROM shopiq.parked_events WHERE subscription = $1 AND store_id = $2 AND sequence = $3 AND event_index = $4";

    /// <inheritdoc />
    public Task<FeedPage> ReadFeedAsync(FeedPosition after, int maxEvents, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEvents);
        return WithRetriesAsync(
            async ct =>
            {
                await EnsureSchemaAsync(ct).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand(ReadFeedSql);
                Add(command.Parameters, after.Commit.ToString(CultureInfo.InvariantCulture));
                Add(command.Parameters, after.Sequence);
                Add(command.Parameters, maxEvents);
                var changes = new List<(FeedPosition Position, ChangeEvents Events)>();
                await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        var sequence = reader.GetInt64(2);
                        changes.Add((
                            new FeedPosition(long.Parse(reader.GetString(0), CultureInfo.InvariantCulture), sequence),
                            ChangeEvents.FromBytes(new StoreId(reader.GetString(1)), sequence, reader.GetFieldValue<byte[]>(3))));
                    }
                }

                return FeedPages.Of(changes, after, maxEvents);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<FeedPosition> ReadFeedHeadAsync(CancellationToken cancellationToken) =>
        WithRetriesAsync(
            async ct =>
            {
                await EnsureSchemaAsync(ct).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand(ReadFeedHeadSql);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false)
                    ? new FeedPosition(long.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetInt64(1))
                    : FeedPosition.Start;
            },
            cancellationToken);

    /// <inheritdoc />
    /// <remarks>The lease is measured by the database server's clock; <paramref name="now"/> is not used.</remarks>
    public Task<SubscriptionLease?> TryLeaseSubscriptionAsync(string subscription, string holder, Duration leaseTime, Instant now, CancellationToken cancellationToken)
    {
        FeedPages.CheckLease(subscription, holder, leaseTime);
        return WithRetriesAsync<SubscriptionLease?>(
            async ct =>
            {
                await EnsureSchemaAsync(ct).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand(LeaseSql);
                Add(command.Parameters, subscription);
                Add(command.Parameters, holder);
                Add(command.Parameters, leaseTime.ToTimeSpan(), NpgsqlDbType.Interval);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false)
                    ? new SubscriptionLease(subscription, holder, new FeedPosition(reader.GetInt64(0), reader.GetInt64(1)), Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(2)))
                    : null;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The lease is measured by the database server's clock; <paramref name="now"/> is not used.</remarks>
    public Task<bool> CheckpointSubscriptionAsync(string subscription, string holder, FeedPosition checkpoint, Duration leaseTime, Instant now, CancellationToken cancellationToken)
    {
        FeedPages.CheckLease(subscription, holder, leaseTime);
        return WithRetriesAsync(
            async ct =>
            {
                await EnsureSchemaAsync(ct).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand(CheckpointSql);
                Add(command.Parameters, subscription);
                Add(command.Parameters, holder);
                Add(command.Parameters, checkpoint.Commit);
                Add(command.Parameters, checkpoint.Sequence);
                Add(command.Parameters, leaseTime.ToTimeSpan(), NpgsqlDbType.Interval);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseSubscriptionAsync(string subscription, string holder, CancellationToken cancellationToken)
    {
        FeedPages.CheckNames(subscription, holder);
        return WithRetriesAsync(
            async ct =>
            {
                await EnsureSchemaAsync(ct).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand(ReleaseSql);
                Add(command.Parameters, subscription);
                Add(command.Parameters, holder);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The lease is measured by the database server's clock; <paramref name="now"/> is not used.</remarks>
    public Task<bool> ParkEventAsync(ParkedEvent parked, string holder, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parked);
        FeedPages.CheckNames(parked.Subscription, holder);
        return WithRetriesAsync(
            async ct =>
            {
                await EnsureSchemaAsync(ct).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand(ParkSql);
                var id = parked.Event.Id;
                Add(command.Parameters, parked.Subscription);
                Add(command.Parameters, holder);
                Add(command.Parameters, id.Store.Value);
                Add(command.Parameters, id.Sequence);
                Add(command.Parameters, id.Index);
                Add(command.Parameters, parked.Event.Position.Commit);
                Add(command.Parameters, parked.Attempts);
                Add(command.Parameters, parked.Reason);
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = parked.ParkedAt.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ParkedEvent>> ReadParkedEventsAsync(string subscription, int limit, CancellationToken cancellationToken)
    {
        FeedPages.CheckName(subscription);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return WithRetriesAsync<IReadOnlyList<ParkedEvent>>(
            async ct =>
            {
                await EnsureSchemaAsync(ct).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand(ReadParkedSql);
                Add(command.Parameters, subscription);
                Add(command.Parameters, limit);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var parked = new List<ParkedEvent>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var store = new StoreId(reader.GetString(0));
                    var sequence = reader.GetInt64(1);
                    var index = reader.GetInt32(2);
                    var events = ChangeEvents.FromBytes(store, sequence, reader.GetFieldValue<byte[]>(7)).ToFeedEvents(new FeedPosition(reader.GetInt64(3), sequence));
                    parked.Add(new ParkedEvent(subscription, events[index], reader.GetInt32(4), reader.GetString(5), Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(6))));
                }

                return parked;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveParkedEventAsync(string subscription, StoreEventId id, CancellationToken cancellationToken)
    {
        FeedPages.CheckName(subscription);
        ArgumentNullException.ThrowIfNull(id);
        return WithRetriesAsync(
            async ct =>
            {
                await EnsureSchemaAsync(ct).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand(RemoveParkedSql);
                Add(command.Parameters, subscription);
                Add(command.Parameters, id.Store.Value);
                Add(command.Parameters, id.Sequence);
                Add(command.Parameters, id.Index);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    /// <summary>The events' bytes as the array they are kept in (no copy).</summary>
    private static byte[] Bytes(ChangeEvents events) =>
        MemoryMarshal.TryGetArray(events.ToBytes(), out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : events.ToBytes().ToArray();
}
