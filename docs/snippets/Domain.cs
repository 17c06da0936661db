// docs/domain.md: the aggregate underneath the service.
using NodaTime;
using ShopIQ.Integrations.Core;

namespace DocSnippets;

internal static class DomainSnippets
{
    public static void Tour(IClock clock, string secretFromTheForm)
    {
        #region DomainTour
        var catalog = new PlanCatalog(
        [
            new Plan(new PlanId("starter"), "Starter", tier: 1, SlotAllowance.Of(3), aiCredits: 100),
            new Plan(new PlanId("growth"), "Growth", tier: 2, SlotAllowance.Of(5), aiCredits: 500),
        ]);
        var policy = new ConnectedAppsPolicy(catalog) { PendingReservationLifetime = Duration.FromMinutes(30) };
        var merchant = Actor.Merchant("user-42");

        var opened = Store.Open(new StoreId("store-1042"), new PlanId("starter"), policy, clock, merchant, out var store);
        if (store is null)
        {
            return; // opened.Status is UnknownPlan
        }

        // Setup is checked before any slot is taken; secrets are SecretValues and never print.
        var setup = ProviderSetup.Empty
            .With("key-id", "rzp_live_ABCDEF0123456789")
            .WithSecret("key-secret", new SecretValue(secretFromTheForm));
        var outcome = store.Connect(BuiltInProviders.Razorpay, new RazorpayProvider().ValidateSetup(setup), merchant);
        switch (outcome.Status)
        {
            case OutcomeStatus.Connected: break;                       // one slot used
            case OutcomeStatus.LimitReached: break;                    // outcome.Details is LimitGuidance
            case OutcomeStatus.SetupInvalid: break;                    // outcome.Details is SetupInvalidDetails
            default: break;                                            // AlreadyConnected, NativeFeature, ...
        }

        // Critical apps need their impact acknowledged, on the store state it was assessed on.
        if (store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var impact))
        {
            store.Disconnect(BuiltInProviders.Razorpay.Key, impact.Acknowledge(), merchant);
        }

        var verification = store.Ledger.Verify(); // the ledger is the truth
        var events = store.TakeEvents();          // publish after saving the store
        #endregion
        _ = (opened, verification, events);
    }
}
