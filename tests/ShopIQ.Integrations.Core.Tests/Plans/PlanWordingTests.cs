using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Plans;

/// <summary>
/// How plans describe themselves to a person, and why a catalog is refused: tiers must be unique so upgrade options have an
/// order (R11), and a catalog edit names the plans it clashes with (R13).
/// </summary>
public sealed class PlanWordingTests
{
    [Fact]
    public void R11_Plan_ToString_SaysItsIdTierAllowanceAndCredits()
    {
        Assert.Equal("Growth (growth, tier 2, 5 connected apps, 500 AI credits)", TestPlans.Growth.ToString());
        Assert.Equal("Enterprise (enterprise, tier 4, unlimited connected apps, 10000 AI credits)", TestPlans.Enterprise.ToString());
        Assert.Equal(
            "Solo (solo, tier 1, 1 connected app, 5 AI credits)",
            new Plan(new PlanId("solo"), "Solo", 1, SlotAllowance.Of(1), 5).ToString());
    }

    [Fact]
    public void R13_WithConnectedApps_ChangesOnlyTheAllowance()
    {
        var edited = TestPlans.Growth.WithConnectedApps(SlotAllowance.Of(7));

        Assert.Equal(TestPlans.Growth.Id, edited.Id);
        Assert.Equal(TestPlans.Growth.Name, edited.Name);
        Assert.Equal(TestPlans.Growth.Tier, edited.Tier);
        Assert.Equal(TestPlans.Growth.AiCredits, edited.AiCredits);
        Assert.Equal(SlotAllowance.Of(7), edited.ConnectedApps);
    }

    [Fact]
    public void R11_Constructor_TwoPlansOnOneTier_NamesBothPlansAndTheTier()
    {
        var twin = new Plan(new PlanId("growth-plus"), "Growth Plus", TestPlans.Growth.Tier, SlotAllowance.Of(6), 600);

        var error = Assert.Throws<ArgumentException>(() => new PlanCatalog([TestPlans.Starter, TestPlans.Growth, twin]));

        Assert.Equal("plans", error.ParamName);
        Assert.StartsWith("Plans 'growth' and 'growth-plus' share tier 2; tiers must be unique so upgrades have an order.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R11_Constructor_OnePlanIdTwice_IsRefusedWithTheId()
    {
        var again = new Plan(TestPlans.Growth.Id, "Growth again", 9, SlotAllowance.Of(6), 600);

        var error = Assert.Throws<ArgumentException>(() => new PlanCatalog([TestPlans.Growth, again]));

        Assert.Equal("plans", error.ParamName);
        Assert.StartsWith("Plan id 'growth' appears more than once in the catalog.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R11_Constructor_NoPlan_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new PlanCatalog([]));

        Assert.Equal("plans", error.ParamName);
        Assert.StartsWith("A plan catalog needs at least one plan.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R13_WithPlan_OnAnotherPlansTier_NamesThePlanThatHasIt()
    {
        var clash = new Plan(new PlanId("growth-plus"), "Growth Plus", TestPlans.Pro.Tier, SlotAllowance.Of(6), 600);

        var error = Assert.Throws<ArgumentException>(() => TestPlans.Catalog.WithPlan(clash));

        Assert.Equal("plan", error.ParamName);
        Assert.StartsWith("Plan 'growth-plus' cannot take tier 3: plan 'pro' has it.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R13_WithPlan_SamePlanOnItsOwnTier_IsAnEditNotAClash()
    {
        var edited = TestPlans.Catalog.WithPlan(TestPlans.Pro.WithConnectedApps(SlotAllowance.Of(12)));

        Assert.Equal(TestPlans.Catalog.Plans.Count, edited.Plans.Count);
        Assert.True(edited.TryGetPlan(TestPlans.Pro.Id, out var pro));
        Assert.Equal(SlotAllowance.Of(12), pro.ConnectedApps);
    }

    [Theory]
    [InlineData("growth", true)]
    [InlineData("Growth", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void R12_PlanId_TryCreate_AcceptsOnlyAnId(string? value, bool accepted)
    {
        Assert.Equal(accepted, PlanId.TryCreate(value, out var id));
        Assert.Equal(accepted ? value : null, id?.Value);
    }
}
