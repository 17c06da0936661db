namespace ShopIQ.Integrations.Core;

/// <summary>The Razorpay adapter (payments): key id <c>rzp_test_</c> or <c>rzp_live_</c> followed by 14 letters or digits, key secret, optional webhook secret.</summary>
/// <remarks>Validates offline, with the formats its descriptor declares; makes no network call yet (see <see cref="OfflineProvider"/>). Stateless and thread-safe.</remarks>
public class RazorpayProvider : OfflineProvider
{
    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => BuiltInProviders.Razorpay;
}
