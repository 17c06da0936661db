namespace ShopIQ.Integrations.Core;

/// <summary>The Amazon Seller Central adapter (marketplace): seller id and marketplace id (A followed by capital letters and digits), and the OAuth refresh token (<c>Atzr|…</c>) from authorizing the ShopIQ app.</summary>
/// <remarks>Validates offline, with the formats its descriptor declares; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class AmazonSellerCentralProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.AmazonSellerCentral;
}
