namespace ShopIQ.Integrations.Core;

/// <summary>The Meta Pixel adapter (advertising): numeric pixel id of 15 or 16 digits, optional Conversions API access token.</summary>
/// <remarks>Validates offline, with the formats its descriptor declares; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class MetaPixelProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.MetaPixel;
}
