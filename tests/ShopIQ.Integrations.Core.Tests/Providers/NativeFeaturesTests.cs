using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers;

/// <summary>Native ShopIQ features never occupy a slot and cannot be connected as apps (R2).</summary>
public sealed class NativeFeaturesTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    /// <summary>The thirteen native features the help article names, in its order.</summary>
    private static readonly NativeFeature[] Article =
    [
        NativeFeature.Dashboard, NativeFeature.ProductCatalog, NativeFeature.OrderManagement, NativeFeature.AiChat,
        NativeFeature.AiWebsiteBuilder, NativeFeature.Cms, NativeFeature.Blogs, NativeFeature.Coupons,
        NativeFeature.PolicyPages, NativeFeature.ShopIqCloudHosting, NativeFeature.TeamManagement,
        NativeFeature.Permissions, NativeFeature.ManualEditingTools,
    ];

    public static TheoryData<NativeFeature> ArticleFeatures => new(Article);

    [Theory]
    [MemberData(nameof(ArticleFeatures))]
    public void R2_Connect_NativeFeature_IsRefusedAndTakesNoSlot(NativeFeature feature)
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Connect(AsProvider(feature), Valid(AsProvider(feature)), Merchant);

        Assert.Equal(OutcomeStatus.NativeFeature, outcome.Status);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(feature, outcome.NativeFeature());
        Assert.Equal(NativeFeatures.KeyOf(feature), outcome.Provider);
        Assert.Contains(NativeFeatures.DisplayNameOf(feature), outcome.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.SlotsInUse);
        Assert.Equal(before, StoreState.Of(store));
        Assert.Empty(store.TakeEvents());
    }

    [Theory]
    [MemberData(nameof(ArticleFeatures))]
    public void R2_BeginConnect_NativeFeature_ReservesNothing(NativeFeature feature)
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;

        var outcome = store.BeginConnect(AsProvider(feature), Valid(AsProvider(feature)), Merchant);

        Assert.Equal(OutcomeStatus.NativeFeature, outcome.Status);
        Assert.Equal(0, store.SlotsInUse);
        Assert.Single(store.Ledger.Entries);
    }

    [Fact]
    public void R2_Connect_NativeFeatureOnFreePlan_AnswersNativeFeatureNotLimitReached()
    {
        var fixture = new StoreFixture(TestPlans.Free);
        var store = fixture.Store;

        var outcome = store.Connect(AsProvider(NativeFeature.AiChat), Valid(AsProvider(NativeFeature.AiChat)), Merchant);

        Assert.Equal(OutcomeStatus.NativeFeature, outcome.Status);
        Assert.Equal(NativeFeature.AiChat, outcome.NativeFeature());
        Assert.Empty(store.TakeEvents());
    }

    [Fact]
    public void R2_Replace_IntoNativeFeature_IsRefusedAndTheAppStays()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Replace(BuiltInProviders.MetaPixel.Key, AsProvider(NativeFeature.Coupons), Valid(AsProvider(NativeFeature.Coupons)), Merchant);

        Assert.Equal(OutcomeStatus.NativeFeature, outcome.Status);
        Assert.Equal(NativeFeature.Coupons, outcome.NativeFeature());
        Assert.Equal(before, StoreState.Of(store));
    }

    [Theory]
    [MemberData(nameof(ArticleFeatures))]
    public void R2_SlotsUsed_NativeFeature_IsZero(NativeFeature feature)
    {
        Assert.Equal(0, NativeFeatures.SlotsUsed(feature));
    }

    [Theory]
    [MemberData(nameof(ArticleFeatures))]
    public void R2_TryGetNative_KeyOfFeature_FindsTheSameFeature(NativeFeature feature)
    {
        Assert.True(NativeFeatures.TryGetNative(NativeFeatures.KeyOf(feature), out var found));
        Assert.Equal(feature, found);
    }

    [Fact]
    public void R2_All_IsTheArticlesThirteenFeaturesWithDistinctKeys()
    {
        Assert.Equal(Article, NativeFeatures.All);
        Assert.Equal(13, NativeFeatures.All.Select(f => NativeFeatures.KeyOf(f)).Distinct().Count());
    }

    [Fact]
    public void R2_TryGetNative_ExternalProviderKeys_AreNotNative()
    {
        Assert.All(BuiltInProviders.All, p => Assert.False(NativeFeatures.TryGetNative(p.Key, out _), p.Key.Value));
    }

    [Theory]
    [InlineData(NativeFeature.Dashboard, "Dashboard")]
    [InlineData(NativeFeature.ProductCatalog, "Product catalog")]
    [InlineData(NativeFeature.OrderManagement, "Order management")]
    [InlineData(NativeFeature.AiChat, "AI Chat")]
    [InlineData(NativeFeature.AiWebsiteBuilder, "AI Website Builder")]
    [InlineData(NativeFeature.Cms, "CMS")]
    [InlineData(NativeFeature.Blogs, "Blogs")]
    [InlineData(NativeFeature.Coupons, "Coupons")]
    [InlineData(NativeFeature.PolicyPages, "Policy pages")]
    [InlineData(NativeFeature.ShopIqCloudHosting, "ShopIQ Cloud hosting")]
    [InlineData(NativeFeature.TeamManagement, "Team management")]
    [InlineData(NativeFeature.Permissions, "Permissions")]
    [InlineData(NativeFeature.ManualEditingTools, "Manual editing tools")]
    public void R2_DisplayNameOf_Feature_IsTheArticlesName(NativeFeature feature, string name)
    {
        Assert.Equal(name, NativeFeatures.DisplayNameOf(feature));
    }

    private static ProviderDescriptor AsProvider(NativeFeature feature) => new(
        NativeFeatures.KeyOf(feature),
        NativeFeatures.DisplayNameOf(feature),
        ProviderCategory.Other,
        [CommerceWorkflow.OtherCommerceOperations],
        [],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);
}
