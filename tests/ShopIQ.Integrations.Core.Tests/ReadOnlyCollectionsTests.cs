using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests;

/// <summary>
/// Collections the library hands out are read-only in fact, not only in type: casting one back to
/// <see cref="IList{T}"/> or <see cref="ISet{T}"/> and writing must fail, or a caller could rewrite a
/// ledger (R15), a catalog or a shared descriptor behind the store's back.
/// </summary>
public sealed class ReadOnlyCollectionsTests
{
    [Fact]
    public void SharedDefinitions_CastBackToWritable_RefuseWrites()
    {
        AssertReadOnly(TestPlans.Catalog.Plans);
        AssertReadOnly(TestPlans.Catalog.PlansWithRoomFor(4));
        AssertReadOnly(NativeFeatures.All);
        AssertReadOnly(BuiltInProviders.All);
        AssertReadOnly(BuiltInProviders.Razorpay.Workflows);
        AssertReadOnly(BuiltInProviders.Razorpay.SetupFields);
        AssertReadOnly(BuiltInProviders.Razorpay.CheckFields(ProviderSetup.Empty).Errors);
        var critical = (ISet<ProviderCategory>)TestPlans.Policy.CriticalCategories;
        Assert.Throws<NotSupportedException>(() => critical.Add(ProviderCategory.Other));
    }

    [Fact]
    public void R15_LedgerAndVerification_CastBackToWritable_RefuseWrites()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        AssertReadOnly(fixture.Store.Ledger.Entries);

        var entries = fixture.Store.Ledger.Entries;
        var tampered = SlotLedger.FromEntries(fixture.Store.Id, [entries[1], entries[0]]);
        AssertReadOnly(tampered.Entries);
        AssertReadOnly(tampered.Verify().Violations);
    }

    [Fact]
    public void StoreAnswers_CastBackToWritable_RefuseWrites()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        var store = fixture.Store;
        AssertReadOnly(store.GetApps());

        store.BeginConnect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);
        AssertReadOnly(store.PendingEvents);
        AssertReadOnly(store.TakeEvents());
        fixture.Clock.Advance(Duration.FromDays(1));
        AssertReadOnly(store.ExpireReservations());

        var cashfree = new ProviderDescriptor(new ProviderKey("cashfree"), "Cashfree", ProviderCategory.Payments, [CommerceWorkflow.PaymentProcessing], [], true, ProviderAvailability.Available);
        store.Connect(cashfree, Valid(cashfree), StoreFixture.Merchant);
        Assert.True(store.TryAssessImpact(BuiltInProviders.Razorpay.Key, [BuiltInProviders.Shiprocket.Key], out var assessment));
        AssertReadOnly(assessment.Workflows);
        AssertReadOnly(assessment.AlongWith);
        AssertReadOnly(assessment.Workflows[0].CoveredBy);
        Assert.True(store.TryAssessImpact(BuiltInProviders.Razorpay.Key, [BuiltInProviders.Shiprocket.Key, cashfree.Key], out var withoutCover));
        AssertReadOnly(withoutCover.Acknowledge().WorkflowsThatStop);
        AssertReadOnly(withoutCover.Acknowledge().AlongWith);

        var limit = store.Connect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), StoreFixture.Merchant);
        Assert.Equal(OutcomeStatus.LimitReached, limit.Status);
        AssertReadOnly(limit.Guidance().Options);
        AssertReadOnly(limit.Guidance().Options.First(o => o.Kind == LimitOptionKind.ReplaceExistingApp).Apps);
        AssertReadOnly(limit.Guidance().Options.First(o => o.Kind == LimitOptionKind.UpgradePlan).Plans);

        var replaced = store.Replace(BuiltInProviders.Shiprocket.Key, BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), assessmentOf(BuiltInProviders.Shiprocket.Key), StoreFixture.Merchant);
        Assert.Equal(OutcomeStatus.Replaced, replaced.Status);
        AssertReadOnly(replaced.WorkflowsToTest());

        ImpactAcknowledgement assessmentOf(ProviderKey key)
        {
            Assert.True(store.TryAssessImpact(key, out var a));
            return a.Acknowledge();
        }
    }

    private static void AssertReadOnly<T>(IReadOnlyList<T> list)
    {
        Assert.NotEmpty(list);
        var writable = Assert.IsAssignableFrom<IList<T>>(list);
        Assert.Throws<NotSupportedException>(() => writable[0] = list[0]);
    }
}
