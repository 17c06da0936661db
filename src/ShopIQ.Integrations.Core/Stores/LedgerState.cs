using System.Globalization;
using System.Runtime.CompilerServices;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// What a <see cref="Store"/> knows after its last ledger entry: its apps, counts and versions. It changes only by
/// <see cref="Apply"/>, one entry at a time, live and in replay alike; a <see cref="StoreSnapshot"/> is a frozen copy.
/// </summary>
/// <remarks>
/// Everything an operation of the store may read is here, so that a store restored from a copy of this state answers
/// every later operation as the store it was taken from: the app table with its very layout (it fixes the order apps
/// are listed and assessed in), the instant of the last entry (the store's clock never goes back past it), and which
/// apps' reservations expired since they were last connected (a late completion is told so). Not thread-safe.
/// </remarks>
internal sealed class LedgerState
{
    private LedgerState(StoreId id, AppTable apps)
    {
        Id = id;
        Apps = apps;
        PlanId = null!; // set by the Opened entry, always the first one applied
    }

    /// <summary>The store's id.</summary>
    public StoreId Id { get; }

    /// <summary>The apps holding a slot.</summary>
    public AppTable Apps { get; }

    /// <summary>The store's plan.</summary>
    public PlanId PlanId { get; private set; }

    /// <summary>The allowance in force.</summary>
    public SlotAllowance Allowance { get; private set; }

    /// <summary>The AI credits left.</summary>
    public int AiCreditBalance { get; private set; }

    /// <summary>The sequence number of the last entry applied; zero before the first.</summary>
    public long Version { get; private set; }

    /// <summary>The sequence number of the last entry that changed which apps are live or their health.</summary>
    public long AppsVersion { get; private set; }

    /// <summary>The instant of the last entry applied.</summary>
    public Instant LastAt { get; private set; }

    /// <summary>How many apps hold a pending reservation: every operation asks whether one is due.</summary>
    /// <remarks>
    /// Only a shortcut for "no app is pending": <c>Store</c> skips its loop over the apps when it is zero, and the loop
    /// finds the same answer otherwise. A count above the true one therefore changes no answer (mutation testing marks
    /// such mutants equivalent); a count of zero while an app is pending would let a reservation outlive its deadline.
    /// </remarks>
    public int PendingApps { get; private set; }

    /// <summary>The apps not connected now whose last entry was the expiry of their reservation; null when there are none.</summary>
    public HashSet<ProviderKey>? Expired { get; private set; }

    /// <summary>The slots in use.</summary>
    public int SlotsInUse => Apps.Count;

    /// <summary>The state of a store before its first entry.</summary>
    public static LedgerState Empty(StoreId id) => new(id, new AppTable());

    /// <summary>A state read back from a snapshot: its parts as they were taken, without checking them (the reader does).</summary>
    public static LedgerState Restore(
        StoreId id, AppTable apps, PlanId planId, SlotAllowance allowance, int aiCreditBalance, long version, long appsVersion, Instant lastAt, HashSet<ProviderKey>? expired)
    {
        var state = new LedgerState(id, apps)
        {
            PlanId = planId,
            Allowance = allowance,
            AiCreditBalance = aiCreditBalance,
            Version = version,
            AppsVersion = appsVersion,
            LastAt = lastAt,
            Expired = expired is { Count: > 0 } ? expired : null,
        };
        foreach (ref var app in apps.States)
        {
            // Stryker disable once Logical : equivalent; counting more apps than the pending ones only raises the count,
            // and a count above the true one is harmless (see PendingApps)
            state.PendingApps += app.Provider is not null && app.State == ConnectionState.Pending ? 1 : 0;
        }

        return state;
    }

    /// <summary>A copy that shares nothing that changes with this one.</summary>
    public LedgerState Clone() => new(Id, Apps.Clone())
    {
        PlanId = PlanId,
        Allowance = Allowance,
        AiCreditBalance = AiCreditBalance,
        Version = Version,
        AppsVersion = AppsVersion,
        LastAt = LastAt,
        PendingApps = PendingApps,
        Expired = Expired is null ? null : new HashSet<ProviderKey>(Expired),
    };

    /// <summary>Whether the last entry about <paramref name="provider"/>, which is not connected, was the expiry of its reservation.</summary>
    public bool WasExpired(ProviderKey provider) => Expired?.Contains(provider) == true;

    /// <summary>Applies one entry; the only place state changes, live and in replay.</summary>
    /// <remarks>
    /// Written without lambdas or LINQ, and with one lookup of the app concerned: replay runs it for every entry
    /// of a ledger, and every operation runs it once.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The entry cannot apply: it names an app in no state it allows, or its count disagrees.</exception>
    public void Apply(SlotLedgerEntry entry)
    {
        var at = entry.At;
        bool liveAppsChanged;
        switch (entry.Kind)
        {
            case SlotEntryKind.Opened:
                // Stryker disable once Statement : equivalent; Opened is always a ledger's first entry (a ledger is refused unless it starts with
                // Opened, and only there), so the table is empty, nothing is pending and nothing expired yet
                Apps.Clear();
                // Stryker disable once Statement : equivalent; see Apps.Clear() above
                PendingApps = 0;
                // Stryker disable once Statement : equivalent; see Apps.Clear() above
                Expired = null;
                liveAppsChanged = true;
                break;
            case SlotEntryKind.Connected:
                Add(entry).Start(entry.Descriptor!, ConnectionOf(entry), ConnectionState.Active, at, null);
                liveAppsChanged = true;
                break;
            case SlotEntryKind.Reserved:
                Add(entry).Start(entry.Descriptor!, ConnectionOf(entry), ConnectionState.Pending, at, entry.PendingUntil);
                PendingApps++;
                liveAppsChanged = false;
                break;
            case SlotEntryKind.Activated:
            {
                ref var app = ref Named(entry, pendingOnly: true);
                app.State = ConnectionState.Active;
                app.PendingUntil = null;
                app.Changed();
                // Stryker disable once Update,Statement : equivalent; a count above the true one is harmless (see PendingApps)
                PendingApps--;
                liveAppsChanged = true;
                break;
            }

            case SlotEntryKind.Released:
                Named(entry, pendingOnly: true);
                Remove(entry);
                liveAppsChanged = false;
                break;
            case SlotEntryKind.Expired:
                Named(entry, pendingOnly: true);
                Remove(entry);
                (Expired ??= []).Add(entry.Provider!);
                liveAppsChanged = false;
                break;
            case SlotEntryKind.Disconnected:
                liveAppsChanged = Remove(entry) != ConnectionState.Pending;
                break;
            case SlotEntryKind.Replaced:
                Remove(entry);
                Add(entry).Start(entry.Descriptor!, ConnectionOf(entry), ConnectionState.Active, at, null);
                liveAppsChanged = true;
                break;
            case SlotEntryKind.MarkedNeedsAttention:
            {
                ref var app = ref Named(entry, pendingOnly: false);
                liveAppsChanged = app.State == ConnectionState.Active;
                app.State = ConnectionState.NeedsAttention;
                app.AttentionReason = entry.AttentionReason;
                app.Changed();
                break;
            }

            case SlotEntryKind.Reconnected:
            {
                ref var app = ref Named(entry, pendingOnly: false);
                liveAppsChanged = app.State == ConnectionState.NeedsAttention;
                app.State = ConnectionState.Active;
                app.AttentionReason = null;
                app.Changed();
                break;
            }

            case SlotEntryKind.ActivityRecorded:
            {
                ref var app = ref Named(entry, pendingOnly: false);
                app.LastActivityAt = at;
                app.Changed();
                liveAppsChanged = false;
                break;
            }

            default: // PlanChanged, AllowanceRaised, AiCreditsUsed: counts only
                liveAppsChanged = false;
                break;
        }

        PlanId = entry.PlanId;
        Allowance = entry.Allowance;
        AiCreditBalance = entry.AiCreditBalance;
        Version = entry.Sequence;
        LastAt = at;
        if (liveAppsChanged)
        {
            AppsVersion = entry.Sequence;
        }

        if (SlotsInUse != entry.SlotsInUse)
        {
            throw CountDisagrees(entry, SlotsInUse);
        }
    }

    /// <summary>
    /// The last entry as far as the checks of the next one go (<see cref="SlotLedger.Check"/>): its sequence, instant,
    /// plan, allowance, credits and count. Lets a tail of entries after a snapshot be checked as a replay checks them.
    /// </summary>
    public SlotLedgerEntry LastEntrySummary() =>
        new(Version, LastAt, Actor.System, SlotEntryKind.PlanChanged, null, null, PlanId, Allowance, SlotsInUse, AiCreditBalance, null, null);

    /// <summary>The id of the connection an entry starts: its own, or for an entry written before ids, the derived one.</summary>
    private ConnectionId ConnectionOf(SlotLedgerEntry entry) =>
        entry.ConnectionId ?? ConnectionId.Derive(Id, entry.Descriptor!.Key, entry.At);

    // Apply's helpers each make one lookup: replay runs them for every entry of a ledger.
    /// <summary>The cleared place for the app an entry connects (its descriptor's key), which must not be connected yet.</summary>
    private ref AppState Add(SlotLedgerEntry entry)
    {
        var key = entry.Descriptor!.Key;
        if (entry.ConnectionId is { } id && HoldsConnection(id))
        {
            throw new InvalidOperationException($"entry {entry.Sequence} starts connection {id}, which another app still holds.");
        }

        ref var app = ref Apps.Add(key, out var exists);
        if (exists)
        {
            throw AlreadyConnected(entry, key);
        }

        if (Expired is not null && Expired.Remove(key) && Expired.Count == 0)
        {
            Expired = null;
        }

        return ref app;
    }

    /// <summary>Whether a live app holds connection <paramref name="id"/>: a loop, run only for entries that carry an id.</summary>
    private bool HoldsConnection(ConnectionId id)
    {
        var keys = Apps.Keys;
        var apps = Apps.States;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is not null && apps[i].ConnectionId == id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The app an entry names, in place: it must be connected, and pending when <paramref name="pendingOnly"/>,
    /// else not pending (only entries about pending apps may name one).
    /// </summary>
    private ref AppState Named(SlotLedgerEntry entry, bool pendingOnly)
    {
        ref var app = ref Apps.Find(entry.Provider!);
        if (Unsafe.IsNullRef(ref app) || (app.State == ConnectionState.Pending) != pendingOnly)
        {
            throw NotAllowed(entry);
        }

        return ref app;
    }

    /// <summary>Removes the app an entry names, in whatever state; it must be connected.</summary>
    private ConnectionState Remove(SlotLedgerEntry entry)
    {
        if (!Apps.Remove(entry.Provider!, out var state))
        {
            throw NotAllowed(entry);
        }

        // Stryker disable once Assignment,Statement : equivalent; a count above the true one is harmless (see PendingApps)
        PendingApps -= state == ConnectionState.Pending ? 1 : 0;
        return state;
    }

    private static InvalidOperationException NotAllowed(SlotLedgerEntry entry) =>
        new($"entry {entry.Sequence} ({entry.Kind}) names '{entry.Provider}', which is not connected in a state that allows it.");

    private static InvalidOperationException CountDisagrees(SlotLedgerEntry entry, int slotsInUse) =>
        new(string.Create(CultureInfo.InvariantCulture, $"entry {entry.Sequence} records {entry.SlotsInUse} slots in use, but applying it leaves {slotsInUse}."));

    private static InvalidOperationException AlreadyConnected(SlotLedgerEntry entry, ProviderKey key) =>
        new($"entry {entry.Sequence} connects '{key}', which is already connected.");
}
