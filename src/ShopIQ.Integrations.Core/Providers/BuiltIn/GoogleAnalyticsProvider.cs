namespace ShopIQ.Integrations.Core;

/// <summary>The Google Analytics 4 adapter (analytics): measurement id <c>G-</c> followed by 4 to 12 capital letters or digits, optional Measurement Protocol API secret.</summary>
/// <remarks>Validates offline, with the formats its descriptor declares; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class GoogleAnalyticsProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.GoogleAnalytics;
}
