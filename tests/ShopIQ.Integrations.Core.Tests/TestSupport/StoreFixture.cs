using NodaTime;
using NodaTime.Testing;
namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>A store on a fake clock, for example tests.</summary>
internal sealed class StoreFixture
{
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 25, 9, 0);
    public static readonly Actor Merchant = Actor.Merchant("merchant-1");

    public StoreFixture(Plan plan)
        : this(plan, TestPlans.Policy)
    {
    }

    public StoreFixture(Plan plan, ConnectedAppsPolicy policy)
    {
        Clock = new FakeClock(Start);
        Store = TestStores.Open(new StoreId("store-1"), plan.Id, policy, Clock, Merchant);
        Store.TakeEvents();
    }

    public FakeClock Clock { get; }

    public Store Store { get; }

    /// <summary>Connects each provider with a valid setup and asserts it took a slot.</summary>
    public StoreFixture With(params ProviderDescriptor[] providers)
    {
        foreach (var provider in providers)
        {
            var outcome = Store.Connect(provider, Valid(provider), Merchant);
            Assert.Equal(OutcomeStatus.Connected, outcome.Status);
        }

        Store.TakeEvents();
        return this;
    }

    /// <summary>A fresh descriptor for a made-up provider.</summary>
    public static ProviderDescriptor Provider(string key, ProviderCategory category, params CommerceWorkflow[] workflows) =>
        new(new ProviderKey(key), key, category, workflows.Length == 0 ? [CommerceWorkflow.OtherCommerceOperations] : workflows, [], supportsSelfServiceDisconnect: true, ProviderAvailability.Available);
}
