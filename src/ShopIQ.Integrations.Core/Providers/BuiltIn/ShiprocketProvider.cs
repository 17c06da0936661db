namespace ShopIQ.Integrations.Core;

/// <summary>The Shiprocket adapter (logistics): the API user's email and password.</summary>
/// <remarks>Validates offline, with the formats its descriptor declares; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class ShiprocketProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.Shiprocket;
}
