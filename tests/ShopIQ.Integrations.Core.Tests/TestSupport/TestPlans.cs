namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>A catalog that reaches the edges: no apps, the article's 3-slot plan, bigger ones and unlimited.</summary>
internal static class TestPlans
{
    public static readonly Plan Free = new(new PlanId("free"), "Free", 0, SlotAllowance.Of(0), 10);
    public static readonly Plan Starter = new(new PlanId("starter"), "Starter", 1, SlotAllowance.Of(3), 100);
    public static readonly Plan Growth = new(new PlanId("growth"), "Growth", 2, SlotAllowance.Of(5), 500);
    public static readonly Plan Pro = new(new PlanId("pro"), "Pro", 3, SlotAllowance.Of(10), 2000);
    public static readonly Plan Enterprise = new(new PlanId("enterprise"), "Enterprise", 4, SlotAllowance.Unlimited, 10000);

    public static readonly PlanCatalog Catalog = new([Free, Starter, Growth, Pro, Enterprise]);

    public static ConnectedAppsPolicy Policy => new(Catalog);
}
