using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// Validates <see cref="ConnectedAppsOptions"/> at start-up; every failure names the setting by its
/// configuration path (for example <c>ShopIQ:Integrations:Plans:1:ConnectedApps</c>).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class ConnectedAppsOptionsValidator : IValidateOptions<ConnectedAppsOptions>
{
    private readonly string _section;

    /// <summary>Creates a validator that names settings under a configuration section.</summary>
    /// <param name="section">The section the options are bound from, such as <c>ShopIQ:Integrations</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="section"/> is null.</exception>
    public ConnectedAppsOptionsValidator(string section)
    {
        ArgumentNullException.ThrowIfNull(section);
        _section = section;
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ConnectedAppsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidatePlans(options, failures);
        Positive(options.PendingReservationLifetime, nameof(options.PendingReservationLifetime), ConnectedAppsPolicy.MaxPendingReservationLifetime.ToTimeSpan(), failures);
        Positive(options.UnusedAppWindow, nameof(options.UnusedAppWindow), ConnectedAppsPolicy.MaxUnusedAppWindow.ToTimeSpan(), failures);
        Positive(options.ActivityResolution, nameof(options.ActivityResolution), ConnectedAppsPolicy.MaxUnusedAppWindow.ToTimeSpan(), failures);
        if (options.ActivityResolution > TimeSpan.Zero && options.UnusedAppWindow > TimeSpan.Zero && options.ActivityResolution > options.UnusedAppWindow)
        {
            failures.Add($"{Setting(nameof(options.ActivityResolution))} ({options.ActivityResolution}) must be at most {Setting(nameof(options.UnusedAppWindow))} ({options.UnusedAppWindow}): an app's idleness is known only to the resolution.");
        }

        if (options.StoreCacheCapacity is < 0 or > 1_000_000)
        {
            failures.Add($"{Setting(nameof(options.StoreCacheCapacity))} must be 0 to 1000000 (was {options.StoreCacheCapacity}).");
        }

        Positive(options.ConnectTimeout, nameof(options.ConnectTimeout), TimeSpan.MaxValue, failures);
        Positive(options.LiveFactsBudget, nameof(options.LiveFactsBudget), TimeSpan.FromSeconds(30), failures);
        Positive(options.IdempotencyKeyRetention, nameof(options.IdempotencyKeyRetention), TimeSpan.MaxValue, failures);
        if (options.ConnectTimeout > TimeSpan.Zero && options.ConnectTimeout >= options.PendingReservationLifetime)
        {
            failures.Add($"{Setting(nameof(options.ConnectTimeout))} ({options.ConnectTimeout}) must be shorter than {Setting(nameof(options.PendingReservationLifetime))} ({options.PendingReservationLifetime}), so a reservation outlives the connect that holds it.");
        }

        if (!(options.NearlyFullThreshold is > 0 and <= 1))
        {
            failures.Add($"{Setting(nameof(options.NearlyFullThreshold))} must be greater than 0 and at most 1 (was {options.NearlyFullThreshold.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (options.MaxConflictRetries is < 0 or > 100)
        {
            failures.Add($"{Setting(nameof(options.MaxConflictRetries))} must be 0 to 100 (was {options.MaxConflictRetries}).");
        }

        if (options.SweepBatchSize is < 1 or > 10_000)
        {
            failures.Add($"{Setting(nameof(options.SweepBatchSize))} must be 1 to 10000 (was {options.SweepBatchSize}).");
        }

        if (options.CriticalCategories is { } categories)
        {
            for (var i = 0; i < categories.Count; i++)
            {
                if (!Enum.IsDefined(categories[i]))
                {
                    failures.Add($"{Setting(nameof(options.CriticalCategories))}:{i} is not a provider category (was {(int)categories[i]}).");
                }
            }
        }

        ValidateAcknowledgementKeys(options, failures);
        Text(options.SupportContact, nameof(options.SupportContact), failures);
        Text(options.ImplementationPartnerContact, nameof(options.ImplementationPartnerContact), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Builds the domain policy from options that passed validation.</summary>
    internal static ConnectedAppsPolicy ToPolicy(ConnectedAppsOptions options)
    {
        var catalog = new PlanCatalog(options.Plans.Select(ToPlan));
        var defaults = new ConnectedAppsPolicy(catalog);
        return new ConnectedAppsPolicy(catalog)
        {
            PendingReservationLifetime = Duration.FromTimeSpan(options.PendingReservationLifetime),
            UnusedAppWindow = Duration.FromTimeSpan(options.UnusedAppWindow),
            ActivityResolution = Duration.FromTimeSpan(options.ActivityResolution),
            CriticalCategories = options.CriticalCategories is { } categories ? categories.ToHashSet() : defaults.CriticalCategories,
            NearlyFullThreshold = options.NearlyFullThreshold,
            Support = new SupportRoute(
                options.SupportContact ?? defaults.Support.Support,
                options.ImplementationPartnerContact ?? defaults.Support.ImplementationPartner),
        };
    }

    private static Plan ToPlan(PlanOptions plan) => new(
        new PlanId(plan.Id!),
        plan.Name!,
        plan.Tier,
        plan.Unlimited ? SlotAllowance.Unlimited : SlotAllowance.Of(plan.ConnectedApps!.Value),
        plan.AiCredits);

    private void ValidatePlans(ConnectedAppsOptions options, List<string> failures)
    {
        if (options.Plans.Count == 0)
        {
            failures.Add($"{Setting(nameof(options.Plans))} is empty: the plan catalog needs at least one plan.");
            return;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var tiers = new Dictionary<int, int>();
        for (var i = 0; i < options.Plans.Count; i++)
        {
            var plan = options.Plans[i];
            var at = $"{Setting(nameof(options.Plans))}:{i}";
            if (plan is null)
            {
                failures.Add($"{at} is missing.");
                continue;
            }

            if (string.IsNullOrEmpty(plan.Id) || !Preconditions.IsSlug(plan.Id, Preconditions.MaxIdentifierLength))
            {
                failures.Add($"{at}:Id must be a lower-case slug (a-z, 0-9, single hyphens, at most {Preconditions.MaxIdentifierLength} characters) (was {(plan.Id is null ? "unset" : Preconditions.Describe(plan.Id))}).");
            }
            else if (!ids.TryAdd(plan.Id, i))
            {
                failures.Add($"{at}:Id '{plan.Id}' duplicates {Setting(nameof(options.Plans))}:{ids[plan.Id]}:Id; plan ids must be unique.");
            }

            if (string.IsNullOrWhiteSpace(plan.Name) || plan.Name.Length > Preconditions.MaxTextLength || Preconditions.FindBadCharacter(plan.Name) is not null)
            {
                failures.Add($"{at}:Name must be 1 to {Preconditions.MaxTextLength} characters of well-formed text without control, line-separator or invisible format characters (was {(plan.Name is null ? "unset" : Preconditions.Describe(plan.Name))}).");
            }

            if (plan.Tier < 0)
            {
                failures.Add($"{at}:Tier must be 0 or more (was {plan.Tier}).");
            }
            else if (!tiers.TryAdd(plan.Tier, i))
            {
                failures.Add($"{at}:Tier {plan.Tier} duplicates {Setting(nameof(options.Plans))}:{tiers[plan.Tier]}:Tier; tiers must be unique.");
            }

            if (plan.Unlimited && plan.ConnectedApps is not null)
            {
                failures.Add($"{at}:ConnectedApps must be unset when {at}:Unlimited is true.");
            }
            else if (!plan.Unlimited && plan.ConnectedApps is null)
            {
                failures.Add($"{at}:ConnectedApps is required (0 or more), or set {at}:Unlimited to true.");
            }
            else if (plan.ConnectedApps < 0)
            {
                failures.Add($"{at}:ConnectedApps must be 0 or more (was {plan.ConnectedApps}).");
            }

            if (plan.AiCredits < 0)
            {
                failures.Add($"{at}:AiCredits must be 0 or more (was {plan.AiCredits}).");
            }
        }
    }

    /// <summary>Builds the token codec from options that passed validation; null when no key is set.</summary>
    internal static AcknowledgementTokens? ToTokens(ConnectedAppsOptions options)
    {
        if (options.AcknowledgementKey is null)
        {
            return null;
        }

        var lifetime = Duration.FromTimeSpan(options.AcknowledgementTokenLifetime);
        var key = Convert.FromBase64String(options.AcknowledgementKey);
        return options.PreviousAcknowledgementKey is null
            ? new AcknowledgementTokens(key, lifetime)
            : new AcknowledgementTokens(key, Convert.FromBase64String(options.PreviousAcknowledgementKey), lifetime);
    }

    private void ValidateAcknowledgementKeys(ConnectedAppsOptions options, List<string> failures)
    {
        Positive(options.AcknowledgementTokenLifetime, nameof(options.AcknowledgementTokenLifetime), AcknowledgementTokens.MaximumLifetime.ToTimeSpan(), failures);
        Key(options.AcknowledgementKey, nameof(options.AcknowledgementKey), failures);
        Key(options.PreviousAcknowledgementKey, nameof(options.PreviousAcknowledgementKey), failures);
        if (options.PreviousAcknowledgementKey is not null && options.AcknowledgementKey is null)
        {
            failures.Add($"{Setting(nameof(options.PreviousAcknowledgementKey))} is set but {Setting(nameof(options.AcknowledgementKey))} is not: tokens are always issued with the current key.");
        }
    }

    // The message never repeats the value: it is a secret.
    private void Key(string? value, string setting, List<string> failures)
    {
        if (value is null)
        {
            return;
        }

        var buffer = new byte[(value.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64String(value, buffer, out var length))
        {
            failures.Add($"{Setting(setting)} is not base64 text.");
        }
        else if (length < AcknowledgementTokens.MinimumKeyLength)
        {
            failures.Add($"{Setting(setting)} has {length} bytes; it needs at least {AcknowledgementTokens.MinimumKeyLength} random bytes (for example openssl rand -base64 32).");
        }
    }

    private void Positive(TimeSpan value, string setting, TimeSpan max, List<string> failures)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            failures.Add(max == TimeSpan.MaxValue
                ? $"{Setting(setting)} must be positive (was {value})."
                : $"{Setting(setting)} must be positive and at most {max} (was {value}).");
        }
    }

    private void Text(string? value, string setting, List<string> failures)
    {
        if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Length > Preconditions.MaxTextLength || Preconditions.FindBadCharacter(value) is not null))
        {
            failures.Add($"{Setting(setting)} must be 1 to {Preconditions.MaxTextLength} characters of well-formed text without control, line-separator or invisible format characters, or unset (was {Preconditions.Describe(value)}).");
        }
    }

    private string Setting(string name) => _section.Length == 0 ? name : $"{_section}:{name}";
}
