using System.Collections.Immutable;
using NodaTime;
namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>One app as the model sees it.</summary>
public sealed record ModelApp(int Provider, ConnectionState State, Instant ConnectedAt, Instant? Until, Instant? LastActivity)
{
    public ProviderDescriptor Descriptor => ModelWorld.Providers[Provider];

    public string Key => Descriptor.Key.Value;
}

/// <summary>What the model predicts an operation answers.</summary>
/// <param name="Status">The status; null for clock moves, which call nothing.</param>
/// <param name="AppsToDisconnect">For a refused downgrade.</param>
/// <param name="Expired">For <see cref="OpKind.ExpireReservations"/>: the keys expired, in order.</param>
/// <param name="NearlyFull">Whether the operation takes the store across the nearly-full threshold (0.8 of the allowance).</param>
public sealed record Prediction(OutcomeStatus? Status, int AppsToDisconnect, ImmutableArray<string> Expired)
{
    public bool NearlyFull { get; init; }
}

/// <summary>
/// A small immutable reference model of a store, written from the rules independently of <c>Store</c>:
/// the property checks the real store against it after every operation.
/// </summary>
public sealed record StoreModel(
    int Plan,
    int? Allowance,
    ImmutableArray<int?> Catalog,
    int Credits,
    ImmutableList<ModelApp> Apps,
    long Version,
    long AppsVersion,
    Instant Now)
{
    /// <summary>Providers whose latest ledger entry is an expiry: completing or failing them answers <see cref="OutcomeStatus.ReservationExpired"/>.</summary>
    public ImmutableHashSet<int> ExpiredLast { get; init; } = [];

    public static readonly Duration Lifetime = Duration.FromMinutes(30);

    public static StoreModel Open(int plan, Instant now) =>
        new(plan, ModelWorld.InitialAllowances[plan], [.. ModelWorld.InitialAllowances], ModelWorld.InitialCredits(plan), [], 1, 1, now);

    public int Used => Apps.Count;

    public string PlanId() => ModelWorld.PlanIds[Plan];

    public bool Fits(int used, int? allowance) => allowance is null || used <= allowance;

    public ModelApp? Find(int provider) => Apps.Find(a => a.Provider == provider);

    /// <summary>The apps in the store's order: when they took the slot, then key.</summary>
    public IEnumerable<ModelApp> Ordered => Apps.OrderBy(a => a.ConnectedAt).ThenBy(a => a.Key, StringComparer.Ordinal);

    public (StoreModel Next, Prediction Prediction) Step(StoreOp op)
    {
        if (op.Kind == OpKind.AdvanceClock)
        {
            return (this with { Now = Now + Duration.FromMinutes(op.Number) }, new Prediction(null, 0, []));
        }

        if (op.Kind == OpKind.AdvanceToDeadline)
        {
            return (this with { Now = DeadlineTarget(op.Number) }, new Prediction(null, 0, []));
        }

        var (m, expired) = ExpireDue();
        return op.Kind switch
        {
            OpKind.Connect or OpKind.BeginConnect => m.Connect(op),
            OpKind.CompleteConnect or OpKind.FailConnect => m.Settle(op, expired),
            OpKind.Disconnect => m.Disconnect(op),
            OpKind.Replace => m.Replace(op),
            OpKind.ChangePlan => m.ChangePlan(op.Plan, []),
            OpKind.ChangePlanDisconnecting => m.ChangePlan(op.Plan, Selection(op.Number)),
            OpKind.ApplyCatalog => m.ApplyCatalog(op.Number < 0 ? null : op.Number),
            OpKind.RecordActivity or OpKind.MarkNeedsAttention or OpKind.Reconnect => m.Touch(op),
            OpKind.UseAiCredits => op.Number > m.Credits
                ? (m, Says(OutcomeStatus.InsufficientAiCredits))
                : (m.Bump(appsChanged: false) with { Credits = m.Credits - op.Number }, Says(OutcomeStatus.AiCreditsUsed)),
            OpKind.ExpireReservations => (m, new Prediction(null, 0, [.. expired.Select(a => a.Key)])),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "Unknown operation."),
        };
    }

    /// <summary>The instant the clock moves to for <see cref="OpKind.AdvanceToDeadline"/>: the earliest deadline plus the offset, never back.</summary>
    public Instant DeadlineTarget(int offsetSeconds)
    {
        var earliest = Apps.Where(a => a.Until is not null).Select(a => a.Until!.Value).DefaultIfEmpty(Now + Duration.FromMinutes(1)).Min();
        var target = earliest + Duration.FromSeconds(offsetSeconds);
        return target > Now ? target : Now;
    }

    /// <summary>The first <paramref name="count"/> apps in store order, as the harness names them (before any lazy expiry).</summary>
    public ImmutableArray<int> Selection(int count) => [.. Ordered.Take(count).Select(a => a.Provider)];

    private static Prediction Says(OutcomeStatus status) => new(status, 0, []);

    /// <summary>At 80 % of a positive, limited allowance, in whole numbers: used * 5 >= allowance * 4.</summary>
    private static bool IsNearlyFull(int used, int? allowance) => allowance is > 0 && used * 5 >= allowance.Value * 4;

    private static bool CrossesNearlyFull(int usedBefore, int? allowanceBefore, int usedAfter, int? allowanceAfter) =>
        IsNearlyFull(usedAfter, allowanceAfter) && !IsNearlyFull(usedBefore, allowanceBefore);

    private StoreModel Bump(bool appsChanged) => this with { Version = Version + 1, AppsVersion = appsChanged ? Version + 1 : AppsVersion };

    private (StoreModel, ImmutableArray<ModelApp>) ExpireDue()
    {
        var due = Apps.Where(a => a.State == ConnectionState.Pending && a.Until <= Now)
            .OrderBy(a => a.Until).ThenBy(a => a.Key, StringComparer.Ordinal).ToImmutableArray();
        var m = this;
        foreach (var app in due)
        {
            m = m.Bump(appsChanged: false) with { Apps = m.Apps.Remove(app), ExpiredLast = m.ExpiredLast.Add(app.Provider) };
        }

        return (m, due);
    }

    private OutcomeStatus? Connectable(int provider, bool validSetup)
    {
        var d = ModelWorld.Providers[provider];
        if (NativeFeatures.TryGetNative(d.Key, out _))
        {
            return OutcomeStatus.NativeFeature;
        }

        if (Find(provider) is not null)
        {
            return OutcomeStatus.AlreadyConnected;
        }

        if (d.Availability != ProviderAvailability.Available)
        {
            return OutcomeStatus.ProviderUnavailable;
        }

        return validSetup ? null : OutcomeStatus.SetupInvalid;
    }

    private (StoreModel, Prediction) Connect(StoreOp op)
    {
        if (Connectable(op.Provider, op.ValidSetup) is { } refused)
        {
            return (this, Says(refused));
        }

        if (!Fits(Used + 1, Allowance))
        {
            return (this, Says(OutcomeStatus.LimitReached));
        }

        var pending = op.Kind == OpKind.BeginConnect;
        var app = new ModelApp(op.Provider, pending ? ConnectionState.Pending : ConnectionState.Active, Now, pending ? Now + Lifetime : null, null);
        var next = Bump(appsChanged: !pending) with { Apps = Apps.Add(app), ExpiredLast = ExpiredLast.Remove(op.Provider) };
        return (next, Says(pending ? OutcomeStatus.Reserved : OutcomeStatus.Connected) with { NearlyFull = CrossesNearlyFull(Used, Allowance, next.Used, next.Allowance) });
    }

    private (StoreModel, Prediction) Settle(StoreOp op, ImmutableArray<ModelApp> expired)
    {
        if (expired.Any(a => a.Provider == op.Provider))
        {
            return (this, Says(OutcomeStatus.ReservationExpired));
        }

        var app = Find(op.Provider);
        if (app is null)
        {
            return (this, Says(ExpiredLast.Contains(op.Provider) ? OutcomeStatus.ReservationExpired : OutcomeStatus.NotConnected));
        }

        if (app.State != ConnectionState.Pending)
        {
            return (this, Says(OutcomeStatus.NotPending));
        }

        return op.Kind == OpKind.CompleteConnect
            ? (Bump(true) with { Apps = Apps.Replace(app, app with { State = ConnectionState.Active, Until = null }) }, Says(OutcomeStatus.Activated))
            : (Bump(false) with { Apps = Apps.Remove(app) }, Says(OutcomeStatus.Released));
    }

    /// <summary>The acknowledgement version the harness sends, computed from the version before the operation.</summary>
    public static long? AckVersion(AckMode mode, long appsVersionBefore) => mode switch
    {
        AckMode.Fresh or AckMode.Narrow => appsVersionBefore,
        AckMode.Stale => appsVersionBefore > 1 ? appsVersionBefore - 1 : appsVersionBefore + 1,
        _ => null,
    };

    /// <summary>Whether removing a live app stops a workflow no other active app (nor the incoming replacement) covers.</summary>
    private bool AnythingStops(ModelApp app, int? incoming) =>
        app.State != ConnectionState.Pending
        && app.Descriptor.Workflows.Any(w =>
            !Apps.Any(o => o.Provider != app.Provider && o.State == ConnectionState.Active && o.Descriptor.Workflows.Contains(w))
            && !(incoming is { } i && ModelWorld.Providers[i].Workflows.Contains(w)));

    private OutcomeStatus? Removable(ModelApp app, long? ackVersion, int? incoming = null)
    {
        if (!app.Descriptor.SupportsSelfServiceDisconnect)
        {
            return OutcomeStatus.NotSupported;
        }

        var critical = app.State != ConnectionState.Pending && ModelWorld.Policy.IsCritical(app.Descriptor.Category);
        if (!critical)
        {
            return null;
        }

        return ackVersion is null ? OutcomeStatus.AcknowledgementRequired
            : ackVersion != AppsVersion || (AckNarrow && AnythingStops(app, incoming)) ? OutcomeStatus.AcknowledgementStale
            : null;
    }

    private (StoreModel, Prediction) Disconnect(StoreOp op)
    {
        var app = Find(op.Provider);
        if (app is null)
        {
            return (this, Says(OutcomeStatus.NotConnected));
        }

        if (Removable(app, AckVersionBeforeExpiry) is { } refused)
        {
            return (this, Says(refused));
        }

        return (Bump(app.State != ConnectionState.Pending) with { Apps = Apps.Remove(app) }, Says(OutcomeStatus.Disconnected));
    }

    private (StoreModel, Prediction) Replace(StoreOp op)
    {
        var old = Find(op.Provider);
        if (old is null)
        {
            return (this, Says(OutcomeStatus.NotConnected));
        }

        if (Connectable(op.Other, op.ValidSetup) is { } refused)
        {
            return (this, Says(refused));
        }

        if (Removable(old, AckVersionBeforeExpiry, op.Other) is { } notRemovable)
        {
            return (this, Says(notRemovable));
        }

        var app = new ModelApp(op.Other, ConnectionState.Active, Now, null, null);
        return (Bump(true) with { Apps = Apps.Remove(old).Add(app), ExpiredLast = ExpiredLast.Remove(op.Other) }, Says(OutcomeStatus.Replaced));
    }

    private (StoreModel, Prediction) ChangePlan(int plan, ImmutableArray<int> named)
    {
        if (plan == ModelWorld.UnknownPlan)
        {
            return (this, Says(OutcomeStatus.UnknownPlan));
        }

        foreach (var provider in named)
        {
            var app = Find(provider);
            if (app is null)
            {
                return (this, Says(OutcomeStatus.NotConnected));
            }

            // The harness acknowledges every named critical app on the apps version it saw before the call.
            if (Removable(app, AckVersionBeforeExpiry) is { } refused)
            {
                return (this, Says(refused));
            }
        }

        var target = Catalog[plan];
        var remaining = Used - named.Length;
        if (!Fits(remaining, target))
        {
            return (this, new Prediction(OutcomeStatus.DowngradeNeedsDisconnects, remaining - target!.Value, []));
        }

        var m = this;
        foreach (var provider in named)
        {
            var app = m.Find(provider)!;
            m = m.Bump(app.State != ConnectionState.Pending) with { Apps = m.Apps.Remove(app) };
        }

        var next = m.Bump(false) with { Plan = plan, Allowance = target };
        return (next, Says(OutcomeStatus.PlanChanged) with { NearlyFull = CrossesNearlyFull(Used, Allowance, next.Used, next.Allowance) });
    }

    private (StoreModel, Prediction) ApplyCatalog(int? allowance)
    {
        var m = this with { Catalog = Catalog.SetItem(Plan, allowance) };
        var raised = Allowance is not null && (allowance is null || allowance > Allowance);
        return raised
            ? (m.Bump(false) with { Allowance = allowance }, Says(OutcomeStatus.AllowanceRaised))
            : (m, Says(OutcomeStatus.AllowanceKept));
    }

    private (StoreModel, Prediction) Touch(StoreOp op)
    {
        var app = Find(op.Provider);
        if (app is null)
        {
            return (this, Says(OutcomeStatus.NotConnected));
        }

        if (app.State == ConnectionState.Pending)
        {
            return (this, Says(OutcomeStatus.WrongState));
        }

        return op.Kind switch
        {
            // Activity within the resolution of the last recorded activity is on record already: nothing is appended (R11).
            OpKind.RecordActivity when app.LastActivity is { } last && Now - last < ModelWorld.ActivityResolution => (this, Says(OutcomeStatus.ActivityRecorded)),
            OpKind.RecordActivity => (Bump(false) with { Apps = Apps.Replace(app, app with { LastActivity = Now }) }, Says(OutcomeStatus.ActivityRecorded)),
            OpKind.MarkNeedsAttention => (Bump(app.State == ConnectionState.Active) with { Apps = Apps.Replace(app, app with { State = ConnectionState.NeedsAttention }) }, Says(OutcomeStatus.MarkedNeedsAttention)),
            _ when !op.ValidSetup => (this, Says(OutcomeStatus.SetupInvalid)),
            _ => (Bump(app.State == ConnectionState.NeedsAttention) with { Apps = Apps.Replace(app, app with { State = ConnectionState.Active }) }, Says(OutcomeStatus.Reconnected)),
        };
    }

    /// <summary>The acknowledgement version the harness computed before the call; set by <see cref="WithAck"/>.</summary>
    public long? AckVersionBeforeExpiry { get; init; }

    /// <summary>Whether the acknowledgement the harness sends claims that nothing stops.</summary>
    public bool AckNarrow { get; init; }

    /// <summary>Remembers the acknowledgement the harness will send, before lazy expiry runs.</summary>
    public StoreModel WithAck(AckMode mode) => this with { AckVersionBeforeExpiry = AckVersion(mode, AppsVersion), AckNarrow = mode == AckMode.Narrow };
}
