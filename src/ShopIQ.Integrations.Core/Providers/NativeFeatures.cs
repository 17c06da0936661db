using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace ShopIQ.Integrations.Core;

/// <summary>Answers questions about <see cref="NativeFeature"/>s: their keys, and that they never use a slot (R2).</summary>
/// <remarks>Thread-safe.</remarks>
public static class NativeFeatures
{
    private static readonly (NativeFeature Feature, ProviderKey Key, string Name)[] Table =
    [
        (NativeFeature.Dashboard, new("dashboard"), "Dashboard"),
        (NativeFeature.ProductCatalog, new("product-catalog"), "Product catalog"),
        (NativeFeature.OrderManagement, new("order-management"), "Order management"),
        (NativeFeature.AiChat, new("ai-chat"), "AI Chat"),
        (NativeFeature.AiWebsiteBuilder, new("ai-website-builder"), "AI Website Builder"),
        (NativeFeature.Cms, new("cms"), "CMS"),
        (NativeFeature.Blogs, new("blogs"), "Blogs"),
        (NativeFeature.Coupons, new("coupons"), "Coupons"),
        (NativeFeature.PolicyPages, new("policy-pages"), "Policy pages"),
        (NativeFeature.ShopIqCloudHosting, new("shopiq-cloud-hosting"), "ShopIQ Cloud hosting"),
        (NativeFeature.TeamManagement, new("team-management"), "Team management"),
        (NativeFeature.Permissions, new("permissions"), "Permissions"),
        (NativeFeature.ManualEditingTools, new("manual-editing-tools"), "Manual editing tools"),
    ];

    // Every connect asks whether the key is a native feature's: one hash lookup rather than a scan of the table.
    private static readonly FrozenDictionary<ProviderKey, NativeFeature> ByKey = Table.ToFrozenDictionary(t => t.Key, t => t.Feature);

    /// <summary>All native features, in the help article's order.</summary>
    public static IReadOnlyList<NativeFeature> All { get; } = Array.AsReadOnly(Array.ConvertAll(Table, t => t.Feature));

    /// <summary>The reserved key of a native feature, for example <c>ai-chat</c>.</summary>
    /// <param name="feature">The feature.</param>
    /// <returns>Its key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="feature"/> is not defined.</exception>
    public static ProviderKey KeyOf(NativeFeature feature) => Row(feature).Key;

    /// <summary>The name merchants see, for example <c>AI Chat</c>.</summary>
    /// <param name="feature">The feature.</param>
    /// <returns>Its display name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="feature"/> is not defined.</exception>
    public static string DisplayNameOf(NativeFeature feature) => Row(feature).Name;

    /// <summary>How many slots a native feature occupies: always zero (R2).</summary>
    /// <param name="feature">The feature.</param>
    /// <returns>Zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="feature"/> is not defined.</exception>
    public static int SlotsUsed(NativeFeature feature)
    {
        Preconditions.CheckDefined(feature, nameof(feature));
        return 0;
    }

    /// <summary>Whether <paramref name="key"/> names a native feature, which can never be connected as an app.</summary>
    /// <param name="key">A provider key.</param>
    /// <param name="feature">The native feature when it does.</param>
    /// <returns><see langword="true"/> when the key is a native feature's.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static bool TryGetNative(ProviderKey key, [NotNullWhen(true)] out NativeFeature? feature)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ByKey.TryGetValue(key, out var found))
        {
            feature = found;
            return true;
        }

        feature = null;
        return false;
    }

    private static (NativeFeature Feature, ProviderKey Key, string Name) Row(NativeFeature feature)
    {
        Preconditions.CheckDefined(feature, nameof(feature));
        return Table[(int)feature];
    }
}
