using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
namespace ShopIQ.Integrations.Core.DependencyInjection;

/// <summary>
/// Checks the raw configuration the options were bound from. The configuration binder silently drops a
/// list element it cannot convert (a plan whose <c>ConnectedApps</c> is <c>"three"</c>, a misspelt
/// critical category), which would quietly remove a plan or a rule; this names the setting instead.
/// </summary>
internal sealed class ConfigurationShapeValidator(IConfiguration configuration) : IValidateOptions<ConnectedAppsOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectedAppsOptions options)
    {
        var failures = new List<string>();
        foreach (var plan in configuration.GetSection(nameof(ConnectedAppsOptions.Plans)).GetChildren())
        {
            foreach (var number in new[] { nameof(PlanOptions.Tier), nameof(PlanOptions.ConnectedApps), nameof(PlanOptions.AiCredits) })
            {
                var setting = plan.GetSection(number);
                if (setting.Value is { } value && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    failures.Add($"{setting.Path} must be a whole number (was '{value}').");
                }
            }

            var unlimited = plan.GetSection(nameof(PlanOptions.Unlimited));
            if (unlimited.Value is { } flag && !bool.TryParse(flag, out _))
            {
                failures.Add($"{unlimited.Path} must be true or false (was '{flag}').");
            }
        }

        foreach (var category in configuration.GetSection(nameof(ConnectedAppsOptions.CriticalCategories)).GetChildren())
        {
            if (category.Value is not { } value || !Enum.TryParse<ProviderCategory>(value, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(value, out _))
            {
                failures.Add($"{category.Path} must be one of {string.Join(", ", Enum.GetNames<ProviderCategory>())} (was '{category.Value}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
