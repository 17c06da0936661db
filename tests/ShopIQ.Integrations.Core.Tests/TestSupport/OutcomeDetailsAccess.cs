using NodaTime;
using Xunit;

namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>
/// Reads an outcome's typed details in tests, asserting on the way that the details are of the type the status promises:
/// a test that reads <c>Guidance()</c> from an outcome whose details are something else fails there.
/// </summary>
internal static class OutcomeDetailsAccess
{
    public static LimitGuidance Guidance(this StoreOutcome outcome) => Details<LimitGuidance>(outcome.Details);

    public static LimitGuidance Guidance(this ConnectedAppsResult result) => Details<LimitGuidance>(result.Details);

    public static ImpactAssessment Assessment(this StoreOutcome outcome) => AssessmentOf(outcome.Details);

    public static ImpactAssessment Assessment(this ConnectedAppsResult result) => AssessmentOf(result.Details);

    public static IReadOnlyList<SetupFieldError> SetupErrors(this StoreOutcome outcome) => Details<SetupInvalidDetails>(outcome.Details).Errors;

    public static IReadOnlyList<SetupFieldError> SetupErrors(this ConnectedAppsResult result) => Details<SetupInvalidDetails>(result.Details).Errors;

    public static IReadOnlyList<CommerceWorkflow> WorkflowsToTest(this StoreOutcome outcome) => Details<ReplacementDetails>(outcome.Details).WorkflowsToTest;

    public static IReadOnlyList<CommerceWorkflow> WorkflowsToTest(this ConnectedAppsResult result) => Details<ReplacementDetails>(result.Details).WorkflowsToTest;

    public static int AppsToDisconnect(this StoreOutcome outcome) => Details<DowngradeDetails>(outcome.Details).AppsToDisconnect;

    public static int AppsToDisconnect(this ConnectedAppsResult result) => Details<DowngradeDetails>(result.Details).AppsToDisconnect;

    public static Plan Plan(this StoreOutcome outcome) => PlanOf(outcome.Details);

    public static Plan Plan(this ConnectedAppsResult result) => PlanOf(result.Details);

    public static SupportRoute Support(this StoreOutcome outcome) => Details<SupportDetails>(outcome.Details).Support;

    public static SupportRoute Support(this ConnectedAppsResult result) => Details<SupportDetails>(result.Details).Support;

    public static ProviderAvailability Availability(this StoreOutcome outcome) => Details<AvailabilityDetails>(outcome.Details).Availability;

    public static NativeFeature NativeFeature(this StoreOutcome outcome) => Details<NativeFeatureDetails>(outcome.Details).Feature;

    public static NativeFeature NativeFeature(this ConnectedAppsResult result) => Details<NativeFeatureDetails>(result.Details).Feature;

    private static T Details<T>(OutcomeDetails? details)
        where T : OutcomeDetails => Assert.IsType<T>(details);

    private static ImpactAssessment AssessmentOf(OutcomeDetails? details) => details switch
    {
        ImpactDetails impact => impact.Assessment,
        ReplacementDetails replacement => replacement.Assessment,
        _ => throw new Xunit.Sdk.XunitException($"Expected an impact assessment in the details, found {details?.GetType().Name ?? "none"}."),
    };

    private static Plan PlanOf(OutcomeDetails? details) => details switch
    {
        PlanDetails plan => plan.Plan,
        DowngradeDetails downgrade => downgrade.Plan,
        _ => throw new Xunit.Sdk.XunitException($"Expected a plan in the details, found {details?.GetType().Name ?? "none"}."),
    };
}

/// <summary>Opens stores in tests that need one open, failing there if the store would not open.</summary>
internal static class TestStores
{
    public static Store Open(StoreId id, PlanId plan, ConnectedAppsPolicy policy, IClock clock, Actor actor)
    {
        var outcome = Store.Open(id, plan, policy, clock, actor, out var store);
        Assert.Equal(OutcomeStatus.StoreOpened, outcome.Status);
        return store!;
    }
}

/// <summary>Everything a result says, as text, apps and details by value: two results that print the same answered the same.</summary>
internal static class ResultText
{
    public static string Of(ConnectedAppsResult result) =>
        $"{result.Status} | {result.Message} | {result.Provider} | version {result.StoreVersion} | app {App(result.App)} | {Details(result.Details)}";

    public static string Details(OutcomeDetails? details) => details switch
    {
        null => "no details",
        LimitGuidance g => $"guidance {g.SlotsInUse}/{g.Allowance}: " + string.Join("; ", g.Options.Select(o =>
            $"{o.Kind} '{o.Description}' apps [{string.Join(", ", o.Apps.Select(App))}] plans [{string.Join(", ", o.Plans)}] support {o.Support}")),
        SetupInvalidDetails s => "setup: " + string.Join("; ", s.Errors),
        ImpactDetails i => "impact: " + Assessment(i.Assessment),
        ReplacementDetails r => $"replacement: {Assessment(r.Assessment)} test [{string.Join(", ", r.WorkflowsToTest)}]",
        PlanDetails p => $"plan {p.Plan}",
        DowngradeDetails d => $"downgrade to {d.Plan}: {d.AppsToDisconnect}",
        AvailabilityDetails a => $"availability {a.Availability}",
        NativeFeatureDetails n => $"native {n.Feature}",
        SupportDetails s => $"support {s.Support}",
        _ => throw new Xunit.Sdk.XunitException($"Unknown details {details.GetType().Name}."),
    };

    private static string Assessment(ImpactAssessment a) =>
        $"{a.StoreId} {App(a.App)} along [{string.Join(", ", a.AlongWith)}] v{a.AppsVersion} at {a.AssessedAt} ack {a.RequiresAcknowledgement} {a.Severity} {a.Affected} [" +
        string.Join("; ", a.Workflows.Select(w => $"{w.Workflow} stops {w.Stops} by [{string.Join(", ", w.CoveredBy)}] {w.Affected} {w.Severity}")) + "]";

    private static string App(ConnectedApp? app) => app is null
        ? "none"
        : $"{app.Key} '{app.Provider.DisplayName}' {app.Category} {app.State} {app.ConnectedAt} {app.PendingUntil} {app.LastActivityAt} {app.AttentionReason} " +
          $"[{string.Join(",", app.Provider.Workflows)}] [{string.Join(",", app.Provider.SetupFields.Select(f => f.Name))}] {app.Provider.SupportsSelfServiceDisconnect} {app.Provider.Availability}";
}
