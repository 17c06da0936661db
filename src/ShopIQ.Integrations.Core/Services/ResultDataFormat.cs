using System.Text;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The part of a result an idempotency record keeps beyond its status and message (its app and typed details), so that a
/// replay answers the same shape as the first run: <c>r2.</c> then the base64 of a binary layout written and read only here.
/// </summary>
/// <remarks>
/// Descriptors are written as the current snapshot format writes them (<see cref="StoreSnapshotFormat.Version"/>). A record is kept for the idempotency retention (a day by default), so the layout only has to be read by the versions
/// deployed within that time: a text this version cannot read (another prefix, damaged bytes) replays without app and
/// details rather than failing the command. <c>r2.</c> added the app's connection id after its descriptor; an <c>r1.</c>
/// text (no id, and no store to derive one from) is such a text. Setup values never reach it: outcomes carry descriptors, never setups.
/// </remarks>
internal static class ResultDataFormat
{
    private const string Prefix = "r2.";
    // Stryker disable once Boolean : equivalent; BinaryWriter never writes a byte order mark, and every string written or read is an id,
    // key or text whose own checks refuse a lone surrogate or the U+FFFD a lenient decoder would give
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private enum Kind
    {
        None = 0,
        Guidance = 1,
        SetupInvalid = 2,
        Impact = 3,
        Replacement = 4,
        Plan = 5,
        Downgrade = 6,
        Availability = 7,
        NativeFeature = 8,
        Support = 9,
    }

    /// <summary>The text for a result's app and details; null when it has neither.</summary>
    public static string? Write(ConnectedApp? app, OutcomeDetails? details)
    {
        if (app is null && details is null)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Utf8, leaveOpen: true))
        {
            writer.Write(app is not null);
            if (app is not null)
            {
                WriteApp(writer, app);
            }

            WriteDetails(writer, details);
        }

        return Prefix + Convert.ToBase64String(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>The app and details a text holds; both null for a text this version cannot read.</summary>
    public static (ConnectedApp? App, OutcomeDetails? Details) Read(string? text)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (null, null);
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(Convert.FromBase64String(text[Prefix.Length..])), Utf8);
            var app = reader.ReadBoolean() ? ReadApp(reader) : null;
            var details = ReadDetails(reader);
            return reader.BaseStream.Position == reader.BaseStream.Length ? (app, details) : (null, null);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or IOException or ArgumentException or InvalidDataException or DecoderFallbackException)
        {
            return (null, null);
        }
    }

    private static void WriteDetails(BinaryWriter writer, OutcomeDetails? details)
    {
        switch (details)
        {
            case null:
                writer.Write((int)Kind.None);
                break;
            case LimitGuidance guidance:
                writer.Write((int)Kind.Guidance);
                writer.Write(guidance.SlotsInUse);
                WriteAllowance(writer, guidance.Allowance);
                writer.Write(guidance.Options.Count);
                foreach (var option in guidance.Options)
                {
                    writer.Write((int)option.Kind);
                    writer.Write(option.Description);
                    WriteList(writer, option.Apps, WriteApp);
                    WriteList(writer, option.Plans, WritePlan);
                    writer.Write(option.Support is not null);
                    if (option.Support is { } support)
                    {
                        WriteSupport(writer, support);
                    }
                }

                break;
            case SetupInvalidDetails setup:
                writer.Write((int)Kind.SetupInvalid);
                WriteList(writer, setup.Errors, static (w, e) =>
                {
                    w.Write(e.Field);
                    w.Write(e.Reason);
                });
                break;
            case ImpactDetails impact:
                writer.Write((int)Kind.Impact);
                WriteAssessment(writer, impact.Assessment);
                break;
            case ReplacementDetails replacement:
                writer.Write((int)Kind.Replacement);
                WriteAssessment(writer, replacement.Assessment);
                WriteList(writer, replacement.WorkflowsToTest, static (w, f) => w.Write((int)f));
                break;
            case PlanDetails plan:
                writer.Write((int)Kind.Plan);
                WritePlan(writer, plan.Plan);
                break;
            case DowngradeDetails downgrade:
                writer.Write((int)Kind.Downgrade);
                WritePlan(writer, downgrade.Plan);
                writer.Write(downgrade.AppsToDisconnect);
                break;
            case AvailabilityDetails availability:
                writer.Write((int)Kind.Availability);
                writer.Write((int)availability.Availability);
                break;
            case NativeFeatureDetails feature:
                writer.Write((int)Kind.NativeFeature);
                writer.Write((int)feature.Feature);
                break;
            case SupportDetails support:
                writer.Write((int)Kind.Support);
                WriteSupport(writer, support.Support);
                break;
            default:
                throw new InvalidOperationException($"Details of type {details.GetType().Name} have no stored form.");
        }
    }

    private static OutcomeDetails? ReadDetails(BinaryReader reader)
    {
        switch ((Kind)reader.ReadInt32())
        {
            case Kind.None:
                return null;
            case Kind.Guidance:
                var slotsInUse = reader.ReadInt32();
                var allowance = ReadAllowance(reader);
                var options = new LimitOption[StoreSnapshotFormat.Count(reader)];
                for (var i = 0; i < options.Length; i++)
                {
                    var kind = Preconditions.CheckDefined((LimitOptionKind)reader.ReadInt32(), "kind");
                    var description = reader.ReadString();
                    var apps = ReadList(reader, ReadApp);
                    var plans = ReadList(reader, ReadPlan);
                    var support = reader.ReadBoolean() ? ReadSupport(reader) : null;
                    options[i] = new LimitOption(kind, description, apps, plans, support);
                }

                return new LimitGuidance(slotsInUse, allowance, options);
            case Kind.SetupInvalid:
                return new SetupInvalidDetails(Array.AsReadOnly(ReadList(reader, static r => new SetupFieldError(r.ReadString(), r.ReadString()))));
            case Kind.Impact:
                return new ImpactDetails(ReadAssessment(reader));
            case Kind.Replacement:
                var assessment = ReadAssessment(reader);
                return new ReplacementDetails(assessment, Array.AsReadOnly(ReadList(reader, static r => Preconditions.CheckDefined((CommerceWorkflow)r.ReadInt32(), "workflow"))));
            case Kind.Plan:
                return new PlanDetails(ReadPlan(reader));
            case Kind.Downgrade:
                return new DowngradeDetails(ReadPlan(reader), reader.ReadInt32());
            case Kind.Availability:
                return new AvailabilityDetails(Preconditions.CheckDefined((ProviderAvailability)reader.ReadInt32(), "availability"));
            case Kind.NativeFeature:
                return new NativeFeatureDetails(Preconditions.CheckDefined((NativeFeature)reader.ReadInt32(), "feature"));
            case Kind.Support:
                return new SupportDetails(ReadSupport(reader));
            default:
                throw new InvalidDataException("Unknown kind of details.");
        }
    }

    private static void WriteAssessment(BinaryWriter writer, ImpactAssessment assessment)
    {
        writer.Write(assessment.StoreId.Value);
        WriteApp(writer, assessment.App);
        WriteList(writer, assessment.AlongWith, static (w, k) => w.Write(k.Value));
        writer.Write(assessment.AppsVersion);
        writer.Write(assessment.AssessedAt.ToUnixTimeTicks());
        writer.Write(assessment.RequiresAcknowledgement);
        WriteList(writer, assessment.Workflows, static (w, impact) =>
        {
            w.Write((int)impact.Workflow);
            w.Write(impact.Stops || impact.StillCovered);
            WriteList(w, impact.CoveredBy, static (w2, k) => w2.Write(k.Value));
            w.Write((int)impact.Affected);
            w.Write((int)impact.Severity);
        });
    }

    private static ImpactAssessment ReadAssessment(BinaryReader reader)
    {
        var store = new StoreId(reader.ReadString());
        var app = ReadApp(reader);
        var alongWith = Array.AsReadOnly(ReadList(reader, static r => new ProviderKey(r.ReadString())));
        var appsVersion = reader.ReadInt64();
        var assessedAt = Instant.FromUnixTimeTicks(reader.ReadInt64());
        var requiresAcknowledgement = reader.ReadBoolean();
        var workflows = ReadList(reader, static r => new WorkflowImpact(
            Preconditions.CheckDefined((CommerceWorkflow)r.ReadInt32(), "workflow"),
            r.ReadBoolean(),
            Array.AsReadOnly(ReadList(r, static r2 => new ProviderKey(r2.ReadString()))),
            (AffectedParties)r.ReadInt32(),
            Preconditions.CheckDefined((ImpactSeverity)r.ReadInt32(), "severity")));
        return new ImpactAssessment(store, app, alongWith, appsVersion, assessedAt, requiresAcknowledgement, Array.AsReadOnly(workflows));
    }

    private static void WriteApp(BinaryWriter writer, ConnectedApp app)
    {
        StoreSnapshotFormat.WriteDescriptor(writer, app.Provider);
        StoreSnapshotFormat.WriteConnectionId(writer, app.ConnectionId);
        writer.Write((int)app.State);
        writer.Write(app.ConnectedAt.ToUnixTimeTicks());
        StoreSnapshotFormat.WriteInstant(writer, app.PendingUntil);
        StoreSnapshotFormat.WriteInstant(writer, app.LastActivityAt);
        writer.Write(app.AttentionReason.HasValue);
        if (app.AttentionReason is { } reason)
        {
            writer.Write((int)reason);
        }
    }

    private static ConnectedApp ReadApp(BinaryReader reader) => new(
        StoreSnapshotFormat.ReadDescriptor(reader, StoreSnapshotFormat.Version),
        StoreSnapshotFormat.ReadConnectionId(reader),
        Preconditions.CheckDefined((ConnectionState)reader.ReadInt32(), "state"),
        Instant.FromUnixTimeTicks(reader.ReadInt64()),
        StoreSnapshotFormat.ReadInstant(reader),
        StoreSnapshotFormat.ReadInstant(reader),
        reader.ReadBoolean() ? Preconditions.CheckDefined((AttentionReason)reader.ReadInt32(), "reason") : null);

    private static void WritePlan(BinaryWriter writer, Plan plan)
    {
        writer.Write(plan.Id.Value);
        writer.Write(plan.Name);
        writer.Write(plan.Tier);
        WriteAllowance(writer, plan.ConnectedApps);
        writer.Write(plan.AiCredits);
    }

    private static Plan ReadPlan(BinaryReader reader) =>
        new(new PlanId(reader.ReadString()), reader.ReadString(), reader.ReadInt32(), ReadAllowance(reader), reader.ReadInt32());

    private static void WriteSupport(BinaryWriter writer, SupportRoute support)
    {
        writer.Write(support.Support);
        writer.Write(support.ImplementationPartner);
    }

    private static SupportRoute ReadSupport(BinaryReader reader) => new(reader.ReadString(), reader.ReadString());

    private static void WriteAllowance(BinaryWriter writer, SlotAllowance allowance) => writer.Write(allowance.Slots ?? -1);

    private static SlotAllowance ReadAllowance(BinaryReader reader) => reader.ReadInt32() is var slots && slots == -1 ? SlotAllowance.Unlimited : SlotAllowance.Of(slots);

    private static void WriteList<T>(BinaryWriter writer, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        writer.Write(items.Count);
        foreach (var item in items)
        {
            write(writer, item);
        }
    }

    private static T[] ReadList<T>(BinaryReader reader, Func<BinaryReader, T> read)
    {
        var items = new T[StoreSnapshotFormat.Count(reader)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = read(reader);
        }

        return items;
    }
}
