namespace ShopIQ.Integrations.Core.Providers.BuiltIn;

/// <summary>The Meta Pixel adapter (advertising): numeric pixel id of 15 or 16 digits, optional Conversions API access token.</summary>
/// <remarks>Validates offline; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class MetaPixelProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.MetaPixel;

    /// <inheritdoc />
    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(errors);
        SetupFormats.Plain(setup, "pixel-id", "Pixel id", SetupFormats.MetaPixelId(), "Pixel id must be the 15 or 16 digits shown in Meta Events Manager.", errors);
        SetupFormats.Secret(setup, "conversions-api-token", "Conversions API access token", SetupFormats.MetaAccessToken(), "Conversions API access token must be the token Events Manager generated (it starts with EAA).", errors);
    }
}
