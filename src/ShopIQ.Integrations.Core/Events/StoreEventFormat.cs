using System.Buffers.Binary;
using System.Text;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The bytes of a <see cref="ChangeEvents"/>: the format version (4 bytes), the number of events, each event as a tag
/// byte and its properties, and an FNV-1a 64-bit checksum of everything before it (8 bytes). Little-endian; strings as
/// UTF-8 with a 7-bit encoded length, as in the snapshot format.
/// </summary>
/// <remarks>
/// The store is not written: the bytes sit beside the ledger entry they belong to, which names it. A tag is never reused:
/// an event type added later takes the next one. Events live as long as the ledger, so every format written is read by
/// every later version of the library.
/// </remarks>
internal static class StoreEventFormat
{
    /// <summary>The format written and read.</summary>
    public const int Version = 1;

    private const int ChecksumLength = sizeof(ulong);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private enum Tag : byte
    {
        AllowanceRaised = 1,
        AppConnected = 2,
        AppDisconnected = 3,
        AppNeedsAttention = 4,
        AppReconnected = 5,
        AppReplaced = 6,
        ConnectionActivated = 7,
        ConnectionReserved = 8,
        PlanChanged = 9,
        ReservationExpired = 10,
        ReservationReleased = 11,
        SlotsNearlyFull = 12,
    }

    /// <summary>Whether an event is kept with its change (every event but a refusal at the limit, which saves no entry).</summary>
    public static bool IsKept(StoreEvent storeEvent) => storeEvent is not ConnectRefusedAtLimit;

    /// <summary>The bytes of events that are all kept (<see cref="IsKept"/>).</summary>
    public static byte[] Write(IReadOnlyList<StoreEvent> events)
    {
        using var buffer = new MemoryStream(64 * (events.Count + 1));
        using (var writer = new BinaryWriter(buffer, Utf8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(events.Count);
            foreach (var e in events)
            {
                WriteEvent(writer, e);
            }
        }

        var length = (int)buffer.Length;
        var bytes = new byte[length + ChecksumLength];
        buffer.GetBuffer().AsSpan(0, length).CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(length), StoreSnapshotFormat.Checksum(bytes.AsSpan(0, length)));
        return bytes;
    }

    /// <summary>The events the bytes hold, of the store they are kept for.</summary>
    /// <exception cref="FormatException">The bytes are not events of this format, or were changed in storage.</exception>
    public static IReadOnlyList<StoreEvent> Read(StoreId store, byte[] bytes)
    {
        if (bytes.Length < (2 * sizeof(int)) + ChecksumLength)
        {
            throw new FormatException($"{bytes.Length} bytes are too few for the events of a change.");
        }

        var format = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (format != Version)
        {
            throw new FormatException($"The events are of format {format}; this version of the library reads format {Version}.");
        }

        var length = bytes.Length - ChecksumLength;
        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(length)) != StoreSnapshotFormat.Checksum(bytes.AsSpan(0, length)))
        {
            throw new FormatException("The checksum of the events does not match their bytes.");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, sizeof(int), length - sizeof(int), writable: false), Utf8);
            var events = new StoreEvent[StoreSnapshotFormat.Count(reader)];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = ReadEvent(reader, store);
            }

            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new FormatException("The events have bytes left over after them.");
            }

            return Array.AsReadOnly(events);
        }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException or DecoderFallbackException or IOException)
        {
            throw new FormatException($"The events cannot be read: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static void WriteEvent(BinaryWriter writer, StoreEvent e)
    {
        writer.Write((byte)TagOf(e));
        writer.Write((byte)e.Actor.Kind);
        writer.Write(e.Actor.Id);
        writer.Write(e.At.ToUnixTimeTicks());
        switch (e)
        {
            case AllowanceRaised x:
                writer.Write(x.Plan.Value);
                WriteAllowance(writer, x.From);
                WriteAllowance(writer, x.To);
                break;
            case AppConnected x:
                WriteApp(writer, x.Provider, x.ConnectionId);
                writer.Write((int)x.Category);
                WriteCount(writer, x.SlotsInUse, x.Allowance);
                break;
            case AppDisconnected x:
                WriteApp(writer, x.Provider, x.ConnectionId);
                WriteCount(writer, x.SlotsInUse, x.Allowance);
                break;
            case AppNeedsAttention x:
                WriteApp(writer, x.Provider, x.ConnectionId);
                writer.Write((int)x.Reason);
                break;
            case AppReconnected x:
                WriteApp(writer, x.Provider, x.ConnectionId);
                break;
            case AppReplaced x:
                WriteApp(writer, x.Replaced, x.ReplacedConnectionId);
                WriteApp(writer, x.Replacement, x.ConnectionId);
                WriteCount(writer, x.SlotsInUse, x.Allowance);
                break;
            case ConnectionActivated x:
                WriteApp(writer, x.Provider, x.ConnectionId);
                break;
            case ConnectionReserved x:
                WriteApp(writer, x.Provider, x.ConnectionId);
                writer.Write(x.PendingUntil.ToUnixTimeTicks());
                WriteCount(writer, x.SlotsInUse, x.Allowance);
                break;
            case PlanChanged x:
                writer.Write(x.From.Value);
                writer.Write(x.To.Value);
                WriteCount(writer, x.SlotsInUse, x.Allowance);
                break;
            case ReservationExpired x:
                WriteApp(writer, x.Provider, x.ConnectionId);
                writer.Write(x.Deadline.ToUnixTimeTicks());
                WriteCount(writer, x.SlotsInUse, x.Allowance);
                break;
            case ReservationReleased x:
                WriteApp(writer, x.Provider, x.ConnectionId);
                WriteCount(writer, x.SlotsInUse, x.Allowance);
                break;
            case SlotsNearlyFull x:
                WriteCount(writer, x.SlotsInUse, x.Allowance);
                writer.Write(x.Threshold);
                break;
            default:
                throw new InvalidOperationException($"{e.GetType().Name} has no place in the events format.");
        }
    }

    private static StoreEvent ReadEvent(BinaryReader reader, StoreId store)
    {
        var tag = (Tag)reader.ReadByte();
        var actor = new Actor((ActorKind)reader.ReadByte(), reader.ReadString());
        var at = Instant.FromUnixTimeTicks(reader.ReadInt64());
        switch (tag)
        {
            case Tag.AllowanceRaised:
                return new AllowanceRaised(store, actor, at, new PlanId(reader.ReadString()), ReadAllowance(reader), ReadAllowance(reader));
            case Tag.AppConnected:
            {
                var (provider, connection) = ReadApp(reader);
                var category = (ProviderCategory)reader.ReadInt32();
                var (slots, allowance) = ReadCount(reader);
                return new AppConnected(store, actor, at, provider, connection, category, slots, allowance);
            }

            case Tag.AppDisconnected:
            {
                var (provider, connection) = ReadApp(reader);
                var (slots, allowance) = ReadCount(reader);
                return new AppDisconnected(store, actor, at, provider, connection, slots, allowance);
            }

            case Tag.AppNeedsAttention:
            {
                var (provider, connection) = ReadApp(reader);
                return new AppNeedsAttention(store, actor, at, provider, connection, (AttentionReason)reader.ReadInt32());
            }

            case Tag.AppReconnected:
            {
                var (provider, connection) = ReadApp(reader);
                return new AppReconnected(store, actor, at, provider, connection);
            }

            case Tag.AppReplaced:
            {
                var (replaced, replacedConnection) = ReadApp(reader);
                var (replacement, connection) = ReadApp(reader);
                var (slots, allowance) = ReadCount(reader);
                return new AppReplaced(store, actor, at, replaced, replacedConnection, replacement, connection, slots, allowance);
            }

            case Tag.ConnectionActivated:
            {
                var (provider, connection) = ReadApp(reader);
                return new ConnectionActivated(store, actor, at, provider, connection);
            }

            case Tag.ConnectionReserved:
            {
                var (provider, connection) = ReadApp(reader);
                var pendingUntil = Instant.FromUnixTimeTicks(reader.ReadInt64());
                var (slots, allowance) = ReadCount(reader);
                return new ConnectionReserved(store, actor, at, provider, connection, pendingUntil, slots, allowance);
            }

            case Tag.PlanChanged:
            {
                var from = new PlanId(reader.ReadString());
                var to = new PlanId(reader.ReadString());
                var (slots, allowance) = ReadCount(reader);
                return new PlanChanged(store, actor, at, from, to, allowance, slots);
            }

            case Tag.ReservationExpired:
            {
                var (provider, connection) = ReadApp(reader);
                var deadline = Instant.FromUnixTimeTicks(reader.ReadInt64());
                var (slots, allowance) = ReadCount(reader);
                return new ReservationExpired(store, actor, at, provider, connection, deadline, slots, allowance);
            }

            case Tag.ReservationReleased:
            {
                var (provider, connection) = ReadApp(reader);
                var (slots, allowance) = ReadCount(reader);
                return new ReservationReleased(store, actor, at, provider, connection, slots, allowance);
            }

            case Tag.SlotsNearlyFull:
            {
                var (slots, allowance) = ReadCount(reader);
                return new SlotsNearlyFull(store, actor, at, slots, allowance, reader.ReadDouble());
            }

            default:
                throw new FormatException($"Event tag {(byte)tag} is not one this version of the library knows.");
        }
    }

    private static Tag TagOf(StoreEvent e) => e switch
    {
        AllowanceRaised => Tag.AllowanceRaised,
        AppConnected => Tag.AppConnected,
        AppDisconnected => Tag.AppDisconnected,
        AppNeedsAttention => Tag.AppNeedsAttention,
        AppReconnected => Tag.AppReconnected,
        AppReplaced => Tag.AppReplaced,
        ConnectionActivated => Tag.ConnectionActivated,
        ConnectionReserved => Tag.ConnectionReserved,
        PlanChanged => Tag.PlanChanged,
        ReservationExpired => Tag.ReservationExpired,
        ReservationReleased => Tag.ReservationReleased,
        SlotsNearlyFull => Tag.SlotsNearlyFull,
        _ => throw new InvalidOperationException($"{e.GetType().Name} has no place in the events format."),
    };

    private static void WriteApp(BinaryWriter writer, ProviderKey provider, ConnectionId connection)
    {
        writer.Write(provider.Value);
        StoreSnapshotFormat.WriteConnectionId(writer, connection);
    }

    private static (ProviderKey Provider, ConnectionId Connection) ReadApp(BinaryReader reader) =>
        (new ProviderKey(reader.ReadString()), StoreSnapshotFormat.ReadConnectionId(reader));

    private static void WriteCount(BinaryWriter writer, int slotsInUse, SlotAllowance allowance)
    {
        writer.Write(slotsInUse);
        WriteAllowance(writer, allowance);
    }

    private static (int SlotsInUse, SlotAllowance Allowance) ReadCount(BinaryReader reader) => (reader.ReadInt32(), ReadAllowance(reader));

    private static void WriteAllowance(BinaryWriter writer, SlotAllowance allowance) => writer.Write(allowance.Slots ?? -1);

    private static SlotAllowance ReadAllowance(BinaryReader reader) => reader.ReadInt32() is var slots && slots == -1 ? SlotAllowance.Unlimited : SlotAllowance.Of(slots);
}
