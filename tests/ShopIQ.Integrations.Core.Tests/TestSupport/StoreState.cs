using System.Text;
namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>
/// A canonical text of everything a store holds (apps with every field, plan, allowance, credits,
/// versions, ledger), so two stores, or one store before and after a call, compare with one Assert.Equal.
/// </summary>
internal static class StoreState
{
    public static string Of(Store store)
    {
        var text = new StringBuilder()
            .Append($"{store.Id} plan={store.PlanId} allowance={store.Allowance} credits={store.AiCreditBalance} ")
            .Append($"version={store.Version} appsVersion={store.AppsVersion} used={store.SlotsInUse}\n");
        foreach (var app in store.GetApps())
        {
            text.Append($"  app {app.Key} {app.Category} {app.State} since={app.ConnectedAt} until={app.PendingUntil} ")
                .Append($"activity={app.LastActivityAt} reason={app.AttentionReason} flows={string.Join("+", app.Provider.Workflows)} ")
                .Append($"selfService={app.Provider.SupportsSelfServiceDisconnect}\n");
        }

        foreach (var entry in store.Ledger.Entries)
        {
            text.Append($"  {entry} reason={entry.AttentionReason} credits={entry.AiCreditBalance} until={entry.PendingUntil}\n");
        }

        return text.ToString();
    }
}
