using System.Globalization;
using ShopIQ.Integrations.Core.Tests.TestSupport;
namespace ShopIQ.Integrations.Core.Tests.Text;

/// <summary>
/// Every status, option, workflow and category has a merchant text in every language, filled from the data, with no
/// placeholder left; English is the fallback for every other culture.
/// </summary>
public sealed class MerchantTextTests
{
    private static readonly string[] Cultures = ["en", "hi", "as"];

    /// <summary>The store walk-through's outcomes, made once: one real outcome per store status, with real details.</summary>
    private static readonly Lazy<IReadOnlyList<(string Label, StoreOutcome Outcome)>> Story = new(MerchantTextScenarios.StoreOutcomes);

    public static TheoryData<OutcomeStatus, string> StatusesInEveryCulture => Cross(Enum.GetValues<OutcomeStatus>());

    public static TheoryData<LimitOptionKind, string> OptionsInEveryCulture => Cross(Enum.GetValues<LimitOptionKind>());

    public static TheoryData<CommerceWorkflow, string> WorkflowsInEveryCulture => Cross(Enum.GetValues<CommerceWorkflow>());

    public static TheoryData<ProviderCategory, string> CategoriesInEveryCulture => Cross(Enum.GetValues<ProviderCategory>());

    public static TheoryData<ProviderAvailability, string> AvailabilitiesInEveryCulture => Cross(Enum.GetValues<ProviderAvailability>());

    public static TheoryData<NativeFeature, string> FeaturesInEveryCulture => Cross(Enum.GetValues<NativeFeature>());

    [Theory]
    [MemberData(nameof(StatusesInEveryCulture))]
    public void Describe_EveryStatusWithSampleData_FillsEveryPlaceholder(OutcomeStatus status, string culture)
    {
        var details = SampleDetails(status);
        var app = Story.Value.Select(s => s.Outcome.App).First(a => a is not null)!;
        var outcome = new StoreOutcome(status, "support message") { Provider = app.Key, App = app, Details = details };
        var result = new ConnectedAppsResult(status, "support message", app.Key, app, details, 3, isReplay: false);

        var storeText = MerchantText.Describe(outcome, Culture(culture));
        var serviceText = MerchantText.Describe(result, Culture(culture));

        AssertFilled(storeText, culture);
        Assert.Equal(storeText, serviceText);
        Assert.Equal(storeText, MerchantText.Describe(result, Culture(culture)));
    }

    [Theory]
    [MemberData(nameof(StatusesInEveryCulture))]
    public void Describe_EveryStatusWithoutAppOrDetails_StillReadsWhole(OutcomeStatus status, string culture)
    {
        // A replay whose stored details another version wrote comes back without them; a service refusal has no app.
        var result = new ConnectedAppsResult(status, "support message", BuiltInProviders.Shiprocket.Key, null, null, 0, isReplay: true);
        var nothing = new ConnectedAppsResult(status, "support message", null, null, null, 0, isReplay: false);

        AssertFilled(MerchantText.Describe(result, Culture(culture)), culture);
        AssertFilled(MerchantText.Describe(nothing, Culture(culture)), culture);
    }

    [Fact]
    public void Describe_StatusesWithAProvider_NameIt()
    {
        foreach (var status in Enum.GetValues<OutcomeStatus>().Where(s => MerchantText.Text($"Outcome.{s}", CultureInfo.InvariantCulture).Contains("{provider}", StringComparison.Ordinal)))
        {
            var result = new ConnectedAppsResult(status, "support message", BuiltInProviders.Shiprocket.Key, null, null, 0, isReplay: false);

            Assert.Contains("Shiprocket", MerchantText.Describe(result, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(OptionsInEveryCulture))]
    public void Describe_EveryLimitOption_FillsItsAppsPlansOrContacts(LimitOptionKind kind, string culture)
    {
        var option = Guidance().Options.Single(o => o.Kind == kind);

        var text = MerchantText.Describe(option, Culture(culture));

        AssertFilled(text, culture);
        var expected = kind switch
        {
            LimitOptionKind.DisconnectUnusedApp or LimitOptionKind.ReplaceExistingApp => option.Apps.Select(a => a.Provider.DisplayName),
            LimitOptionKind.UpgradePlan => option.Plans.Select(p => p.Name),
            _ => [option.Support!.Support, option.Support.ImplementationPartner],
        };
        Assert.All(expected, name => Assert.Contains(name, text, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WorkflowsInEveryCulture))]
    public void Describe_EveryWorkflowThatStops_HasItsOwnSentenceNamingTheApp(CommerceWorkflow workflow, string culture)
    {
        var stops = new WorkflowImpact(workflow, live: true, [], AffectedParties.Customers, ImpactSeverity.High);
        var covered = new WorkflowImpact(workflow, live: true, [BuiltInProviders.GoogleAnalytics.Key], AffectedParties.None, ImpactSeverity.Low);
        var pending = new WorkflowImpact(workflow, live: false, [], AffectedParties.None, ImpactSeverity.None);

        var text = MerchantText.Describe(stops, BuiltInProviders.MetaPixel, Culture(culture));

        AssertFilled(text, culture);
        Assert.Contains("Meta Pixel", text, StringComparison.Ordinal);
        Assert.Equal(MerchantText.Format($"Impact.Stops.{workflow}", Culture(culture), ("provider", "Meta Pixel")), text);
        var others = Enum.GetValues<CommerceWorkflow>().Where(w => w != workflow)
            .Select(w => MerchantText.Describe(new WorkflowImpact(w, live: true, [], AffectedParties.Customers, ImpactSeverity.High), BuiltInProviders.MetaPixel, Culture(culture)));
        Assert.DoesNotContain(text, others);
        var stillCovered = MerchantText.Describe(covered, BuiltInProviders.MetaPixel, Culture(culture));
        AssertFilled(stillCovered, culture);
        Assert.Contains("Google Analytics", stillCovered, StringComparison.Ordinal);
        AssertFilled(MerchantText.Describe(pending, BuiltInProviders.MetaPixel, Culture(culture)), culture);
    }

    [Fact]
    public void Describe_PaymentsStop_ReadsLikeTheHelpArticle()
    {
        var stops = new WorkflowImpact(CommerceWorkflow.PaymentProcessing, live: true, [], AffectedParties.Customers, ImpactSeverity.Critical);
        var covered = new WorkflowImpact(CommerceWorkflow.TrafficAndBehaviourTracking, live: true, [BuiltInProviders.MetaPixel.Key], AffectedParties.None, ImpactSeverity.Low);

        Assert.Equal("Customers may not be able to pay online through Razorpay.", MerchantText.Describe(stops, BuiltInProviders.Razorpay, CultureInfo.InvariantCulture));
        Assert.Equal("Meta Pixel will still handle traffic and behaviour tracking.", MerchantText.Describe(covered, BuiltInProviders.GoogleAnalytics, CultureInfo.InvariantCulture));
        Assert.Equal("हो सकता है कि ग्राहक Razorpay के ज़रिए ऑनलाइन भुगतान न कर पाएँ।", MerchantText.Describe(stops, BuiltInProviders.Razorpay, Culture("hi")));
        Assert.Equal("গ্ৰাহকসকলে Razorpayৰ জৰিয়তে অনলাইনত পেমেণ্ট কৰিব নোৱাৰিব পাৰে।", MerchantText.Describe(stops, BuiltInProviders.Razorpay, Culture("as")));
    }

    [Theory]
    [MemberData(nameof(CategoriesInEveryCulture))]
    public void Describe_EveryCategory_IsReadableWordsNotTheEnumName(ProviderCategory category, string culture)
    {
        var text = MerchantText.Describe(category, Culture(culture));

        AssertFilled(text, culture);
        Assert.DoesNotContain(category.ToString(), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Categories_TakeTheRightEnglishArticle()
    {
        Assert.Equal("a WhatsApp messaging app", MerchantText.Describe(ProviderCategory.WhatsAppMessaging, CultureInfo.InvariantCulture));
        Assert.Equal("an analytics app", MerchantText.Describe(ProviderCategory.Analytics, CultureInfo.InvariantCulture));
        Assert.Equal("an advertising and marketing app", MerchantText.Describe(ProviderCategory.Advertising, CultureInfo.InvariantCulture));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerchantText.Describe((ProviderCategory)99, CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(AvailabilitiesInEveryCulture))]
    public void Describe_ProviderUnavailable_SaysWhyForEveryAvailability(ProviderAvailability availability, string culture)
    {
        var result = new ConnectedAppsResult(OutcomeStatus.ProviderUnavailable, "support message", BuiltInProviders.Wati.Key, null, new AvailabilityDetails(availability), 0, isReplay: false);

        var text = MerchantText.Describe(result, Culture(culture));

        AssertFilled(text, culture);
        Assert.Contains("WATI", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FeaturesInEveryCulture))]
    public void Describe_NativeFeature_NamesEveryFeatureInTheLanguage(NativeFeature feature, string culture)
    {
        var result = new ConnectedAppsResult(OutcomeStatus.NativeFeature, "support message", NativeFeatures.KeyOf(feature), null, new NativeFeatureDetails(feature), 0, isReplay: false);

        var text = MerchantText.Describe(result, Culture(culture));

        AssertFilled(text, culture);
        Assert.StartsWith(MerchantText.Text($"Feature.{feature}", Culture(culture)), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_AllowanceOfZero_SaysThePlanIncludesNoConnectedApps()
    {
        var atLimit = Story.Value.Single(s => s.Label == "Connect Razorpay on Free").Outcome;
        var opened = Story.Value.Single(s => s.Label == "Open a store on Free").Outcome;

        var text = MerchantText.Describe(atLimit, CultureInfo.InvariantCulture);

        Assert.Equal(OutcomeStatus.LimitReached, atLimit.Status);
        Assert.Contains("Your plan includes no connected apps.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 ", text, StringComparison.Ordinal);
        Assert.Equal("Your store is open. The Free plan includes no connected apps.", MerchantText.Describe(opened, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Message_CategoryAndZeroAllowance_ReadAsEnglishWordsForSupport()
    {
        var acknowledge = Story.Value.Single(s => s.Label == "Disconnect Razorpay without acknowledging").Outcome;
        var atLimit = Story.Value.Single(s => s.Label == "Connect Razorpay on Free").Outcome;

        Assert.StartsWith("Razorpay is a payment app: acknowledge its impact first.", acknowledge.Message, StringComparison.Ordinal);
        Assert.Equal("Razorpay needs a slot, and the plan includes no connected apps.", atLimit.Message);
        Assert.StartsWith("The plan includes no connected apps. 1. Upgrade", atLimit.Details!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "The Plan plan includes no connected apps.", "no connected apps")]
    [InlineData(1, "The Plan plan includes 1 connected app.", "1 connected app")]
    [InlineData(7, "The Plan plan includes 7 connected apps.", "7 connected apps")]
    [InlineData(-1, "The Plan plan includes unlimited connected apps.", "unlimited connected apps")]
    public void Describe_Allowances_ReadAsWordsWithTheRightNumber(int slots, string planSentence, string upgradePhrase)
    {
        var allowance = slots < 0 ? SlotAllowance.Unlimited : SlotAllowance.Of(slots);
        var plan = new Plan(new PlanId("plan"), "Plan", 1, allowance, 0);
        var changed = new ConnectedAppsResult(OutcomeStatus.PlanChanged, "support message", null, null, new PlanDetails(plan), 1, isReplay: false);
        var upgrade = new LimitOption(LimitOptionKind.UpgradePlan, "support text", [], [plan], null);

        Assert.Equal($"Your store is now on a new plan. {planSentence}", MerchantText.Describe(changed, CultureInfo.InvariantCulture));
        Assert.Equal($"Upgrade to a plan with more connected apps: Plan ({upgradePhrase}).", MerchantText.Describe(upgrade, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("en-IN")]
    [InlineData("bn-IN")]
    [InlineData("")]
    public void Describe_CultureWithoutATranslation_FallsBackToEnglish(string culture)
    {
        foreach (var (_, outcome) in Story.Value)
        {
            Assert.Equal(MerchantText.Describe(outcome, Culture("en")), MerchantText.Describe(outcome, CultureInfo.GetCultureInfo(culture)));
        }
    }

    [Theory]
    [InlineData("hi-IN", "hi")]
    [InlineData("as-IN", "as")]
    public void Describe_RegionalCulture_UsesItsLanguagesTranslation(string regional, string neutral)
    {
        var limit = Story.Value.Single(s => s.Label == "Connect Google Analytics on a full Starter store").Outcome;

        var text = MerchantText.Describe(limit, CultureInfo.GetCultureInfo(regional));

        Assert.Equal(MerchantText.Describe(limit, Culture(neutral)), text);
        Assert.NotEqual(MerchantText.Describe(limit, Culture("en")), text);
        AssertFilled(text, neutral);
    }

    [Fact]
    public void Describe_Hindi_TranslatesTheLimitAnswer()
    {
        var limit = Story.Value.Single(s => s.Label == "Connect Google Analytics on a full Starter store").Outcome;

        var text = MerchantText.Describe(limit, CultureInfo.GetCultureInfo("hi-IN"));

        Assert.StartsWith("Google Analytics कनेक्ट नहीं हो सकता, क्योंकि आपके प्लान की कनेक्टेड ऐप सीमा पूरी हो गई है। आपके प्लान में 3 कनेक्टेड ऐप शामिल हैं", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NullArguments_Throw()
    {
        var outcome = Story.Value[0].Outcome;

        Assert.Throws<ArgumentNullException>(() => MerchantText.Describe((StoreOutcome)null!, CultureInfo.InvariantCulture));
        Assert.Throws<ArgumentNullException>(() => MerchantText.Describe(outcome, null!));
        Assert.Throws<ArgumentNullException>(() => MerchantText.Describe((ConnectedAppsResult)null!, CultureInfo.InvariantCulture));
        Assert.Throws<ArgumentNullException>(() => MerchantText.Describe((LimitOption)null!, CultureInfo.InvariantCulture));
        Assert.Throws<ArgumentNullException>(() => MerchantText.Describe((ImpactAssessment)null!, CultureInfo.InvariantCulture));
        Assert.Throws<ArgumentNullException>(() => MerchantText.Describe(null!, BuiltInProviders.Razorpay, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Describe_ManyThreadsAndCultures_GiveTheSameTexts()
    {
        var outcomes = Story.Value.Select(s => s.Outcome).ToArray();
        var expected = Cultures.ToDictionary(c => c, c => outcomes.Select(o => MerchantText.Describe(o, Culture(c))).ToArray());

        var runs = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
        {
            var culture = Cultures[i % Cultures.Length];
            return (culture, texts: outcomes.Select(o => MerchantText.Describe(o, Culture(culture))).ToArray());
        })));

        Assert.All(runs, run => Assert.Equal(expected[run.culture], run.texts));
    }

    /// <summary>The details the status carries, taken from a real outcome of the store walk-through; null for statuses with none.</summary>
    private static OutcomeDetails? SampleDetails(OutcomeStatus status) =>
        Story.Value.Select(s => s.Outcome).FirstOrDefault(o => o.Status == status)?.Details;

    private static LimitGuidance Guidance() =>
        Story.Value.Single(s => s.Label == "Connect Google Analytics on a full Starter store").Outcome.Guidance();

    private static void AssertFilled(string text, string culture)
    {
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.DoesNotContain('{', text);
        Assert.DoesNotContain('}', text);
        if (culture == "hi")
        {
            Assert.Contains(text, c => c is >= '\u0900' and <= '\u097F');
        }
        else if (culture == "as")
        {
            Assert.Contains(text, c => c is >= '\u0980' and <= '\u09FF');
        }
    }

    private static CultureInfo Culture(string name) => CultureInfo.GetCultureInfo(name);

    private static TheoryData<T, string> Cross<T>(IEnumerable<T> values)
    {
        var data = new TheoryData<T, string>();
        foreach (var value in values)
        {
            foreach (var culture in Cultures)
            {
                data.Add(value, culture);
            }
        }

        return data;
    }
}
