using System.Buffers.Binary;
using System.Text;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The bytes of a <see cref="StoreSnapshot"/>: the format version (4 bytes), the state, and an FNV-1a 64-bit checksum of
/// everything before it (8 bytes). Little-endian; strings as UTF-8 with a 7-bit encoded length.
/// </summary>
/// <remarks>
/// Binary rather than JSON: it reads without building a document, with no property names to repeat per app
/// (measured with format 1: 636 and 658 bytes for the benchmark stores of 10 and 1,000,000 entries, apps' descriptors
/// included; format 2's setup formats add 969 bytes for the four built-in apps those stores keep, measured by a test, not
/// by the benchmark). The app table is written place by place, free places included, with its list
/// of free places, so a restored store lists, assesses and reuses places exactly as the store it was taken from.
/// Writing the same state always gives the same bytes, so two states can be compared by their bytes.
/// Format 2 keeps each setup field's <see cref="SetupFieldFormat"/>, so an app's descriptor reads back as the one it was
/// connected with; format 1 (without formats) is still read, its fields reading back with the default format of a field
/// declared without one, as the ledger entries of that time do.
/// Format 3 keeps each app's <see cref="ConnectionId"/> (16 bytes after its descriptor). Formats 1 and 2 are still read;
/// their apps get the id <see cref="ConnectionId.Derive"/> makes from the store, the provider and the app's connected-at
/// instant, which is the id a replay of the ledger entries of that time (without ids) derives too.
/// </remarks>
internal static class StoreSnapshotFormat
{
    /// <summary>The format written; a snapshot of this format, <see cref="WithoutConnectionIds"/> or <see cref="WithoutSetupFormats"/> is read, any other is not.</summary>
    public const int Version = 3;

    /// <summary>The second format, written before apps had connection ids.</summary>
    public const int WithoutConnectionIds = 2;

    /// <summary>The first format, written before setup fields declared their formats.</summary>
    public const int WithoutSetupFormats = 1;

    private const int ChecksumLength = sizeof(ulong);
    // Stryker disable once Boolean : equivalent; BinaryWriter never writes a byte order mark, and every string written or read is an id,
    // key or text whose own checks refuse a lone surrogate or the U+FFFD a lenient decoder would give
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes of a state.</summary>
    public static byte[] Write(LedgerState state)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new BinaryWriter(buffer, Utf8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(state.Id.Value);
            writer.Write(state.Version);
            writer.Write(state.AppsVersion);
            writer.Write(state.LastAt.ToUnixTimeTicks());
            writer.Write(state.PlanId.Value);
            writer.Write(state.Allowance.Slots ?? -1);
            writer.Write(state.AiCreditBalance);

            var keys = state.Apps.Keys;
            var apps = state.Apps.States;
            writer.Write(keys.Length);
            for (var i = 0; i < keys.Length; i++)
            {
                writer.Write(keys[i] is not null);
                if (keys[i] is not null)
                {
                    WriteApp(writer, ref apps[i]);
                }
            }

            var free = state.Apps.FreePlaces;
            writer.Write(free.Length);
            foreach (var place in free)
            {
                writer.Write(place);
            }

            // Stryker disable once Linq : equivalent; any fixed order keeps the bytes deterministic, and the reader takes the keys as a set
            var expired = state.Expired is null ? [] : state.Expired.Select(k => k.Value).Order(StringComparer.Ordinal).ToArray();
            writer.Write(expired.Length);
            foreach (var key in expired)
            {
                writer.Write(key);
            }
        }

        var length = (int)buffer.Length;
        var bytes = new byte[length + ChecksumLength];
        buffer.GetBuffer().AsSpan(0, length).CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(length), Checksum(bytes.AsSpan(0, length)));
        return bytes;
    }

    /// <summary>The state the bytes hold; null with the reason when they are not a sound snapshot of this format.</summary>
    public static LedgerState? TryRead(byte[] bytes, out string? problem)
    {
        if (bytes.Length < sizeof(int) + ChecksumLength)
        {
            problem = $"{bytes.Length} bytes are too few for a snapshot";
            return null;
        }

        var format = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (format is not (Version or WithoutConnectionIds or WithoutSetupFormats))
        {
            problem = $"the snapshot is of format {format}; this version of the library reads formats {WithoutSetupFormats} to {Version} only";
            return null;
        }

        var length = bytes.Length - ChecksumLength;
        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(length)) != Checksum(bytes.AsSpan(0, length)))
        {
            problem = "the snapshot's checksum does not match its bytes";
            return null;
        }

        try
        {
            // Stryker disable once Boolean : equivalent; the reader never writes
            using var reader = new BinaryReader(new MemoryStream(bytes, sizeof(int), length - sizeof(int), writable: false), Utf8);
            var state = Read(reader, format);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                problem = "the snapshot has bytes left over after its state";
                return null;
            }

            problem = null;
            return state;
        }
#pragma warning disable CA1031 // Whatever the bytes make a constructor or the reader throw, the answer is the same: not trusted.
        catch (Exception e)
#pragma warning restore CA1031
        {
            problem = $"the snapshot cannot be read: {e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    private static LedgerState Read(BinaryReader reader, int format)
    {
        var id = new StoreId(reader.ReadString());
        var version = reader.ReadInt64();
        var appsVersion = reader.ReadInt64();
        var lastAt = Instant.FromUnixTimeTicks(reader.ReadInt64());
        var planId = new PlanId(reader.ReadString());
        var slots = reader.ReadInt32();
        var allowance = slots == -1 ? SlotAllowance.Unlimited : SlotAllowance.Of(slots);
        var credits = reader.ReadInt32();
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(appsVersion, 1); // Opened sets it
        ArgumentOutOfRangeException.ThrowIfGreaterThan(appsVersion, version);
        ArgumentOutOfRangeException.ThrowIfNegative(credits);

        var end = reader.ReadInt32();
        ArgumentOutOfRangeException.ThrowIfNegative(end);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, reader.BaseStream.Length);
        var keys = new ProviderKey?[end];
        var apps = new AppState[end];
        var count = 0;
        for (var i = 0; i < end; i++)
        {
            if (reader.ReadBoolean())
            {
                apps[i] = ReadApp(reader, format, id);
                keys[i] = apps[i].Key;
                count++;
            }
        }

        var free = new int[reader.ReadInt32()];
        if (free.Length != end - count)
        {
            throw new InvalidDataException($"{free.Length} free places listed, but {end - count} places are free.");
        }

        for (var i = 0; i < free.Length; i++)
        {
            free[i] = reader.ReadInt32();
            if ((uint)free[i] >= (uint)end || keys[free[i]] is not null)
            {
                throw new InvalidDataException($"Free place {free[i]} is not a free place of the table.");
            }
        }

        if (free.Distinct().Count() != free.Length || keys.Where(k => k is not null).Distinct().Count() != count)
        {
            throw new InvalidDataException("A place is listed free twice, or an app holds two places.");
        }

        if (!allowance.Covers(count))
        {
            throw new InvalidDataException($"{count} apps hold a slot on an allowance of {allowance}.");
        }

        var expiredCount = reader.ReadInt32();
        ArgumentOutOfRangeException.ThrowIfNegative(expiredCount);
        var expired = new HashSet<ProviderKey>();
        for (var i = 0; i < expiredCount; i++)
        {
            expired.Add(new ProviderKey(reader.ReadString()));
        }

        return LedgerState.Restore(id, AppTable.Restore(keys, apps, free), planId, allowance, credits, version, appsVersion, lastAt, expired);
    }

    private static void WriteApp(BinaryWriter writer, ref AppState app)
    {
        WriteDescriptor(writer, app.Provider);
        WriteConnectionId(writer, app.ConnectionId);
        writer.Write((int)app.State);
        writer.Write(app.ConnectedAt.ToUnixTimeTicks());
        WriteInstant(writer, app.PendingUntil);
        WriteInstant(writer, app.LastActivityAt);
        writer.Write(app.AttentionReason.HasValue);
        if (app.AttentionReason is { } reason)
        {
            writer.Write((int)reason);
        }
    }

    private static AppState ReadApp(BinaryReader reader, int format, StoreId store)
    {
        var app = default(AppState);
        var provider = ReadDescriptor(reader, format);
        var connection = format >= Version ? ReadConnectionId(reader) : null;
        var state = Preconditions.CheckDefined((ConnectionState)reader.ReadInt32(), "state");
        var connectedAt = Instant.FromUnixTimeTicks(reader.ReadInt64());
        var pendingUntil = ReadInstant(reader);
        if ((state == ConnectionState.Pending) != pendingUntil.HasValue || state == ConnectionState.Disconnected)
        {
            throw new InvalidDataException($"App '{provider.Key}' is {state} with{(pendingUntil.HasValue ? "" : "out")} a deadline.");
        }

        app.Start(provider, connection ?? ConnectionId.Derive(store, provider.Key, connectedAt), state, connectedAt, pendingUntil);
        app.LastActivityAt = ReadInstant(reader);
        app.AttentionReason = reader.ReadBoolean() ? Preconditions.CheckDefined((AttentionReason)reader.ReadInt32(), "reason") : null;
        return app;
    }

    internal static void WriteDescriptor(BinaryWriter writer, ProviderDescriptor descriptor)
    {
        writer.Write(descriptor.Key.Value);
        writer.Write(descriptor.DisplayName);
        writer.Write((int)descriptor.Category);
        writer.Write(descriptor.Workflows.Count);
        foreach (var flow in descriptor.Workflows)
        {
            writer.Write((int)flow);
        }

        writer.Write(descriptor.SetupFields.Count);
        foreach (var field in descriptor.SetupFields)
        {
            writer.Write(field.Name);
            writer.Write(field.DisplayName);
            writer.Write((int)field.Requirement);
            writer.Write(field.IsSecret);
            writer.Write(field.IsRequired);
            WriteSetupFormat(writer, field.Format);
        }

        writer.Write(descriptor.SupportsSelfServiceDisconnect);
        writer.Write((int)descriptor.Availability);
    }

    internal static ProviderDescriptor ReadDescriptor(BinaryReader reader, int format)
    {
        var key = new ProviderKey(reader.ReadString());
        var displayName = reader.ReadString();
        var category = (ProviderCategory)reader.ReadInt32();
        var workflows = new CommerceWorkflow[Count(reader)];
        for (var i = 0; i < workflows.Length; i++)
        {
            workflows[i] = (CommerceWorkflow)reader.ReadInt32();
        }

        var fields = new SetupField[Count(reader)];
        for (var i = 0; i < fields.Length; i++)
        {
            var (name, label, requirement, isSecret, isRequired) = (reader.ReadString(), reader.ReadString(), (SetupRequirement)reader.ReadInt32(), reader.ReadBoolean(), reader.ReadBoolean());
            fields[i] = format == WithoutSetupFormats
                ? new SetupField(name, label, requirement, isSecret, isRequired)
                : new SetupField(name, label, requirement, isSecret, isRequired, ReadSetupFormat(reader));
        }

        // The descriptor's constructor checks every part: an enum value out of range or a bad name throws here.
        return new ProviderDescriptor(key, displayName, category, workflows, fields, reader.ReadBoolean(), (ProviderAvailability)reader.ReadInt32());
    }

    private static void WriteSetupFormat(BinaryWriter writer, SetupFieldFormat format)
    {
        writer.Write((int)format.Kind);
        writer.Write(format.MinLength);
        writer.Write(format.MaxLength);
        writer.Write(format.RegularExpression ?? string.Empty);
        writer.Write(format.Description);
    }

    // Through the public factories, so a format read back is checked as one declared in code.
    private static SetupFieldFormat ReadSetupFormat(BinaryReader reader) =>
        SetupFieldFormat.Restore((SetupFieldFormatKind)reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString(), reader.ReadString());

    internal static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, reader.BaseStream.Length);
        return count;
    }

    internal static void WriteConnectionId(BinaryWriter writer, ConnectionId connection)
    {
        Span<byte> bytes = stackalloc byte[16];
        connection.Value.TryWriteBytes(bytes);
        writer.Write(bytes);
    }

    internal static ConnectionId ReadConnectionId(BinaryReader reader) => new(new Guid(reader.ReadBytes(16)));

    internal static void WriteInstant(BinaryWriter writer, Instant? instant)
    {
        writer.Write(instant.HasValue);
        if (instant is { } value)
        {
            writer.Write(value.ToUnixTimeTicks());
        }
    }

    internal static Instant? ReadInstant(BinaryReader reader) => reader.ReadBoolean() ? Instant.FromUnixTimeTicks(reader.ReadInt64()) : null;

    /// <summary>FNV-1a, 64 bits: enough to find bytes changed by accident in storage, which is all it is for.</summary>
    internal static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
