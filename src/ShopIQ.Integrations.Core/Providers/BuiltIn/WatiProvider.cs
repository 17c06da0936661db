namespace ShopIQ.Integrations.Core.Providers.BuiltIn;

/// <summary>The WATI adapter (WhatsApp): the account's API endpoint URL and access token.</summary>
/// <remarks>Validates offline; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class WatiProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.Wati;

    /// <inheritdoc />
    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(errors);
        SetupFormats.HttpsUrl(setup, "api-endpoint", "API endpoint URL", errors);
        SetupFormats.Secret(setup, "access-token", "Access token", SetupFormats.BearerToken(), "Access token must be the token from WATI's API Docs page (at least 20 characters), with or without the word Bearer in front.", errors);
    }
}
