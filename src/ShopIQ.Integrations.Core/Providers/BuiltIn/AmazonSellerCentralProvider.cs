namespace ShopIQ.Integrations.Core.Providers.BuiltIn;

/// <summary>The Amazon Seller Central adapter (marketplace): seller id and marketplace id (A followed by capital letters and digits), and the OAuth refresh token (<c>Atzr|…</c>) from authorizing the ShopIQ app.</summary>
/// <remarks>Validates offline; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class AmazonSellerCentralProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.AmazonSellerCentral;

    /// <inheritdoc />
    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(errors);
        SetupFormats.Plain(setup, "seller-id", "Seller id", SetupFormats.AmazonId(), "Seller id must be the merchant token from Seller Central: A followed by 9 to 20 capital letters or digits.", errors);
        SetupFormats.Plain(setup, "marketplace-id", "Marketplace id", SetupFormats.AmazonId(), "Marketplace id must be an Amazon marketplace id, such as A21TJRUUN4KGV for amazon.in.", errors);
        SetupFormats.Secret(setup, "refresh-token", "OAuth refresh token", SetupFormats.AmazonRefreshToken(), "OAuth refresh token must be the token Amazon returned when the ShopIQ app was authorized (it starts with Atzr|).", errors);
    }
}
