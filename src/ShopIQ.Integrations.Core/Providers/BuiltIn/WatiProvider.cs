namespace ShopIQ.Integrations.Core;

/// <summary>The WATI adapter (WhatsApp): the account's API endpoint URL and access token.</summary>
/// <remarks>Validates offline, with the formats its descriptor declares; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class WatiProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.Wati;
}
