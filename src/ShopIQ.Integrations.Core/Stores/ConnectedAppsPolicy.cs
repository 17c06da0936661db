using System.Collections.Frozen;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>The settings a store is governed by: the plan catalog and the tunable parts of the rules.</summary>
/// <remarks>
/// Immutable once built (properties are init-only and validated as they are set) and thread-safe.
/// Defaults: reservations live 30 minutes (R6), an app is unused after 30 days without activity (R11),
/// activity is recorded at most once a day per app (R11), payments, logistics, WhatsApp messaging and
/// analytics are critical (R8), "nearly full" is reached
/// at 80 % of the allowance (R18), and support is reached through the dashboard's help menu.
/// </remarks>
public sealed class ConnectedAppsPolicy
{
    private readonly Duration _pendingReservationLifetime = Duration.FromMinutes(30);
    private readonly Duration _unusedAppWindow = Duration.FromDays(30);
    private readonly Duration _activityResolution = Duration.FromDays(1);
    private readonly FrozenSet<ProviderCategory> _criticalCategories = new[]
    {
        ProviderCategory.Payments, ProviderCategory.Logistics, ProviderCategory.WhatsAppMessaging, ProviderCategory.Analytics,
    }.ToFrozenSet();

    private readonly double _nearlyFullThreshold = 0.8;
    private readonly SupportRoute _support = new(
        "Help > Contact support in the ShopIQ dashboard",
        "Help > Implementation Partners in the ShopIQ dashboard");

    /// <summary>Creates a policy with the default settings.</summary>
    /// <param name="catalog">The plan catalog.</param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    public ConnectedAppsPolicy(PlanCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
    }

    /// <summary>The plan catalog.</summary>
    public PlanCatalog Catalog { get; }

    /// <summary>The longest <see cref="PendingReservationLifetime"/> accepted: an abandoned setup must give its slot back within a week.</summary>
    public static Duration MaxPendingReservationLifetime { get; } = Duration.FromDays(7);

    /// <summary>The longest <see cref="UnusedAppWindow"/> accepted: ten years.</summary>
    public static Duration MaxUnusedAppWindow { get; } = Duration.FromDays(3650);

    /// <summary>How long a pending reservation holds its slot before it expires (R6). Positive and at most <see cref="MaxPendingReservationLifetime"/>; default 30 minutes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative or longer than the maximum.</exception>
    public Duration PendingReservationLifetime
    {
        get => _pendingReservationLifetime;
        init => _pendingReservationLifetime = value > Duration.Zero && value <= MaxPendingReservationLifetime
            ? value
            : throw new ArgumentOutOfRangeException(nameof(PendingReservationLifetime), value, $"The pending-reservation lifetime must be positive and at most {MaxPendingReservationLifetime.Days} days.");
    }

    /// <summary>How long without recorded activity makes an app "unused" in limit guidance (R11). Positive and at most <see cref="MaxUnusedAppWindow"/>; default 30 days.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative or longer than the maximum.</exception>
    public Duration UnusedAppWindow
    {
        get => _unusedAppWindow;
        init => _unusedAppWindow = value > Duration.Zero && value <= MaxUnusedAppWindow
            ? value
            : throw new ArgumentOutOfRangeException(nameof(UnusedAppWindow), value, $"The unused-app window must be positive and at most {MaxUnusedAppWindow.Days} days.");
    }

    /// <summary>
    /// How often an app's activity reaches the ledger: activity recorded within this long of the last recorded activity
    /// is answered as recorded and changes nothing, so a busy app does not grow the ledger (R11 works to this
    /// resolution). Positive and at most <see cref="MaxUnusedAppWindow"/>; default one day.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero, a negative value or more than <see cref="MaxUnusedAppWindow"/>.</exception>
    public Duration ActivityResolution
    {
        get => _activityResolution;
        init => _activityResolution = value > Duration.Zero && value <= MaxUnusedAppWindow
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ActivityResolution), value, $"The activity resolution must be positive and at most {MaxUnusedAppWindow.Days} days.");
    }

    /// <summary>The categories whose apps need an acknowledged impact assessment before they are disconnected or replaced (R8).</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value holds an undefined category.</exception>
    public IReadOnlySet<ProviderCategory> CriticalCategories
    {
        get => _criticalCategories;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(CriticalCategories));
            foreach (var category in value)
            {
                Preconditions.CheckDefined(category, nameof(CriticalCategories));
            }

            _criticalCategories = value.ToFrozenSet();
        }
    }

    /// <summary>
    /// The share of the allowance at which a store counts as nearly full (R18): a fraction greater than 0
    /// and at most 1. Default 0.8. Stores with an unlimited or zero allowance are never nearly full.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in (0, 1].</exception>
    public double NearlyFullThreshold
    {
        get => _nearlyFullThreshold;
        init => _nearlyFullThreshold = value is > 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(NearlyFullThreshold), value, "The nearly-full threshold must be greater than 0 and at most 1.");
    }

    /// <summary>Where merchants go when self-service cannot help (R7, R11).</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public SupportRoute Support
    {
        get => _support;
        init => _support = value ?? throw new ArgumentNullException(nameof(Support));
    }

    /// <summary>Returns a copy of this policy with another catalog.</summary>
    /// <param name="catalog">The new catalog.</param>
    /// <returns>The new policy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    public ConnectedAppsPolicy WithCatalog(PlanCatalog catalog) => new(catalog)
    {
        PendingReservationLifetime = PendingReservationLifetime,
        UnusedAppWindow = UnusedAppWindow,
        ActivityResolution = ActivityResolution,
        CriticalCategories = CriticalCategories,
        NearlyFullThreshold = NearlyFullThreshold,
        Support = Support,
    };

    /// <summary>Whether apps of <paramref name="category"/> need an acknowledged impact assessment (R8).</summary>
    /// <param name="category">The category.</param>
    /// <returns><see langword="true"/> when critical.</returns>
    public bool IsCritical(ProviderCategory category) => _criticalCategories.Contains(category);
}
