using System.Globalization;
using System.Resources;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The texts a merchant reads about connected apps, in the languages of the help article: English, Hindi (<c>hi</c>)
/// and Assamese (<c>as</c>). Renders an outcome or result (its status and data), a way out at the limit, and what stops
/// when an app goes ("Customers may not be able to pay online through Razorpay.").
/// </summary>
/// <remarks>
/// <para>
/// Stateless and thread-safe. The culture is always the caller's: a Hindi or Assamese culture, neutral or regional
/// (<c>hi-IN</c>, <c>as-IN</c>), gets the translation; every other culture, the invariant culture included, gets
/// English. Provider names, plan names, support contacts and numbers appear as they are, whatever the culture.
/// </para>
/// <para>
/// Every text has a stable code, its resource name (for example <c>Outcome.LimitReached</c>,
/// <c>Impact.Stops.PaymentProcessing</c>, <c>Option.UpgradePlan</c>), with named placeholders filled from the data.
/// The outcome's <c>Message</c> stays the English sentence for support engineers and logs; this class is for merchants.
/// Setup field reasons (<see cref="SetupInvalidDetails.Errors"/>) come from provider descriptors and adapters as they
/// are, so they are not part of these texts: show them beside their fields.
/// </para>
/// <para>
/// The Hindi and Assamese translations were written by the ShopIQ team; have them reviewed by native speakers before
/// a release.
/// </para>
/// </remarks>
public static class MerchantText
{
    /// <summary>The texts' base name: the neutral (English) resources are in this assembly, the translations in its satellites.</summary>
    internal const string BaseName = "ShopIQ.Integrations.Core.MerchantText";

    private const string SentenceSeparator = " ";
    private const string ListSeparator = ", ";

    /// <summary>The texts, by code.</summary>
    internal static ResourceManager Resources { get; } = new(BaseName, typeof(MerchantText).Assembly);

    /// <summary>Describes what a store operation did, or why it did nothing, for the merchant.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="culture">The merchant's culture; English for any culture without a translation.</param>
    /// <returns>One or more sentences: the status with its provider, then what its details add (the ways out at the limit, what stops, ...).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Describe(StoreOutcome outcome, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(culture);
        return DescribeCore(outcome.Status, outcome.Provider, outcome.App, outcome.Details, culture);
    }

    /// <summary>Describes what a connected-apps command did, or why it did nothing, for the merchant.</summary>
    /// <param name="result">The result, first run or replay alike.</param>
    /// <param name="culture">The merchant's culture; English for any culture without a translation.</param>
    /// <returns>One or more sentences: the status with its provider, then what its details add.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Describe(ConnectedAppsResult result, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(culture);
        return DescribeCore(result.Status, result.Provider, result.App, result.Details, culture);
    }

    /// <summary>Describes one way out when every slot is in use, with the apps, plans or contacts it names.</summary>
    /// <param name="option">The option.</param>
    /// <param name="culture">The merchant's culture; English for any culture without a translation.</param>
    /// <returns>One sentence, for example "Upgrade to a plan with more connected apps: Growth (5 connected apps).".</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Describe(LimitOption option, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(culture);
        return option.Kind switch
        {
            LimitOptionKind.DisconnectUnusedApp or LimitOptionKind.ReplaceExistingApp =>
                Format($"Option.{option.Kind}", culture, ("apps", string.Join(ListSeparator, option.Apps.Select(a => a.Provider.DisplayName)))),
            LimitOptionKind.UpgradePlan =>
                Format("Option.UpgradePlan", culture, ("plans", string.Join(ListSeparator, option.Plans.Select(p => Format("Option.UpgradePlan.Plan", culture, ("plan", p.Name), ("allowance", AllowancePhrase(p.ConnectedApps, culture))))))),
            LimitOptionKind.ContactSupport when option.Support is { } support => Support(support, culture),
            _ => throw new ArgumentException($"The option {option.Kind} is not one this library makes.", nameof(option)),
        };
    }

    /// <summary>Describes what happens to each workflow of an assessed app: what may stop, what another app still handles.</summary>
    /// <param name="assessment">The assessment.</param>
    /// <param name="culture">The merchant's culture; English for any culture without a translation.</param>
    /// <returns>One sentence per workflow (one in all when the app's setup never completed), in the assessment's order; empty when the app has no workflow.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Describe(ImpactAssessment assessment, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(culture);
        return string.Join(SentenceSeparator, ImpactSentences(assessment, culture));
    }

    /// <summary>Describes what happens to one workflow if <paramref name="provider"/> goes.</summary>
    /// <param name="impact">The workflow's impact, from an assessment of <paramref name="provider"/>.</param>
    /// <param name="provider">The provider that goes (the assessment's <see cref="ImpactAssessment.App"/>).</param>
    /// <param name="culture">The merchant's culture; English for any culture without a translation.</param>
    /// <returns>
    /// One sentence: what may stop (code <c>Impact.Stops.</c> and the workflow), which other app still handles the
    /// workflow (<c>Impact.StillCovered</c>), or that nothing stops because the setup never completed (<c>Impact.NotLive</c>).
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Describe(WorkflowImpact impact, ProviderDescriptor provider, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(impact);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(culture);
        return ImpactSentence(impact, provider.DisplayName, culture);
    }

    /// <summary>Names a category as a kind of app, with its article: "a payment app", "an analytics app".</summary>
    /// <param name="category">The category.</param>
    /// <param name="culture">The merchant's culture; English for any culture without a translation.</param>
    /// <returns>The words, in lower case where the language has case.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="culture"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="category"/> is not defined.</exception>
    public static string Describe(ProviderCategory category, CultureInfo culture)
    {
        Preconditions.CheckDefined(category, nameof(category));
        ArgumentNullException.ThrowIfNull(culture);
        return Text($"Category.{category}", culture);
    }

    private static string DescribeCore(OutcomeStatus status, ProviderKey? key, ConnectedApp? app, OutcomeDetails? details, CultureInfo culture)
    {
        var provider = ProviderName(key, app, culture);
        var sentences = new List<string>(4);
        switch (status)
        {
            case OutcomeStatus.NativeFeature:
                var feature = details is NativeFeatureDetails native ? FeatureName(native.Feature, culture) : provider;
                sentences.Add(Format("Outcome.NativeFeature", culture, ("feature", feature)));
                break;
            case OutcomeStatus.ProviderUnavailable:
                var code = details is AvailabilityDetails { Availability: not ProviderAvailability.Available } availability
                    ? $"Outcome.ProviderUnavailable.{availability.Availability}"
                    : "Outcome.ProviderUnavailable";
                sentences.Add(Format(code, culture, ("provider", provider)));
                break;
            case OutcomeStatus.AcknowledgementRequired:
                var category = app?.Category ?? (details as ImpactDetails)?.Assessment.App.Category ?? ProviderCategory.Other;
                sentences.Add(Format("Outcome.AcknowledgementRequired", culture, ("provider", provider), ("category", Text($"Category.{category}", culture))));
                break;
            case OutcomeStatus.Replaced:
                var replaced = details is ReplacementDetails replacement ? replacement.Assessment.App.Provider.DisplayName : Text("Name.AnotherApp", culture);
                sentences.Add(Format("Outcome.Replaced", culture, ("provider", provider), ("replaced", replaced)));
                break;
            default:
                sentences.Add(Format($"Outcome.{status}", culture, ("provider", provider)));
                break;
        }

        AddDetails(sentences, details, culture);
        return string.Join(SentenceSeparator, sentences);
    }

    private static void AddDetails(List<string> sentences, OutcomeDetails? details, CultureInfo culture)
    {
        switch (details)
        {
            case LimitGuidance guidance:
                if (!guidance.Allowance.IsUnlimited)
                {
                    sentences.Add(guidance.Allowance.Slots switch
                    {
                        0 => Text("Limit.None", culture),
                        1 => Text("Limit.One", culture),
                        var slots => Format("Limit.Other", culture, ("count", Number(slots!.Value))),
                    });
                }

                sentences.AddRange(guidance.Options.Select(o => Describe(o, culture)));
                break;
            case ImpactDetails impact:
                sentences.AddRange(ImpactSentences(impact.Assessment, culture));
                break;
            case ReplacementDetails replacement:
                sentences.AddRange(ImpactSentences(replacement.Assessment, culture));
                if (replacement.WorkflowsToTest.Count > 0)
                {
                    sentences.Add(Format("Impact.TestWorkflows", culture, ("workflows", string.Join(ListSeparator, replacement.WorkflowsToTest.Select(w => Text($"Workflow.{w}", culture))))));
                }

                break;
            case PlanDetails plan:
                sentences.Add(PlanAllowance(plan.Plan, culture));
                break;
            case DowngradeDetails downgrade:
                sentences.Add(downgrade.AppsToDisconnect == 1
                    ? Format("Downgrade.Disconnect.One", culture, ("plan", downgrade.Plan.Name))
                    : Format("Downgrade.Disconnect.Other", culture, ("plan", downgrade.Plan.Name), ("count", Number(downgrade.AppsToDisconnect))));
                sentences.Add(PlanAllowance(downgrade.Plan, culture));
                break;
            case SupportDetails support:
                sentences.Add(Support(support.Support, culture));
                break;
            default:
                // The other details are in the status sentence (native feature, availability) or, for setup reasons, shown beside their fields.
                break;
        }
    }

    private static IEnumerable<string> ImpactSentences(ImpactAssessment assessment, CultureInfo culture)
    {
        var provider = assessment.App.Provider.DisplayName;

        // A pending app's workflows all say the same thing: nothing stops. Say it once.
        return assessment.Workflows.Select(w => ImpactSentence(w, provider, culture)).Distinct(StringComparer.Ordinal);
    }

    private static string ImpactSentence(WorkflowImpact impact, string provider, CultureInfo culture) =>
        impact.StillCovered
            ? Format("Impact.StillCovered", culture, ("covering", string.Join(ListSeparator, impact.CoveredBy.Select(k => ProviderName(k, null, culture)))), ("workflow", Text($"Workflow.{impact.Workflow}", culture)))
            : impact.Stops
                ? Format($"Impact.Stops.{impact.Workflow}", culture, ("provider", provider))
                : Format("Impact.NotLive", culture, ("provider", provider));

    private static string PlanAllowance(Plan plan, CultureInfo culture) => plan.ConnectedApps switch
    {
        { IsUnlimited: true } => Format("Plan.Allowance.Unlimited", culture, ("plan", plan.Name)),
        { Slots: 0 } => Format("Plan.Allowance.None", culture, ("plan", plan.Name)),
        { Slots: 1 } => Format("Plan.Allowance.One", culture, ("plan", plan.Name)),
        var allowance => Format("Plan.Allowance.Other", culture, ("plan", plan.Name), ("count", Number(allowance.Slots!.Value))),
    };

    private static string AllowancePhrase(SlotAllowance allowance, CultureInfo culture) => allowance switch
    {
        { IsUnlimited: true } => Text("Allowance.Unlimited", culture),
        { Slots: 0 } => Text("Allowance.None", culture),
        { Slots: 1 } => Text("Allowance.One", culture),
        _ => Format("Allowance.Other", culture, ("count", Number(allowance.Slots!.Value))),
    };

    private static string Support(SupportRoute support, CultureInfo culture) =>
        Format("Option.ContactSupport", culture, ("support", support.Support), ("partner", support.ImplementationPartner));

    /// <summary>The provider's display name: the app's, else a built-in provider's or a native feature's by key, else the key itself.</summary>
    private static string ProviderName(ProviderKey? key, ConnectedApp? app, CultureInfo culture)
    {
        if (app is not null)
        {
            return app.Provider.DisplayName;
        }

        if (key is null)
        {
            return Text("Name.UnknownApp", culture);
        }

        foreach (var builtIn in BuiltInProviders.All)
        {
            if (builtIn.Key.Equals(key))
            {
                return builtIn.DisplayName;
            }
        }

        return NativeFeatures.TryGetNative(key, out var feature) ? FeatureName(feature.Value, culture) : key.Value;
    }

    private static string FeatureName(NativeFeature feature, CultureInfo culture) => Text($"Feature.{feature}", culture);

    // Numbers stay in ASCII digits in every language, as in the help article's translations of plan limits.
    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The text of <paramref name="code"/> in <paramref name="culture"/>, falling back to English.</summary>
    internal static string Text(string code, CultureInfo culture) =>
        Resources.GetString(code, culture) ?? throw new InvalidOperationException($"The merchant text '{code}' is missing.");

    /// <summary>The text of <paramref name="code"/> with its placeholders filled; a placeholder with no value is a bug and throws.</summary>
    internal static string Format(string code, CultureInfo culture, params ReadOnlySpan<(string Name, string Value)> values) =>
        TextTemplate.Fill(code, Text(code, culture), values);
}
