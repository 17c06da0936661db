using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// One merchant's store and its connected apps: the aggregate that owns the slot rules. Slots in use
/// never exceed the allowance in force (R3); every change is appended to the store's
/// <see cref="Ledger"/> (R15) and raises a domain event (R18).
/// </summary>
/// <remarks>
/// <para>
/// Every operation checks its arguments first and throws for programming errors (null, undefined enum
/// values, an acknowledgement for another store); such a call leaves the store and its ledger exactly
/// as they were. Then it expires pending reservations whose deadline has come (R6), and answers with a
/// <see cref="StoreOutcome"/>: expected refusals are outcomes, not exceptions.
/// </para>
/// <para>
/// Every state change is made by appending a ledger entry and applying it, the same way
/// <see cref="FromLedger"/> replays it, so a replayed store equals the live one.
/// </para>
/// <para>
/// Not thread-safe: one caller at a time, as with any aggregate. Services load, change and save it
/// under optimistic concurrency (<see cref="Version"/>).
/// </para>
/// </remarks>
public sealed class Store
{
    private readonly IClock _clock;
    private readonly List<StoreEvent> _events = [];
    private readonly LedgerState _state;
    private readonly SlotLedger _ledger;
    private bool _handedOver; // its state became a snapshot's: it must not change again

    private Store(LedgerState state, SlotLedger ledger, ConnectedAppsPolicy policy, IClock clock)
    {
        Id = state.Id;
        Policy = policy;
        _clock = clock;
        _state = state;
        _ledger = ledger;
    }

    /// <summary>The store's id.</summary>
    public StoreId Id { get; }

    /// <summary>The settings the store is governed by; <see cref="ApplyCatalog"/> changes its catalog.</summary>
    public ConnectedAppsPolicy Policy { get; private set; }

    /// <summary>The store's plan.</summary>
    public PlanId PlanId => _state.PlanId;

    /// <summary>The allowance in force: granted by the plan at the last plan change, or raised since by a catalog edit (R13).</summary>
    public SlotAllowance Allowance => _state.Allowance;

    /// <summary>The AI credits left (R14).</summary>
    public int AiCreditBalance => _state.AiCreditBalance;

    /// <summary>The slots in use: pending, active and needs-attention apps (R3, R17).</summary>
    public int SlotsInUse => _state.SlotsInUse;

    /// <summary>The store's version: the sequence number of its last ledger entry.</summary>
    public long Version => _state.Version;

    /// <summary>
    /// The sequence number of the last ledger entry that changed which apps are live (active or needing
    /// attention) or their health: connected, activated, replaced, disconnected, marked as needing attention,
    /// back to active. Impact acknowledgements are valid only on this version (R8). Pending reservations
    /// coming and going, activity, AI use and plan changes leave it alone: none of them changes what any
    /// app's removal would stop, so none of them makes an acknowledgement stale.
    /// </summary>
    public long AppsVersion => _state.AppsVersion;

    /// <summary>The number of apps occupying a slot.</summary>
    public int AppCount => _state.Apps.Count;

    /// <summary>The apps occupying a slot, in the order they took it (ties by key): a new list each call, made and sorted then.</summary>
    /// <returns>A snapshot of every app; use <see cref="TryGetApp"/> to read one.</returns>
    public IReadOnlyList<ConnectedApp> GetApps() => [.. Snapshots().OrderBy(a => a.ConnectedAt).ThenBy(a => a.Key.Value, StringComparer.Ordinal)];

    /// <summary>
    /// The store's slot ledger (R15) as this instance holds it: the whole ledger for a store from <see cref="Open"/> or
    /// <see cref="FromLedger"/>; for a store a service rebuilt from its snapshot, only the entries since that snapshot
    /// (<see cref="SlotLedger.StartsAfter"/> says which). The whole ledger of a saved store is the repository's to read.
    /// </summary>
    public SlotLedger Ledger => _ledger;

    /// <summary>The domain events raised since they were last taken (R18), without taking them: for tests.</summary>
    internal IReadOnlyList<StoreEvent> PendingEvents => [.. _events];

    /// <summary>Opens a store on a plan of the catalog.</summary>
    /// <param name="id">The store's id.</param>
    /// <param name="planId">A plan of <paramref name="policy"/>'s catalog.</param>
    /// <param name="policy">The settings the store is governed by.</param>
    /// <param name="clock">The clock every instant comes from.</param>
    /// <param name="actor">Who opened it.</param>
    /// <param name="store">
    /// The store, with no app, the plan's allowance and the plan's AI credits, when the outcome is
    /// <see cref="OutcomeStatus.StoreOpened"/>; null otherwise.
    /// </param>
    /// <returns>
    /// <see cref="OutcomeStatus.StoreOpened"/>, or <see cref="OutcomeStatus.UnknownPlan"/> when the catalog has no such plan: the
    /// answer the service gives, so an unknown plan is a refusal everywhere, never an exception.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static StoreOutcome Open(StoreId id, PlanId planId, ConnectedAppsPolicy policy, IClock clock, Actor actor, out Store? store)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(planId);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(actor);
        if (!policy.Catalog.TryGetPlan(planId, out var plan))
        {
            store = null;
            return UnknownPlanOutcome(policy.Catalog, planId);
        }

        store = new Store(LedgerState.Empty(id), SlotLedger.Empty(id), policy, clock);
        store.Append(ToMicroseconds(clock.GetCurrentInstant()), actor, SlotEntryKind.Opened, null, null, plan.Id, plan.ConnectedApps, plan.AiCredits, null, null, null);
        return new StoreOutcome(OutcomeStatus.StoreOpened, $"The store '{id}' is open on {plan.Name} with {plan.ConnectedApps} connected-app slots.")
        { Details = new PlanDetails(plan) };
    }

    /// <summary>The answer to a plan the catalog does not have, from the store and from the service alike.</summary>
    internal static StoreOutcome UnknownPlanOutcome(PlanCatalog catalog, PlanId plan) =>
        new(OutcomeStatus.UnknownPlan, $"The catalog has no plan '{plan}'; known plans: {string.Join(", ", catalog.Plans.Select(p => p.Id))}.");

    /// <summary>Rebuilds a store by replaying its ledger (R15). No event is raised and no reservation is expired.</summary>
    /// <param name="ledger">A ledger that verifies.</param>
    /// <param name="policy">The settings the store is governed by.</param>
    /// <param name="clock">The clock for the store's next operations.</param>
    /// <returns>The store as it was after the last entry.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The ledger does not verify, or an entry cannot apply (it names an app the store does not have, or its counts disagree).</exception>
    public static Store FromLedger(SlotLedger ledger, ConnectedAppsPolicy policy, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(clock);
        // One pass: each entry is checked (the same check as SlotLedger.Verify) and applied as it is read, so a
        // long ledger is read once. Only a ledger that fails pays for the full verification, for its message.
        var store = new Store(LedgerState.Empty(ledger.StoreId), SlotLedger.Empty(ledger.StoreId), policy, clock);
        var entries = ledger.AsSpan();
        SlotLedgerEntry? previous = null;
        var sound = !entries.IsEmpty;
        foreach (var entry in entries)
        {
            if (!SlotLedger.Check(previous, entry, null))
            {
                sound = false;
                break;
            }

            try
            {
                store._state.Apply(entry);
            }
            catch (InvalidOperationException e)
            {
                // A ledger that does not verify further on is answered as such, as if it had been verified first.
                var verification = ledger.Verify();
                throw verification.IsValid
                    ? new ArgumentException($"The ledger of store '{ledger.StoreId}' cannot be replayed: {e.Message}", nameof(ledger), e)
                    : new ArgumentException($"The ledger of store '{ledger.StoreId}' does not verify: {verification}", nameof(ledger));
            }

            previous = entry;
        }

        if (!sound)
        {
            throw new ArgumentException($"The ledger of store '{ledger.StoreId}' does not verify: {ledger.Verify()}", nameof(ledger));
        }

        store._ledger.AppendChecked(ledger);
        return store;
    }

    /// <summary>
    /// Rebuilds a store from a snapshot and the ledger entries after it, checking each entry as a replay does. The
    /// result is the store a full replay gives: same state, same answers to every later operation, same events.
    /// </summary>
    /// <param name="snapshot">The store's snapshot.</param>
    /// <param name="tail">The entries after the snapshot's version, in order; usually none.</param>
    /// <param name="policy">The settings the store is governed by.</param>
    /// <param name="clock">The clock for the store's next operations.</param>
    /// <param name="problem">Why the snapshot or the tail cannot be trusted, when they cannot.</param>
    /// <returns>The store, or null when the snapshot or the tail cannot be trusted: the store is then rebuilt from its whole ledger.</returns>
    internal static Store? TryFromSnapshot(StoreSnapshot snapshot, IReadOnlyList<SlotLedgerEntry> tail, ConnectedAppsPolicy policy, IClock clock, out string? problem)
    {
        var frozen = snapshot.TryGetState(out problem);
        if (frozen is null)
        {
            return null;
        }

        var state = frozen.Clone();
        var previous = state.LastEntrySummary();
        foreach (var entry in tail)
        {
            if (!SlotLedger.Check(previous, entry, null))
            {
                problem = $"entry {entry.Sequence} does not follow on from the snapshot at version {snapshot.Version}";
                return null;
            }

            try
            {
                state.Apply(entry);
            }
            catch (InvalidOperationException e)
            {
                problem = $"entry {entry.Sequence} cannot apply to the snapshot at version {snapshot.Version}: {e.Message}";
                return null;
            }

            previous = entry;
        }

        return new Store(state, SlotLedger.After(state.Id, state.Version), policy, clock);
    }

    /// <summary>The earliest deadline of the store's pending reservations, or null when it has none: lets a sweep find the store.</summary>
    internal Instant? NextReservationDeadline()
    {
        // Stryker disable once Block,Statement : equivalent; only a shortcut, the loop below finds no deadline either (LedgerState.PendingApps)
        if (_state.PendingApps == 0)
        {
            return null;
        }

        Instant? earliest = null;
        var keys = _state.Apps.Keys;
        var apps = _state.Apps.States;
        for (var slot = 0; slot < keys.Length; slot++)
        {
            if (keys[slot] is not null && apps[slot].PendingUntil is { } deadline && (earliest is null || deadline < earliest))
            {
                earliest = deadline;
            }
        }

        return earliest;
    }

    /// <summary>A snapshot of the store as it is now: a frozen copy of its state.</summary>
    internal StoreSnapshot TakeSnapshot() => new(_state.Clone());

    /// <summary>
    /// A snapshot that takes the store's state itself, without copying it: the store can be read afterwards but not
    /// changed (an operation then throws). The service hands its store over this way once the store is saved.
    /// </summary>
    internal StoreSnapshot HandOverSnapshot()
    {
        _handedOver = true;
        return new StoreSnapshot(_state);
    }

    /// <summary>The entries appended since the store was rebuilt, or since it opened: what a save writes.</summary>
    internal ReadOnlySpan<SlotLedgerEntry> EntriesAfter(long version) => _ledger.AsSpan()[(int)(version - _ledger.StartsAfter)..];

    /// <summary>Takes the domain events raised so far, and forgets them; call it once the store is saved (R18).</summary>
    /// <returns>The events, oldest first.</returns>
    public IReadOnlyList<StoreEvent> TakeEvents()
    {
        var taken = Array.AsReadOnly(_events.ToArray());
        _events.Clear();
        return taken;
    }

    /// <summary>Connects a provider at once, taking one slot (R1, R3, R4, R5, R16).</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="setup">The result of validating the merchant's setup, before any slot is taken (R5).</param>
    /// <param name="actor">Who acted.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.Connected"/>, or <see cref="OutcomeStatus.NativeFeature"/>,
    /// <see cref="OutcomeStatus.AlreadyConnected"/>, <see cref="OutcomeStatus.ProviderUnavailable"/>,
    /// <see cref="OutcomeStatus.SetupInvalid"/> or <see cref="OutcomeStatus.LimitReached"/> (with guidance, R11).
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="setup"/> is the validation of another provider.</exception>
    public StoreOutcome Connect(ProviderDescriptor provider, SetupValidation setup, Actor actor) => ConnectCore(provider, setup, actor, pending: false);

    /// <summary>
    /// Begins a setup that takes time (consent screen, provider verification): a pending reservation holds
    /// a slot until <see cref="CompleteConnect(ProviderKey, ConnectionId, Actor)"/>, <see cref="FailConnect(ProviderKey, ConnectionId, Actor)"/> or its deadline (R6): settle it by the connection id of the outcome's app.
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <param name="setup">The result of validating the merchant's setup so far (R5).</param>
    /// <param name="actor">Who acted.</param>
    /// <returns><see cref="OutcomeStatus.Reserved"/>, or the same refusals as <see cref="Connect"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="setup"/> is the validation of another provider.</exception>
    public StoreOutcome BeginConnect(ProviderDescriptor provider, SetupValidation setup, Actor actor) => ConnectCore(provider, setup, actor, pending: true);

    /// <summary>Completes a pending setup: the app becomes active in the slot it reserved (R6).</summary>
    /// <param name="provider">The pending app's provider.</param>
    /// <param name="actor">Who acted.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.Activated"/>, or <see cref="OutcomeStatus.ReservationExpired"/> when its deadline
    /// came first (at the deadline itself too), <see cref="OutcomeStatus.NotConnected"/> or <see cref="OutcomeStatus.NotPending"/>.
    /// </returns>
    /// <remarks>
    /// Goes by provider: whichever reservation of <paramref name="provider"/> is pending now is completed. A caller that
    /// holds the reservation's <see cref="ConnectionId"/> should use <see cref="CompleteConnect(ProviderKey, ConnectionId, Actor)"/>,
    /// which never completes a later reservation of the same provider.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public StoreOutcome CompleteConnect(ProviderKey provider, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(actor);
        return SettleCore(provider, null, actor, complete: true);
    }

    /// <summary>Completes one pending reservation, named by its connection id: the app becomes active in the slot it reserved (R6).</summary>
    /// <param name="provider">The pending app's provider.</param>
    /// <param name="connection">The id of the reservation's connection, from the <see cref="OutcomeStatus.Reserved"/> outcome's <see cref="StoreOutcome.App"/>.</param>
    /// <param name="actor">Who acted.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.Activated"/>; <see cref="OutcomeStatus.ReservationExpired"/> when its deadline came first, or when
    /// <paramref name="provider"/>'s slot now holds another connection (the reservation ended: expired, released or disconnected,
    /// and the provider was reserved or connected again since); <see cref="OutcomeStatus.NotConnected"/>; or
    /// <see cref="OutcomeStatus.NotPending"/> when this connection is active already.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public StoreOutcome CompleteConnect(ProviderKey provider, ConnectionId connection, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(actor);
        return SettleCore(provider, connection, actor, complete: true);
    }

    /// <summary>Releases a pending reservation whose setup failed or was cancelled: its slot is free (R6).</summary>
    /// <param name="provider">The pending app's provider.</param>
    /// <param name="actor">Who acted.</param>
    /// <returns><see cref="OutcomeStatus.Released"/>, or <see cref="OutcomeStatus.ReservationExpired"/>, <see cref="OutcomeStatus.NotConnected"/> or <see cref="OutcomeStatus.NotPending"/>.</returns>
    /// <remarks>
    /// Goes by provider, as <see cref="CompleteConnect(ProviderKey, Actor)"/> does; <see cref="FailConnect(ProviderKey, ConnectionId, Actor)"/>
    /// releases only the reservation named.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public StoreOutcome FailConnect(ProviderKey provider, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(actor);
        return SettleCore(provider, null, actor, complete: false);
    }

    /// <summary>Releases one pending reservation, named by its connection id, whose setup failed or was cancelled: its slot is free (R6).</summary>
    /// <param name="provider">The pending app's provider.</param>
    /// <param name="connection">The id of the reservation's connection.</param>
    /// <param name="actor">Who acted.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.Released"/>, or as <see cref="CompleteConnect(ProviderKey, ConnectionId, Actor)"/>:
    /// <see cref="OutcomeStatus.ReservationExpired"/> (also when the slot now holds another connection),
    /// <see cref="OutcomeStatus.NotConnected"/> or <see cref="OutcomeStatus.NotPending"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public StoreOutcome FailConnect(ProviderKey provider, ConnectionId connection, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(actor);
        return SettleCore(provider, connection, actor, complete: false);
    }

    /// <summary>
    /// Expires every pending reservation whose deadline has come (at the deadline itself too), freeing its
    /// slot (R6). Every operation does this first; hosts also call it on a schedule.
    /// </summary>
    /// <returns>The apps whose reservation expired; empty when none did.</returns>
    public IReadOnlyList<ConnectedApp> ExpireReservations() => ExpireDue(Now());

    /// <summary>Assesses what would stop, for whom and how badly if an app went (R8, R9). Changes nothing.</summary>
    /// <param name="provider">The app's provider.</param>
    /// <param name="assessment">The assessment, when the store has the app.</param>
    /// <returns><see langword="true"/> when the store has the app.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is null.</exception>
    public bool TryAssessImpact(ProviderKey provider, [NotNullWhen(true)] out ImpactAssessment? assessment) =>
        TryAssessImpact(provider, [], out assessment);

    /// <summary>
    /// Assesses what would stop if an app went together with others, for example in a downgrade that names
    /// several apps (R8, R9, R12): the others cover nothing. Changes nothing.
    /// </summary>
    /// <param name="provider">The app's provider.</param>
    /// <param name="alongWith">The other apps going at the same time.</param>
    /// <param name="assessment">The assessment, when the store has the app.</param>
    /// <returns><see langword="true"/> when the store has the app.</returns>
    /// <exception cref="ArgumentNullException">An argument or an item is null.</exception>
    public bool TryAssessImpact(ProviderKey provider, IEnumerable<ProviderKey> alongWith, [NotNullWhen(true)] out ImpactAssessment? assessment)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(alongWith);
        var others = alongWith.ToArray();
        if (Array.Exists(others, k => k is null))
        {
            throw new ArgumentNullException(nameof(alongWith), "An app going along is null.");
        }

        assessment = TryGetApp(provider, out var app) ? Assess(app, Now(), Array.AsReadOnly(others), null) : null;
        return assessment is not null;
    }

    /// <summary>Disconnects an app whose category needs no acknowledgement, freeing its slot at once (R7).</summary>
    /// <param name="provider">The app's provider.</param>
    /// <param name="actor">Who acted.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.Disconnected"/>, or <see cref="OutcomeStatus.NotConnected"/>, <see cref="OutcomeStatus.NotSupported"/>
    /// or, for a critical category, <see cref="OutcomeStatus.AcknowledgementRequired"/> with the assessment (R8).
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public StoreOutcome Disconnect(ProviderKey provider, Actor actor) => DisconnectCore(provider, null, actor);

    /// <summary>Disconnects an app after the merchant acknowledged its impact assessment, freeing its slot at once (R7, R8).</summary>
    /// <param name="provider">The app's provider.</param>
    /// <param name="acknowledgement">The acknowledged assessment of this app on the current <see cref="AppsVersion"/>.</param>
    /// <param name="actor">Who acted.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.Disconnected"/>, or <see cref="OutcomeStatus.NotConnected"/>, <see cref="OutcomeStatus.NotSupported"/>
    /// or <see cref="OutcomeStatus.AcknowledgementStale"/> with a fresh assessment.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The acknowledgement is for another store or app.</exception>
    public StoreOutcome Disconnect(ProviderKey provider, ImpactAcknowledgement acknowledgement, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        return DisconnectCore(provider, acknowledgement, actor);
    }

    /// <summary>Replaces an app whose category needs no acknowledgement with another provider, in one atomic step with no net slot change (R10).</summary>
    /// <param name="current">The app to replace.</param>
    /// <param name="replacement">The provider to connect instead.</param>
    /// <param name="setup">The result of validating the replacement's setup (R5).</param>
    /// <param name="actor">Who acted.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.Replaced"/> with the workflows to test, or <see cref="OutcomeStatus.NotConnected"/>,
    /// <see cref="OutcomeStatus.NativeFeature"/>, <see cref="OutcomeStatus.AlreadyConnected"/>, <see cref="OutcomeStatus.ProviderUnavailable"/>,
    /// <see cref="OutcomeStatus.SetupInvalid"/>, <see cref="OutcomeStatus.NotSupported"/> or <see cref="OutcomeStatus.AcknowledgementRequired"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="setup"/> is the validation of another provider.</exception>
    public StoreOutcome Replace(ProviderKey current, ProviderDescriptor replacement, SetupValidation setup, Actor actor) =>
        ReplaceCore(current, replacement, setup, null, actor);

    /// <summary>Replaces an app after the merchant acknowledged its impact assessment (R8, R10).</summary>
    /// <param name="current">The app to replace.</param>
    /// <param name="replacement">The provider to connect instead.</param>
    /// <param name="setup">The result of validating the replacement's setup (R5).</param>
    /// <param name="acknowledgement">The acknowledged assessment of <paramref name="current"/> on the current <see cref="AppsVersion"/>.</param>
    /// <param name="actor">Who acted.</param>
    /// <returns>As <see cref="Replace(ProviderKey, ProviderDescriptor, SetupValidation, Actor)"/>, or <see cref="OutcomeStatus.AcknowledgementStale"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The acknowledgement is for another store or app, or <paramref name="setup"/> is the validation of another provider.</exception>
    public StoreOutcome Replace(ProviderKey current, ProviderDescriptor replacement, SetupValidation setup, ImpactAcknowledgement acknowledgement, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        return ReplaceCore(current, replacement, setup, acknowledgement, actor);
    }

    /// <summary>Moves the store to another plan of the catalog, without disconnecting anything (R12).</summary>
    /// <param name="plan">The new plan.</param>
    /// <param name="actor">Who acted.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.PlanChanged"/> when the new allowance holds the slots in use (an upgrade always does),
    /// or <see cref="OutcomeStatus.DowngradeNeedsDisconnects"/> with how many apps must go, or <see cref="OutcomeStatus.UnknownPlan"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public StoreOutcome ChangePlan(PlanId plan, Actor actor) => ChangePlan(plan, [], [], actor);

    /// <summary>Moves the store to another plan, disconnecting the named apps in the same atomic step (R12; R8 applies to each).</summary>
    /// <param name="plan">The new plan.</param>
    /// <param name="appsToDisconnect">The apps to disconnect; no repeats.</param>
    /// <param name="acknowledgements">
    /// An acknowledgement for each named app in a critical category, of its assessment with the other named apps
    /// going along (<see cref="TryAssessImpact(ProviderKey, IEnumerable{ProviderKey}, out ImpactAssessment?)"/>);
    /// one for a named app that needs none is accepted and unused.
    /// </param>
    /// <param name="actor">Who acted.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.PlanChanged"/>, or <see cref="OutcomeStatus.UnknownPlan"/>, <see cref="OutcomeStatus.NotConnected"/>,
    /// <see cref="OutcomeStatus.NotSupported"/>, <see cref="OutcomeStatus.AcknowledgementRequired"/>, <see cref="OutcomeStatus.AcknowledgementStale"/>
    /// or <see cref="OutcomeStatus.DowngradeNeedsDisconnects"/> when the named apps are not enough. Nothing changes unless it all applies.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument or an item is null.</exception>
    /// <exception cref="ArgumentException">An app is named twice, or an acknowledgement is for another store, for an app not named, or repeated.</exception>
    public StoreOutcome ChangePlan(PlanId plan, IEnumerable<ProviderKey> appsToDisconnect, IEnumerable<ImpactAcknowledgement> acknowledgements, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(appsToDisconnect);
        ArgumentNullException.ThrowIfNull(acknowledgements);
        ArgumentNullException.ThrowIfNull(actor);
        var named = appsToDisconnect.ToArray();
        if (Array.Exists(named, k => k is null))
        {
            throw new ArgumentNullException(nameof(appsToDisconnect), "An app to disconnect is null.");
        }

        if (named.Distinct().Count() != named.Length)
        {
            throw new ArgumentException("An app to disconnect is named more than once.", nameof(appsToDisconnect));
        }

        var acks = new Dictionary<ProviderKey, ImpactAcknowledgement>();
        foreach (var ack in acknowledgements)
        {
            ArgumentNullException.ThrowIfNull(ack, nameof(acknowledgements));
            CheckAcknowledgementTarget(ack, ack.Provider, nameof(acknowledgements));
            if (!named.Contains(ack.Provider))
            {
                throw new ArgumentException($"The acknowledgement for '{ack.Provider}' is for an app not named to disconnect.", nameof(acknowledgements));
            }

            if (!acks.TryAdd(ack.Provider, ack))
            {
                throw new ArgumentException($"'{ack.Provider}' is acknowledged more than once.", nameof(acknowledgements));
            }
        }

        var now = Now();
        ExpireDue(now);
        if (!Policy.Catalog.TryGetPlan(plan, out var target))
        {
            return UnknownPlanOutcome(Policy.Catalog, plan);
        }

        foreach (var key in named)
        {
            if (!TryGetApp(key, out var app))
            {
                return NotConnectedOutcome(key);
            }

            if (CheckRemovable(app, acks.GetValueOrDefault(key), now, [.. named.Where(k => k != key)], null, out _) is { } refusal)
            {
                return refusal;
            }
        }

        var remaining = SlotsInUse - named.Length;
        if (!target.ConnectedApps.Covers(remaining))
        {
            var excess = target.ConnectedApps.Excess(remaining);
            return new StoreOutcome(
                OutcomeStatus.DowngradeNeedsDisconnects,
                $"{target.Name} allows {target.ConnectedApps} connected {(target.ConnectedApps.Slots == 1 ? "app" : "apps")} and {remaining} would remain: {excess} more {(excess == 1 ? "app" : "apps")} must be disconnected first.")
            { Details = new DowngradeDetails(target, excess) };
        }

        var usedBefore = SlotsInUse;
        var allowanceBefore = Allowance;
        var from = PlanId;
        foreach (var key in named)
        {
            var going = AppOf(key).ConnectionId;
            Append(now, actor, SlotEntryKind.Disconnected, key);
            Raise(new AppDisconnected(Id, actor, now, key, going, SlotsInUse, Allowance));
        }

        Append(now, actor, SlotEntryKind.PlanChanged, null, null, target.Id, target.ConnectedApps, AiCreditBalance, null, null, null);
        Raise(new PlanChanged(Id, actor, now, from, target.Id, Allowance, SlotsInUse));
        RaiseIfNearlyFull(usedBefore, allowanceBefore, actor, now);
        return new StoreOutcome(OutcomeStatus.PlanChanged, $"The store is on {target.Name}: {SlotsInUse} of {Allowance} slots in use.") { Details = new PlanDetails(target) };
    }

    /// <summary>
    /// Takes a new plan catalog (R13). If it raises the allowance of the store's plan, the store is granted
    /// the raise at once; a lowered allowance is not applied: the store keeps what it was granted until its
    /// next plan change, which follows R12.
    /// </summary>
    /// <param name="catalog">The edited catalog.</param>
    /// <param name="actor">Who edited it.</param>
    /// <returns><see cref="OutcomeStatus.AllowanceRaised"/> or <see cref="OutcomeStatus.AllowanceKept"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public StoreOutcome ApplyCatalog(PlanCatalog catalog, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(actor);
        var now = Now();
        ExpireDue(now);
        Policy = Policy.WithCatalog(catalog);
        if (!catalog.TryGetPlan(PlanId, out var plan))
        {
            return new StoreOutcome(OutcomeStatus.AllowanceKept, $"The catalog no longer lists plan '{PlanId}'; the store keeps its allowance of {Allowance} until its next plan change.");
        }

        if (!plan.ConnectedApps.IsGreaterThan(Allowance))
        {
            return new StoreOutcome(OutcomeStatus.AllowanceKept, $"The store keeps its granted allowance of {Allowance} until its next plan change; {plan.Name} now offers {plan.ConnectedApps}.") { Details = new PlanDetails(plan) };
        }

        var before = Allowance;
        Append(now, actor, SlotEntryKind.AllowanceRaised, null, null, PlanId, plan.ConnectedApps, AiCreditBalance, null, null, null);
        Raise(new AllowanceRaised(Id, actor, now, PlanId, before, Allowance));
        return new StoreOutcome(OutcomeStatus.AllowanceRaised, $"{plan.Name} now allows {Allowance} connected apps, and so does the store.") { Details = new PlanDetails(plan) };
    }

    /// <summary>
    /// Records activity through an app, which keeps it out of the "unused" list at the limit (R11). Activity within
    /// <see cref="ConnectedAppsPolicy.ActivityResolution"/> of the last recorded activity is answered as recorded and
    /// appends nothing: the ledger holds at most one activity entry per app and resolution.
    /// </summary>
    /// <param name="provider">The app's provider.</param>
    /// <param name="actor">Who acted.</param>
    /// <returns><see cref="OutcomeStatus.ActivityRecorded"/> (with the activity on record), or <see cref="OutcomeStatus.NotConnected"/> or <see cref="OutcomeStatus.WrongState"/> for a pending app.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public StoreOutcome RecordActivity(ProviderKey provider, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(actor);
        var now = Now();
        ExpireDue(now);
        if (FindLive(provider, "record activity for") is { } refusal)
        {
            return refusal;
        }

        var app = AppOf(provider);
        if (app.LastActivityAt is { } last && now - last < Policy.ActivityResolution)
        {
            return new StoreOutcome(OutcomeStatus.ActivityRecorded, $"Activity through {app.Provider.DisplayName} is on record at {last}; activity is recorded once every {Describe(Policy.ActivityResolution)}.") { Provider = provider, App = app };
        }

        Append(now, actor, SlotEntryKind.ActivityRecorded, provider);
        return new StoreOutcome(OutcomeStatus.ActivityRecorded, $"Activity through {AppOf(provider).Provider.DisplayName} recorded.") { Provider = provider, App = AppOf(provider) };
    }

    /// <summary>Marks an app as needing attention; it keeps its slot (R17).</summary>
    /// <param name="provider">The app's provider.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who reported it: the provider or a caller.</param>
    /// <returns><see cref="OutcomeStatus.MarkedNeedsAttention"/>, or <see cref="OutcomeStatus.NotConnected"/> or <see cref="OutcomeStatus.WrongState"/> for a pending app.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not defined.</exception>
    public StoreOutcome MarkNeedsAttention(ProviderKey provider, AttentionReason reason, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Preconditions.CheckDefined(reason, nameof(reason));
        ArgumentNullException.ThrowIfNull(actor);
        var now = Now();
        ExpireDue(now);
        if (FindLive(provider, "mark as needing attention") is { } refusal)
        {
            return refusal;
        }

        Append(now, actor, SlotEntryKind.MarkedNeedsAttention, provider, null, PlanId, Allowance, AiCreditBalance, null, reason, null);
        Raise(new AppNeedsAttention(Id, actor, now, provider, AppOf(provider).ConnectionId, reason));
        return new StoreOutcome(OutcomeStatus.MarkedNeedsAttention, $"{AppOf(provider).Provider.DisplayName} needs attention ({reason}); it keeps its slot until it is reconnected or disconnected.") { Provider = provider, App = AppOf(provider) };
    }

    /// <summary>Gives an active or needs-attention app new credentials or settings in place: same connection, same slot, no new slot (R4, R17).</summary>
    /// <param name="provider">The app's provider.</param>
    /// <param name="setup">The result of validating the new setup (R5).</param>
    /// <param name="actor">Who acted.</param>
    /// <returns><see cref="OutcomeStatus.Reconnected"/>, or <see cref="OutcomeStatus.NotConnected"/>, <see cref="OutcomeStatus.WrongState"/> for a pending app, or <see cref="OutcomeStatus.SetupInvalid"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="setup"/> is the validation of another provider.</exception>
    public StoreOutcome Reconnect(ProviderKey provider, SetupValidation setup, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(provider);
        CheckSetupTarget(setup, provider);
        ArgumentNullException.ThrowIfNull(actor);
        var now = Now();
        ExpireDue(now);
        if (FindLive(provider, "reconnect") is { } refusal)
        {
            return refusal;
        }

        if (!setup.IsValid)
        {
            return SetupInvalidOutcome(provider, setup);
        }

        Append(now, actor, SlotEntryKind.Reconnected, provider);
        Raise(new AppReconnected(Id, actor, now, provider, AppOf(provider).ConnectionId));
        return new StoreOutcome(OutcomeStatus.Reconnected, $"{AppOf(provider).Provider.DisplayName} has new credentials and is active, in the same slot.") { Provider = provider, App = AppOf(provider) };
    }

    /// <summary>Uses AI credits for AI that created, analyzed, summarized or generated output, including over data a connected app supplied (R14).</summary>
    /// <param name="credits">How many credits, one or more.</param>
    /// <param name="purpose">What the AI did.</param>
    /// <param name="actor">Who acted.</param>
    /// <returns><see cref="OutcomeStatus.AiCreditsUsed"/> or <see cref="OutcomeStatus.InsufficientAiCredits"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="credits"/> is below one, or <paramref name="purpose"/> is not defined.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> is null.</exception>
    public StoreOutcome UseAiCredits(int credits, AiUsePurpose purpose, Actor actor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(credits, 1);
        Preconditions.CheckDefined(purpose, nameof(purpose));
        ArgumentNullException.ThrowIfNull(actor);
        var now = Now();
        ExpireDue(now);
        if (credits > AiCreditBalance)
        {
            return new StoreOutcome(OutcomeStatus.InsufficientAiCredits, $"{credits} AI credits are needed to {purpose.ToString().ToLowerInvariant()}; {AiCreditBalance} are left.");
        }

        Append(now, actor, SlotEntryKind.AiCreditsUsed, null, null, PlanId, Allowance, AiCreditBalance - credits, null, null, null);
        return new StoreOutcome(OutcomeStatus.AiCreditsUsed, $"{credits} AI credits used to {purpose.ToString().ToLowerInvariant()}; {AiCreditBalance} left.");
    }

    /// <inheritdoc />
    public override string ToString() => $"Store {Id} on {PlanId}: {SlotsInUse}/{Allowance} slots, version {Version}";

    private StoreOutcome ConnectCore(ProviderDescriptor provider, SetupValidation setup, Actor actor, bool pending)
    {
        ArgumentNullException.ThrowIfNull(provider);
        CheckSetupTarget(setup, provider.Key);
        ArgumentNullException.ThrowIfNull(actor);
        var now = Now();
        ExpireDue(now);
        if (CheckConnectable(provider, setup) is { } refusal)
        {
            return refusal;
        }

        if (!Allowance.Covers(SlotsInUse + 1))
        {
            Raise(new ConnectRefusedAtLimit(Id, actor, now, provider.Key, SlotsInUse, Allowance));
            return new StoreOutcome(OutcomeStatus.LimitReached, Allowance.Slots == 0 ? $"{provider.DisplayName} needs a slot, and the plan includes no connected apps." : $"{provider.DisplayName} needs a slot, and all {SlotsInUse} of {Allowance} are in use.")
            {
                Provider = provider.Key,
                Details = Guide(provider, now),
            };
        }

        var usedBefore = SlotsInUse;
        var connection = ConnectionId.ForEntry(Id, Version + 1);
        if (pending)
        {
            var deadline = ToMicroseconds(now + Policy.PendingReservationLifetime);
            Append(now, actor, SlotEntryKind.Reserved, provider.Key, provider, PlanId, Allowance, AiCreditBalance, deadline, null, connection);
            Raise(new ConnectionReserved(Id, actor, now, provider.Key, connection, deadline, SlotsInUse, Allowance));
        }
        else
        {
            Append(now, actor, SlotEntryKind.Connected, provider.Key, provider, PlanId, Allowance, AiCreditBalance, null, null, connection);
            Raise(new AppConnected(Id, actor, now, provider.Key, connection, provider.Category, SlotsInUse, Allowance));
        }

        RaiseIfNearlyFull(usedBefore, Allowance, actor, now);
        var app = AppOf(provider.Key);
        return new StoreOutcome(
            pending ? OutcomeStatus.Reserved : OutcomeStatus.Connected,
            pending
                ? static o => $"A slot is reserved for {o.App!.Provider.DisplayName} until {o.App.PendingUntil}; {o.SlotsInUseAfter} of {o.AllowanceAfter} in use."
                : static o => $"{o.App!.Provider.DisplayName} is connected; {o.SlotsInUseAfter} of {o.AllowanceAfter} slots in use.")
        { Provider = provider.Key, App = app, SlotsInUseAfter = SlotsInUse, AllowanceAfter = Allowance };
    }

    /// <summary>The answer to connecting a native feature (R2); also given by the service when no adapter is registered for its key.</summary>
    internal static StoreOutcome NativeFeatureOutcome(ProviderKey key, NativeFeature feature) =>
        new(OutcomeStatus.NativeFeature, $"{NativeFeatures.DisplayNameOf(feature)} is a native ShopIQ feature: it is always there and never uses a connected-app slot.")
        { Provider = key, Details = new NativeFeatureDetails(feature) };

    /// <summary>The refusals a provider meets before any slot question: native feature, already connected, availability, setup.</summary>
    private StoreOutcome? CheckConnectable(ProviderDescriptor provider, SetupValidation setup)
    {
        if (NativeFeatures.TryGetNative(provider.Key, out var feature))
        {
            return NativeFeatureOutcome(provider.Key, feature.Value);
        }

        if (TryGetApp(provider.Key, out var existing))
        {
            return new StoreOutcome(OutcomeStatus.AlreadyConnected, $"{existing.Provider.DisplayName} is already connected ({existing.State}); no second slot is used.")
            { Provider = provider.Key, App = existing };
        }

        if (provider.Availability != ProviderAvailability.Available)
        {
            return new StoreOutcome(OutcomeStatus.ProviderUnavailable, $"{provider.DisplayName} cannot be connected: {Describe(provider.Availability)}.")
            { Provider = provider.Key, Details = new AvailabilityDetails(provider.Availability) };
        }

        return setup.IsValid ? null : SetupInvalidOutcome(provider.Key, setup);
    }

    private StoreOutcome DisconnectCore(ProviderKey provider, ImpactAcknowledgement? acknowledgement, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(actor);
        if (acknowledgement is not null)
        {
            CheckAcknowledgementTarget(acknowledgement, provider, nameof(acknowledgement));
        }

        var now = Now();
        ExpireDue(now);
        if (!TryGetApp(provider, out var app))
        {
            return NotConnectedOutcome(provider);
        }

        if (CheckRemovable(app, acknowledgement, now, [], null, out var assessment) is { } refusal)
        {
            return refusal;
        }

        Append(now, actor, SlotEntryKind.Disconnected, provider);
        Raise(new AppDisconnected(Id, actor, now, provider, app.ConnectionId, SlotsInUse, Allowance));
        return new StoreOutcome(OutcomeStatus.Disconnected, static o => $"{o.App!.Provider.DisplayName} is disconnected; its slot is free ({o.SlotsInUseAfter} of {o.AllowanceAfter} in use).")
        { Provider = provider, App = app, Details = new ImpactDetails(assessment), SlotsInUseAfter = SlotsInUse, AllowanceAfter = Allowance };
    }

    private StoreOutcome ReplaceCore(ProviderKey current, ProviderDescriptor replacement, SetupValidation setup, ImpactAcknowledgement? acknowledgement, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replacement);
        CheckSetupTarget(setup, replacement.Key);
        ArgumentNullException.ThrowIfNull(actor);
        if (acknowledgement is not null)
        {
            CheckAcknowledgementTarget(acknowledgement, current, nameof(acknowledgement));
        }

        var now = Now();
        ExpireDue(now);
        if (!TryGetApp(current, out var old))
        {
            return NotConnectedOutcome(current);
        }

        if (CheckConnectable(replacement, setup) is { } refusal)
        {
            return refusal;
        }

        if (CheckRemovable(old, acknowledgement, now, [], replacement, out var assessment) is { } notRemovable)
        {
            return notRemovable;
        }

        // One entry frees the old slot and takes the new one, so a replace never needs a free slot (R10).
        var incoming = ConnectionId.ForEntry(Id, Version + 1);
        Append(now, actor, SlotEntryKind.Replaced, current, replacement, PlanId, Allowance, AiCreditBalance, null, null, incoming);
        Raise(new AppReplaced(Id, actor, now, current, old.ConnectionId, replacement.Key, incoming, SlotsInUse, Allowance));
        var toTest = Array.AsReadOnly(old.Provider.Workflows.Union(replacement.Workflows).ToArray());
        return new StoreOutcome(
            OutcomeStatus.Replaced,
            $"{replacement.DisplayName} replaced {old.Provider.DisplayName} in the same slot; test: {string.Join(", ", toTest)}.")
        { Provider = replacement.Key, App = AppOf(replacement.Key), Details = new ReplacementDetails(assessment, toTest) };
    }

    /// <summary>
    /// Whether an app may go, with <paramref name="alongWith"/> going too: self-service disconnect, and for a
    /// critical category an acknowledgement that covers the assessment as it stands (R7, R8).
    /// </summary>
    private StoreOutcome? CheckRemovable(ConnectedApp app, ImpactAcknowledgement? acknowledgement, Instant now, IReadOnlyList<ProviderKey> alongWith, ProviderDescriptor? incoming, out ImpactAssessment assessment)
    {
        assessment = Assess(app, now, alongWith, incoming);
        if (!app.Provider.SupportsSelfServiceDisconnect)
        {
            return new StoreOutcome(OutcomeStatus.NotSupported, $"{app.Provider.DisplayName} cannot be disconnected here; contact {Policy.Support}.")
            { Provider = app.Key, App = app, Details = new SupportDetails(Policy.Support) };
        }

        if (!assessment.RequiresAcknowledgement)
        {
            return null;
        }

        if (acknowledgement is null)
        {
            return new StoreOutcome(OutcomeStatus.AcknowledgementRequired, $"{app.Provider.DisplayName} is {MerchantText.Describe(app.Category, CultureInfo.InvariantCulture)}: acknowledge its impact first. {assessment}")
            { Provider = app.Key, App = app, Details = new ImpactDetails(assessment) };
        }

        return acknowledgement.Covers(assessment)
            ? null
            : new StoreOutcome(OutcomeStatus.AcknowledgementStale, $"The impact of {app.Provider.DisplayName} changed since it was acknowledged: review this assessment again. {assessment}")
            { Provider = app.Key, App = app, Details = new ImpactDetails(assessment) };
    }

    private static void CheckSetupTarget(SetupValidation setup, ProviderKey provider)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.Provider != provider)
        {
            throw new ArgumentException($"The setup validation is for '{setup.Provider}', not '{provider}'.", nameof(setup));
        }
    }

    private void CheckAcknowledgementTarget(ImpactAcknowledgement acknowledgement, ProviderKey provider, string paramName)
    {
        if (acknowledgement.StoreId != Id)
        {
            throw new ArgumentException($"The acknowledgement is for store '{acknowledgement.StoreId}', not '{Id}'.", paramName);
        }

        if (acknowledgement.Provider != provider)
        {
            throw new ArgumentException($"The acknowledgement is for '{acknowledgement.Provider}', not '{provider}'.", paramName);
        }
    }

    /// <summary>Assesses removing <paramref name="app"/>, with <paramref name="alongWith"/> going too and <paramref name="incoming"/> (a replacement) coming in active.</summary>
    /// <remarks>Loops rather than LINQ: every disconnect and replace assesses the app that goes.</remarks>
    private ImpactAssessment Assess(ConnectedApp app, Instant now, IReadOnlyList<ProviderKey> alongWith, ProviderDescriptor? incoming)
    {
        var live = app.State != ConnectionState.Pending;
        var appWorkflows = app.Provider.Workflows;
        var workflows = new WorkflowImpact[appWorkflows.Count];
        for (var i = 0; i < workflows.Length; i++)
        {
            var workflow = appWorkflows[i];
            var coverage = CoverageOf(workflow, app.Key, alongWith, incoming);
            var (affected, severity) = !live ? (AffectedParties.None, ImpactSeverity.None)
                : coverage.Count > 0 ? (AffectedParties.None, ImpactSeverity.Low)
                : WorkflowImpactRules.WhenStopped(workflow);
            workflows[i] = new WorkflowImpact(workflow, live, coverage, affected, severity);
        }

        return new ImpactAssessment(Id, app, alongWith, AppsVersion, now, live && Policy.IsCritical(app.Category), Array.AsReadOnly(workflows));
    }

    /// <summary>The active apps other than <paramref name="going"/> and <paramref name="alongWith"/> that serve <paramref name="workflow"/>, then <paramref name="incoming"/> if it does.</summary>
    private ReadOnlyCollection<ProviderKey> CoverageOf(CommerceWorkflow workflow, ProviderKey going, IReadOnlyList<ProviderKey> alongWith, ProviderDescriptor? incoming)
    {
        // Counted first, so the result is one array of the right size.
        var incomingCovers = incoming is not null && incoming.Serves(workflow);
        var count = incomingCovers ? 1 : 0;
        var keys = _state.Apps.Keys;
        var apps = _state.Apps.States;
        for (var slot = 0; slot < keys.Length; slot++)
        {
            count += keys[slot] is not null && Covers(ref apps[slot], workflow, going, alongWith) ? 1 : 0;
        }

        if (count == 0)
        {
            return ReadOnlyCollection<ProviderKey>.Empty;
        }

        var covering = new ProviderKey[count];
        var i = 0;
        for (var slot = 0; slot < keys.Length; slot++)
        {
            if (keys[slot] is { } key && Covers(ref apps[slot], workflow, going, alongWith))
            {
                covering[i++] = key;
            }
        }

        if (incomingCovers)
        {
            covering[i] = incoming!.Key;
        }

        return Array.AsReadOnly(covering);
    }

    private static bool Covers(ref AppState other, CommerceWorkflow workflow, ProviderKey going, IReadOnlyList<ProviderKey> alongWith) =>
        other.State == ConnectionState.Active && other.Provider.Serves(workflow) && !other.Key.Equals(going) && (alongWith.Count == 0 || !alongWith.Contains(other.Key));

    private LimitGuidance Guide(ProviderDescriptor wanted, Instant now)
    {
        var options = new List<LimitOption>();
        var removable = Snapshots().Where(a => a.State != ConnectionState.Pending && a.Provider.SupportsSelfServiceDisconnect).ToArray();
        var idleCutoff = now - Policy.UnusedAppWindow;
        var unused = removable.Where(a => a.IdleSince <= idleCutoff).OrderBy(a => a.IdleSince).ThenBy(a => a.Key.Value, StringComparer.Ordinal).ToArray();
        if (unused.Length > 0)
        {
            options.Add(new LimitOption(
                LimitOptionKind.DisconnectUnusedApp,
                $"Disconnect an unused app (no activity for {Describe(Policy.UnusedAppWindow)}): {string.Join(", ", unused.Select(a => a.Provider.DisplayName))}.",
                unused,
                [],
                null));
        }

        var replaceable = removable
            .OrderBy(a => a.Category == wanted.Category ? 0 : 1)
            .ThenBy(a => a.IdleSince)
            .ThenBy(a => a.Key.Value, StringComparer.Ordinal)
            .ToArray();
        if (replaceable.Length > 0)
        {
            options.Add(new LimitOption(
                LimitOptionKind.ReplaceExistingApp,
                $"Replace an existing app with {wanted.DisplayName}: {string.Join(", ", replaceable.Select(a => a.Provider.DisplayName))}.",
                replaceable,
                [],
                null));
        }

        var currentTier = Policy.Catalog.TryGetPlan(PlanId, out var current) ? current.Tier : -1;
        var upgrades = Policy.Catalog.PlansWithRoomFor(SlotsInUse + 1).Where(p => p.Tier > currentTier).ToArray();
        if (upgrades.Length > 0)
        {
            options.Add(new LimitOption(
                LimitOptionKind.UpgradePlan,
                $"Upgrade to a plan with room: {string.Join(", ", upgrades.Select(p => $"{p.Name} ({p.ConnectedApps} apps)"))}.",
                [],
                upgrades,
                null));
        }

        options.Add(new LimitOption(LimitOptionKind.ContactSupport, $"Contact {Policy.Support}.", [], [], Policy.Support));
        return new LimitGuidance(SlotsInUse, Allowance, options);
    }

    /// <summary>Completes or releases the pending reservation of <paramref name="provider"/>; only the one of <paramref name="connection"/> when given.</summary>
    private StoreOutcome SettleCore(ProviderKey provider, ConnectionId? connection, Actor actor, bool complete)
    {
        var now = Now();
        foreach (var gone in ExpireDue(now))
        {
            if (gone.Key == provider && (connection is null || gone.ConnectionId == connection))
            {
                return ExpiredOutcome(provider);
            }
        }

        if (FindPending(provider, connection) is { } refusal)
        {
            return refusal;
        }

        var app = AppOf(provider);
        if (complete)
        {
            Append(now, actor, SlotEntryKind.Activated, provider);
            Raise(new ConnectionActivated(Id, actor, now, provider, app.ConnectionId));
            return new StoreOutcome(OutcomeStatus.Activated, $"{app.Provider.DisplayName} is connected and active.") { Provider = provider, App = AppOf(provider) };
        }

        Append(now, actor, SlotEntryKind.Released, provider);
        Raise(new ReservationReleased(Id, actor, now, provider, app.ConnectionId, SlotsInUse, Allowance));
        return new StoreOutcome(OutcomeStatus.Released, $"The setup of {app.Provider.DisplayName} was released; its slot is free.") { Provider = provider, App = app };
    }

    private StoreOutcome? FindPending(ProviderKey provider, ConnectionId? connection)
    {
        if (!TryGetApp(provider, out var app))
        {
            // A scheduled sweep may have expired the reservation before the setup came back: say so.
            return _state.WasExpired(provider) ? ExpiredOutcome(provider) : NotConnectedOutcome(provider);
        }

        if (connection is not null && app.ConnectionId != connection)
        {
            // The reservation named ended, and the provider took a slot again since: that later connection is not the caller's to settle.
            return new StoreOutcome(
                OutcomeStatus.ReservationExpired,
                $"The reservation {connection} of '{provider}' no longer holds a slot: it expired or was released, and {app.Provider.DisplayName} is now connection {app.ConnectionId} ({app.State}).")
            { Provider = provider, App = app };
        }

        return app.State == ConnectionState.Pending
            ? null
            : new StoreOutcome(OutcomeStatus.NotPending, $"{app.Provider.DisplayName} is {app.State}, not pending.") { Provider = provider, App = app };
    }

    private StoreOutcome? FindLive(ProviderKey provider, string action)
    {
        if (!TryGetApp(provider, out var app))
        {
            return NotConnectedOutcome(provider);
        }

        return app.State == ConnectionState.Pending
            ? new StoreOutcome(OutcomeStatus.WrongState, $"{app.Provider.DisplayName} is still pending; cannot {action} it before its setup completes.") { Provider = provider, App = app }
            : null;
    }

    private StoreOutcome NotConnectedOutcome(ProviderKey provider) =>
        new(OutcomeStatus.NotConnected, $"The store has no connected app '{provider}'.") { Provider = provider };

    private static StoreOutcome ExpiredOutcome(ProviderKey provider) =>
        new(OutcomeStatus.ReservationExpired, $"The setup of '{provider}' took too long: its reservation expired and its slot was freed. Start the setup again.") { Provider = provider };

    private static StoreOutcome SetupInvalidOutcome(ProviderKey provider, SetupValidation setup) =>
        new(OutcomeStatus.SetupInvalid, $"The setup of '{provider}' is incomplete or invalid: {string.Join("; ", setup.Errors.Select(e => e.ToString().TrimEnd('.')))}. No slot was used.")
        { Provider = provider, Details = new SetupInvalidDetails(setup.Errors) };

    private static string Describe(Duration window) =>
        window.Days >= 1 && window == Duration.FromDays(window.Days) ? Plural(window.Days, "day")
        : window >= Duration.FromHours(1) ? Plural((int)window.TotalHours, "hour")
        : Plural((int)Math.Ceiling(window.TotalMinutes), "minute");

    private static string Plural(int count, string unit) => string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? "" : "s")}");

    private static string Describe(ProviderAvailability availability) => availability switch
    {
        ProviderAvailability.NotOffered => "ShopIQ does not offer it",
        ProviderAvailability.Retired => "it is retired; existing connections keep working",
        ProviderAvailability.NotInRegion => "it is not offered in this region",
        _ => availability.ToString(),
    };

    private IReadOnlyList<ConnectedApp> ExpireDue(Instant now) => AnyDue(now) ? ExpireDueNow(now) : [];

    /// <summary>The expiry itself, apart: its lambda captures <paramref name="now"/>, and the closure would otherwise be made on every operation.</summary>
    private ReadOnlyCollection<ConnectedApp> ExpireDueNow(Instant now)
    {
        var due = Snapshots()
            .Where(a => a.State == ConnectionState.Pending && a.PendingUntil <= now)
            .OrderBy(a => a.PendingUntil)
            .ThenBy(a => a.Key.Value, StringComparer.Ordinal)
            .ToArray();
        foreach (var app in due)
        {
            Append(now, Actor.System, SlotEntryKind.Expired, app.Key);
            Raise(new ReservationExpired(Id, Actor.System, now, app.Key, app.ConnectionId, app.PendingUntil!.Value, SlotsInUse, Allowance));
        }

        return Array.AsReadOnly(due);
    }

    /// <summary>A loop rather than LINQ: every operation asks, and almost always the answer is no.</summary>
    private bool AnyDue(Instant now)
    {
        // Stryker disable once Block,Statement : equivalent; only a shortcut, the loop below finds nothing due either (LedgerState.PendingApps)
        if (_state.PendingApps == 0)
        {
            return false;
        }

        var keys = _state.Apps.Keys;
        var apps = _state.Apps.States;
        for (var slot = 0; slot < keys.Length; slot++)
        {
            if (keys[slot] is not null && apps[slot].PendingUntil <= now)
            {
                return true;
            }
        }

        return false;
    }

    private void RaiseIfNearlyFull(int usedBefore, SlotAllowance allowanceBefore, Actor actor, Instant now)
    {
        if (IsNearlyFull(SlotsInUse, Allowance) && !IsNearlyFull(usedBefore, allowanceBefore))
        {
            Raise(new SlotsNearlyFull(Id, actor, now, SlotsInUse, Allowance, Policy.NearlyFullThreshold));
        }
    }

    private bool IsNearlyFull(int used, SlotAllowance allowance) =>
        allowance.Slots is > 0 and var slots && used >= Math.Ceiling((Policy.NearlyFullThreshold * slots) - 1e-9);

    private void Raise(StoreEvent storeEvent) => _events.Add(storeEvent);

    /// <summary>
    /// The current instant to the microsecond, never earlier than the last entry's, so the ledger stays in order if the
    /// clock steps back. Microseconds are what a database such as PostgreSQL keeps: every instant the store records is one
    /// it would read back unchanged, so a store rebuilt from a snapshot equals one replayed from the stored ledger.
    /// </summary>
    private Instant Now()
    {
        // A new store's LastAt is the Unix epoch, before any clock this library runs on: the floor holds from its first entry.
        return Instant.Max(_state.LastAt, ToMicroseconds(_clock.GetCurrentInstant()));
    }

    /// <summary>The instant cut down to a whole microsecond (earlier, never later).</summary>
    private static Instant ToMicroseconds(Instant instant)
    {
        const long TicksPerMicrosecond = 10;
        var ticks = instant.ToUnixTimeTicks();
        return Instant.FromUnixTimeTicks(ticks - (((ticks % TicksPerMicrosecond) + TicksPerMicrosecond) % TicksPerMicrosecond));
    }

    private void Append(Instant at, Actor actor, SlotEntryKind kind, ProviderKey provider) =>
        Append(at, actor, kind, provider, null, PlanId, Allowance, AiCreditBalance, null, null, null);

    private void Append(Instant at, Actor actor, SlotEntryKind kind, ProviderKey? provider, ProviderDescriptor? descriptor, PlanId planId, SlotAllowance allowance, int aiCredits, Instant? pendingUntil, AttentionReason? reason, ConnectionId? connection)
    {
        if (_handedOver)
        {
            throw new InvalidOperationException($"Store '{Id}' was handed over as a snapshot and cannot change; rebuild it from the snapshot.");
        }

        var slotsAfter = SlotsInUse + SlotLedgerEntry.SlotDelta(kind); // Opened, always the first entry, starts from none and moves none
        var entry = new SlotLedgerEntry(Version + 1, at, actor, kind, provider, descriptor, planId, allowance, slotsAfter, aiCredits, pendingUntil, reason, connection);
        if (!allowance.Covers(slotsAfter))
        {
            // The operations check the allowance before they get here; reaching this line is a bug, and R3 must hold even then.
            throw new InvalidOperationException($"Entry {entry} would put store '{Id}' over its allowance.");
        }

        _state.Apply(entry);
        _ledger.Append(entry);
    }

    /// <summary>Reads one app without copying the others.</summary>
    /// <param name="key">The provider.</param>
    /// <param name="app">A snapshot of the app when the store has it (it holds a slot: pending, active or needing attention); otherwise null.</param>
    /// <returns>Whether the store has the app.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool TryGetApp(ProviderKey key, [NotNullWhen(true)] out ConnectedApp? app)
    {
        ArgumentNullException.ThrowIfNull(key);
        ref var state = ref _state.Apps.Find(key);
        app = Unsafe.IsNullRef(ref state) ? null : state.Snapshot();
        return app is not null;
    }

    /// <summary>The snapshot of an app the store has.</summary>
    private ConnectedApp AppOf(ProviderKey key) =>
        TryGetApp(key, out var app) ? app : throw new InvalidOperationException($"The store has no app '{key}'.");

    /// <summary>The snapshots of every app, in table order.</summary>
    private ConnectedApp[] Snapshots()
    {
        var snapshots = new ConnectedApp[_state.Apps.Count];
        var i = 0;
        var keys = _state.Apps.Keys;
        var apps = _state.Apps.States;
        for (var slot = 0; slot < keys.Length; slot++)
        {
            if (keys[slot] is not null)
            {
                snapshots[i++] = apps[slot].Snapshot();
            }
        }

        return snapshots;
    }
}
