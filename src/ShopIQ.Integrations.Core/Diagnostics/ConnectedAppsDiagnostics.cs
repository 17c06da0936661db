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
}
