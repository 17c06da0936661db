namespace ShopIQ.Integrations.Core.Providers.BuiltIn;

/// <summary>The Shiprocket adapter (logistics): the API user's email and password.</summary>
/// <remarks>Validates offline; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class ShiprocketProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.Shiprocket;

    /// <inheritdoc />
    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(errors);
        SetupFormats.Plain(setup, "api-user-email", "API user email", SetupFormats.Email(), "API user email must be an email address, such as the API user created under Settings > API in Shiprocket.", errors);
    }
}
