namespace ShopIQ.Integrations.Core.Diagnostics;

/// <summary>
/// The names under which the connected-apps service reports: its <c>Meter</c>, its <c>ActivitySource</c>
/// and its instruments, for OpenTelemetry's <c>AddMeter</c>/<c>AddSource</c> or a <c>MeterListener</c>.
/// </summary>
public static class ConnectedAppsDiagnostics
{
    /// <summary>The name of the meter and of the activity source: <c>ShopIQ.Integrations.Core</c>.</summary>
    public const string Name = "ShopIQ.Integrations.Core";

    /// <summary>Counter of connect attempts, tagged <c>status</c> (the command status) and <c>outcome</c> (the store's outcome status, or <c>none</c>).</summary>
    public const string ConnectAttempts = "shopiq.connected_apps.connect.attempts";

    /// <summary>Counter of connects refused at the limit (each <c>ConnectRefusedAtLimit</c> event saved).</summary>
    public const string LimitRefusals = "shopiq.connected_apps.limit_refusals";

    /// <summary>Histogram of a store's slots in use after each saved change, tagged <c>plan</c>.</summary>
    public const string SlotsInUse = "shopiq.connected_apps.slots_in_use";

    /// <summary>Counter of pending reservations that expired (lazily or by a sweep).</summary>
    public const string ReservationsExpired = "shopiq.connected_apps.reservations.expired";

    /// <summary>Counter of version conflicts met while saving, tagged <c>operation</c>; each one is retried up to the limit.</summary>
    public const string Conflicts = "shopiq.connected_apps.conflicts";

    /// <summary>
    /// Counter: stores rebuilt from their whole ledger, tagged <c>reason</c>: <c>missing</c> (no snapshot),
    /// <c>untrusted</c> (a snapshot of an unknown format, with a bad checksum, or of another version) or <c>audit</c>
    /// (a snapshot that disagreed with its ledger's replay).
    /// </summary>
    public const string SnapshotsRebuilt = "shopiq.connected_apps.snapshots.rebuilt";

    /// <summary>Counter: events an event subscription's handler took, tagged <c>subscription</c>.</summary>
    public const string SubscriptionDelivered = "shopiq.connected_apps.subscription.delivered";

    /// <summary>Counter: failed handler attempts that were tried again, tagged <c>subscription</c>.</summary>
    public const string SubscriptionRetried = "shopiq.connected_apps.subscription.retried";

    /// <summary>Counter: events parked after the handler's last attempt failed, tagged <c>subscription</c>.</summary>
    public const string SubscriptionParked = "shopiq.connected_apps.subscription.parked";

    /// <summary>
    /// Gauge: how far behind the feed's head a subscription's last read was, in commits (transaction ids in PostgreSQL, which
    /// count every transaction of the server, so read it as a trend), tagged <c>subscription</c>; 0 when it read nothing new.
    /// </summary>
    public const string SubscriptionLagCommits = "shopiq.connected_apps.subscription.lag";

    /// <summary>Gauge: the age in seconds of the oldest event a subscription had not yet delivered at its last read, tagged <c>subscription</c>; 0 when it read nothing new.</summary>
    public const string SubscriptionLagSeconds = "shopiq.connected_apps.subscription.lag.seconds";
}
