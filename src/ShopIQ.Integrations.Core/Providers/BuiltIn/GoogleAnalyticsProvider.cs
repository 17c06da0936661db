namespace ShopIQ.Integrations.Core.Providers.BuiltIn;

/// <summary>The Google Analytics 4 adapter (analytics): measurement id <c>G-</c> followed by 4 to 12 capital letters or digits, optional Measurement Protocol API secret.</summary>
/// <remarks>Validates offline; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class GoogleAnalyticsProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.GoogleAnalytics;

    /// <inheritdoc />
    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(errors);
        SetupFormats.Plain(setup, "measurement-id", "Measurement id", SetupFormats.Ga4MeasurementId(), "Measurement id must be G- followed by 4 to 12 capital letters or digits, as shown in the GA4 web stream details.", errors);
        SetupFormats.Secret(setup, "api-secret", "Measurement Protocol API secret", SetupFormats.Ga4ApiSecret(), "Measurement Protocol API secret must be 16 to 64 letters, digits, hyphens or underscores.", errors);
    }
}
