using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Plans;

/// <summary>The plan catalog: tier order for upgrade suggestions (R11), room for a number of apps (R11, R12), edits (R13).</summary>
public sealed class PlanCatalogTests
{
    [Fact]
    public void R11_Plans_GivenInAnyOrder_AreListedLowestTierFirst()
    {
        var catalog = new PlanCatalog([TestPlans.Enterprise, TestPlans.Starter, TestPlans.Pro, TestPlans.Free, TestPlans.Growth]);

        Assert.Equal([TestPlans.Free, TestPlans.Starter, TestPlans.Growth, TestPlans.Pro, TestPlans.Enterprise], catalog.Plans);
    }

    [Theory]
    [InlineData(0, new[] { "free", "starter", "growth", "pro", "enterprise" })]
    [InlineData(1, new[] { "starter", "growth", "pro", "enterprise" })]
    [InlineData(3, new[] { "starter", "growth", "pro", "enterprise" })]
    [InlineData(4, new[] { "growth", "pro", "enterprise" })]
    [InlineData(6, new[] { "pro", "enterprise" })]
    [InlineData(11, new[] { "enterprise" })]
    [InlineData(100_000, new[] { "enterprise" })]
    public void R11_PlansWithRoomFor_AppCount_ListsPlansThatHoldItLowestTierFirst(int apps, string[] expected)
    {
        Assert.Equal(expected, TestPlans.Catalog.PlansWithRoomFor(apps).Select(p => p.Id.Value));
    }

    [Fact]
    public void R12_PlansWithRoomFor_NoPlanBigEnough_IsEmpty()
    {
        var capped = new PlanCatalog([TestPlans.Free, TestPlans.Starter, TestPlans.Growth]);

        Assert.Empty(capped.PlansWithRoomFor(6));
        Assert.Equal([TestPlans.Growth], capped.PlansWithRoomFor(5));
    }

    [Fact]
    public void R13_WithPlan_EditedAllowance_ReplacesOnlyThatPlan()
    {
        var lowered = TestPlans.Starter.WithConnectedApps(SlotAllowance.Of(2));

        var catalog = TestPlans.Catalog.WithPlan(lowered);

        Assert.True(catalog.TryGetPlan(TestPlans.Starter.Id, out var starter));
        Assert.Equal(SlotAllowance.Of(2), starter.ConnectedApps);
        Assert.Equal(TestPlans.Starter.Tier, starter.Tier);
        Assert.Equal(TestPlans.Starter.AiCredits, starter.AiCredits);
        Assert.Equal(5, catalog.Plans.Count);
        Assert.Equal([TestPlans.Free, lowered, TestPlans.Growth, TestPlans.Pro, TestPlans.Enterprise], catalog.Plans);
        Assert.True(TestPlans.Catalog.TryGetPlan(TestPlans.Starter.Id, out var original));
        Assert.Equal(SlotAllowance.Of(3), original.ConnectedApps);
    }

    [Fact]
    public void R13_WithPlan_NewPlan_IsAddedInTierOrder()
    {
        var scale = new Plan(new PlanId("scale"), "Scale", 5, SlotAllowance.Of(25), 5000);
        var business = new Plan(new PlanId("business"), "Business", 10, SlotAllowance.Of(50), 8000);

        var catalog = new PlanCatalog([TestPlans.Free, business]).WithPlan(scale);

        Assert.Equal(["free", "scale", "business"], catalog.Plans.Select(p => p.Id.Value));
    }

    [Fact]
    public void R12_TryGetPlan_UnknownId_ReturnsFalse()
    {
        Assert.False(TestPlans.Catalog.TryGetPlan(new PlanId("platinum"), out var plan));
        Assert.Null(plan);
        Assert.True(TestPlans.Catalog.TryGetPlan(new PlanId("growth"), out var growth));
        Assert.Equal(TestPlans.Growth, growth);
    }

    [Fact]
    public void R11_Constructor_TwoPlansOnOneTier_IsRefusedSoUpgradesHaveAnOrder()
    {
        var twin = new Plan(new PlanId("growth-plus"), "Growth Plus", TestPlans.Growth.Tier, SlotAllowance.Of(6), 600);

        var error = Assert.Throws<ArgumentException>(() => new PlanCatalog([TestPlans.Starter, TestPlans.Growth, twin]));

        Assert.Contains("tier", error.Message, StringComparison.Ordinal);
    }
}
