namespace ShopIQ.Integrations.Core.Providers.BuiltIn;

/// <summary>The Razorpay adapter (payments): key id <c>rzp_test_</c> or <c>rzp_live_</c> followed by 14 letters or digits, key secret, optional webhook secret.</summary>
/// <remarks>Validates offline; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class RazorpayProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.Razorpay;

    /// <inheritdoc />
    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(errors);
        SetupFormats.Plain(setup, "key-id", "Key id", SetupFormats.RazorpayKeyId(), "Key id must be rzp_test_ or rzp_live_ followed by 14 letters or digits, as shown in the Razorpay dashboard under API Keys.", errors);
        SetupFormats.Secret(setup, "key-secret", "Key secret", SetupFormats.RazorpaySecret(), "Key secret must be the 16 to 64 letters and digits Razorpay showed when the key was generated.", errors);
    }
}
