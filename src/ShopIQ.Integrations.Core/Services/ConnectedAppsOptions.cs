namespace ShopIQ.Integrations.Core;

/// <summary>
/// The settings of the connected-apps service, bound from configuration (for example the
/// <c>ShopIQ:Integrations</c> section) and validated at start-up.
/// </summary>
/// <remarks>
/// <para>
/// Mutable, for the configuration binder. Durations are <see cref="TimeSpan"/>s because that is the format
/// configuration files already use (<c>"00:30:00"</c>); the service turns them into NodaTime durations.
/// Defaults are those of <see cref="ConnectedAppsPolicy"/> where the policy has the setting.
/// </para>
/// <para>
/// An invalid value (an empty catalog, a negative allowance, duplicate plan ids, a zero lifetime, a connect
/// timeout not shorter than the reservation lifetime) fails at start-up with an
/// <c>OptionsValidationException</c> whose message names the setting.
/// </para>
/// </remarks>
public sealed class ConnectedAppsOptions
{
    /// <summary>The default configuration section: <c>ShopIQ:Integrations</c>.</summary>
    public const string SectionName = "ShopIQ:Integrations";

    /// <summary>The plan catalog; at least one plan, unique ids and tiers.</summary>
    public IList<PlanOptions> Plans { get; } = new List<PlanOptions>();

    /// <summary>How long a pending reservation holds its slot (R6). Positive, at most 7 days; default 30 minutes.</summary>
    public TimeSpan PendingReservationLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long without activity makes an app "unused" in limit guidance (R11). Positive, at most 3650 days; default 30 days.</summary>
    public TimeSpan UnusedAppWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How often an app's activity reaches the ledger (R11): activity within this long of the last recorded activity is
    /// answered as recorded without a new entry or a save. Positive, at most <see cref="UnusedAppWindow"/>; default one day.
    /// </summary>
    public TimeSpan ActivityResolution { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How many stores' snapshots each service instance keeps in memory, so a command on a store it served recently
    /// decides without reading the store first (the save's version check catches a store changed elsewhere).
    /// 0 to 1,000,000; 0 turns the cache off; default 10,000.
    /// </summary>
    public int StoreCacheCapacity { get; set; } = 10_000;

    /// <summary>
    /// The categories whose disconnect or replace needs the merchant's acknowledgement (R8). Unset means the
    /// policy's default (payments, logistics, WhatsApp, analytics); an empty list means none.
    /// </summary>
    public IList<ProviderCategory>? CriticalCategories { get; set; }

    /// <summary>The share of the allowance at which a store counts as nearly full (R18): greater than 0, at most 1; default 0.8.</summary>
    public double NearlyFullThreshold { get; set; } = 0.8;

    /// <summary>How merchants reach ShopIQ Support (R7, R11); unset means the policy's default.</summary>
    public string? SupportContact { get; set; }

    /// <summary>How merchants reach an Implementation Partner (R7, R11); unset means the policy's default.</summary>
    public string? ImplementationPartnerContact { get; set; }

    /// <summary>How many times a command is retried when another caller changed the store first: 0 to 100; default 10.</summary>
    public int MaxConflictRetries { get; set; } = 10;

    /// <summary>How long a provider's connect may take before the reservation is released: positive and shorter than <see cref="PendingReservationLifetime"/>; default 2 minutes.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an impact assessment waits for providers' live facts (R19): positive, at most 30 seconds; default 2 seconds.</summary>
    public TimeSpan LiveFactsBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an idempotency key is remembered after its command finished: positive; default 24 hours.</summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many stores one sweep expires reservations in: 1 to 10,000; default 100.</summary>
    public int SweepBatchSize { get; set; } = 100;

    /// <summary>
    /// The key that signs impact acknowledgement tokens (<see cref="ConnectedAppsService.IssueAcknowledgementToken"/>), as
    /// base64 of at least 32 random bytes (<c>openssl rand -base64 32</c>). Every instance behind one front end needs the
    /// same key, so a token issued by one is read by another; keep it with your other secrets, not in a committed file.
    /// </summary>
    /// <remarks>
    /// Optional. Unset, the service issues and reads no tokens: in-process callers still pass the typed
    /// <see cref="ImpactAcknowledgement"/>, and <see cref="ConnectedAppsService.IssueAcknowledgementToken"/> or a
    /// command carrying a token throws <see cref="InvalidOperationException"/> naming this setting. A random key per
    /// process is deliberately not the default: tokens would fail on every other instance.
    /// </remarks>
    public string? AcknowledgementKey { get; set; }

    /// <summary>
    /// The key being retired, during a rotation: tokens it signed are still read until they expire; new ones are signed
    /// with <see cref="AcknowledgementKey"/>. Base64 of at least 32 bytes, or unset; needs <see cref="AcknowledgementKey"/>.
    /// </summary>
    public string? PreviousAcknowledgementKey { get; set; }

    /// <summary>How long an impact acknowledgement token is good for: positive, at most 1 day; default 15 minutes.</summary>
    public TimeSpan AcknowledgementTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
