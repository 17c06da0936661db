namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// Each wrong setting is refused at start-up with exactly one sentence, word for word, that names the setting by its
/// configuration path and shows what it was (or "unset"); a setting that is only wrong together with another is not
/// reported while the other is itself refused, and nothing else is reported alongside (the edge and start-up tests
/// check the range ends and a prefix of the messages; these check the whole refusal).
/// </summary>
public sealed class OptionsValidatorMessageTests
{
    private const string S = "ShopIQ:Integrations";
    private const string NameRule = "must be 1 to 200 characters of well-formed text without control, line-separator or invisible format characters";
    private const string IdRule = "must be a lower-case slug (a-z, 0-9, single hyphens, at most 64 characters)";

    public static TheoryData<string, Action<ConnectedAppsOptions>, string[]> Refusals => new()
    {
        { "no plan", o => o.Plans.Clear(), [$"{S}:Plans is empty: the plan catalog needs at least one plan."] },
        { "a null plan before a good one", o => o.Plans.Insert(0, null!), [$"{S}:Plans:0 is missing."] },
        { "a zero resolution", o => o.ActivityResolution = TimeSpan.Zero, [$"{S}:ActivityResolution must be positive and at most 3650.00:00:00 (was 00:00:00)."] },
        { "a negative resolution", o => o.ActivityResolution = TimeSpan.FromDays(-1), [$"{S}:ActivityResolution must be positive and at most 3650.00:00:00 (was -1.00:00:00)."] },
        {
            "a resolution just over ten years, with the longest window",
            o => (o.ActivityResolution, o.UnusedAppWindow) = (TimeSpan.FromDays(3650) + TimeSpan.FromTicks(1), TimeSpan.FromDays(3650)),
            [
                $"{S}:ActivityResolution must be positive and at most 3650.00:00:00 (was 3650.00:00:00.0000001).",
                $"{S}:ActivityResolution (3650.00:00:00.0000001) must be at most {S}:UnusedAppWindow (3650.00:00:00): an app's idleness is known only to the resolution.",
            ]
        },
        { "a zero unused-app window", o => o.UnusedAppWindow = TimeSpan.Zero, [$"{S}:UnusedAppWindow must be positive and at most 3650.00:00:00 (was 00:00:00)."] },
        { "a negative unused-app window", o => o.UnusedAppWindow = TimeSpan.FromTicks(-1), [$"{S}:UnusedAppWindow must be positive and at most 3650.00:00:00 (was -00:00:00.0000001)."] },
        { "an unused-app window just over ten years", o => o.UnusedAppWindow = TimeSpan.FromDays(3650) + TimeSpan.FromTicks(1), [$"{S}:UnusedAppWindow must be positive and at most 3650.00:00:00 (was 3650.00:00:00.0000001)."] },
        {
            "no reservation lifetime",
            o => o.PendingReservationLifetime = TimeSpan.Zero,
            [
                $"{S}:PendingReservationLifetime must be positive and at most 7.00:00:00 (was 00:00:00).",
                $"{S}:ConnectTimeout (00:02:00) must be shorter than {S}:PendingReservationLifetime (00:00:00), so a reservation outlives the connect that holds it.",
            ]
        },
        { "no connect timeout", o => o.ConnectTimeout = TimeSpan.Zero, [$"{S}:ConnectTimeout must be positive (was 00:00:00)."] },
        { "a negative connect timeout", o => o.ConnectTimeout = TimeSpan.FromSeconds(-1), [$"{S}:ConnectTimeout must be positive (was -00:00:01)."] },
        { "no live-facts budget", o => o.LiveFactsBudget = TimeSpan.Zero, [$"{S}:LiveFactsBudget must be positive and at most 00:00:30 (was 00:00:00)."] },
        { "a live-facts budget just over 30 s", o => o.LiveFactsBudget = TimeSpan.FromSeconds(30) + TimeSpan.FromTicks(1), [$"{S}:LiveFactsBudget must be positive and at most 00:00:30 (was 00:00:30.0000001)."] },
        { "a negative key retention", o => o.IdempotencyKeyRetention = TimeSpan.FromHours(-1), [$"{S}:IdempotencyKeyRetention must be positive (was -01:00:00)."] },
        { "a nearly-full threshold over 1", o => o.NearlyFullThreshold = 1.25, [$"{S}:NearlyFullThreshold must be greater than 0 and at most 1 (was 1.25)."] },
        { "a negative nearly-full threshold", o => o.NearlyFullThreshold = -0.5, [$"{S}:NearlyFullThreshold must be greater than 0 and at most 1 (was -0.5)."] },
        { "a nearly-full threshold that is not a number", o => o.NearlyFullThreshold = double.NaN, [$"{S}:NearlyFullThreshold must be greater than 0 and at most 1 (was NaN)."] },
        { "a negative store cache", o => o.StoreCacheCapacity = -1, [$"{S}:StoreCacheCapacity must be 0 to 1000000 (was -1)."] },
        { "too many conflict retries", o => o.MaxConflictRetries = 101, [$"{S}:MaxConflictRetries must be 0 to 100 (was 101)."] },
        { "a sweep batch too large", o => o.SweepBatchSize = 10_001, [$"{S}:SweepBatchSize must be 1 to 10000 (was 10001)."] },
        { "an unknown critical category after a known one", o => o.CriticalCategories = [ProviderCategory.Advertising, (ProviderCategory)99], [$"{S}:CriticalCategories:1 is not a provider category (was 99)."] },
        { "an empty plan id", o => o.Plans[0].Id = string.Empty, [$"{S}:Plans:0:Id {IdRule} (was '')."] },
        { "a plan id with capitals and a space", o => o.Plans[0].Id = "Growth Plan", [$"{S}:Plans:0:Id {IdRule} (was 'Growth Plan')."] },
        { "a plan id of 65 characters", o => o.Plans[0].Id = new string('a', 65), [$"{S}:Plans:0:Id {IdRule} (was '{new string('a', 40)}' (cut, 65 characters))."] },
        {
            "a plan id that repeats the first, on the third plan",
            o => { o.Plans.Add(Plan("growth", 2)); o.Plans.Add(Plan("starter", 3)); },
            [$"{S}:Plans:2:Id 'starter' duplicates {S}:Plans:0:Id; plan ids must be unique."]
        },
        {
            "a tier that repeats the first, on the third plan",
            o => { o.Plans.Add(Plan("growth", 2)); o.Plans.Add(Plan("pro", 1)); },
            [$"{S}:Plans:2:Tier 1 duplicates {S}:Plans:0:Tier; tiers must be unique."]
        },
        {
            "two plans on the same negative tier",
            o => { o.Plans[0].Tier = -1; o.Plans.Add(Plan("growth", -1)); },
            [$"{S}:Plans:0:Tier must be 0 or more (was -1).", $"{S}:Plans:1:Tier must be 0 or more (was -1)."]
        },
        { "a plan name left unset", o => o.Plans[0].Name = null, [$"{S}:Plans:0:Name {NameRule} (was unset)."] },
        { "a blank plan name", o => o.Plans[0].Name = "  ", [$"{S}:Plans:0:Name {NameRule} (was '  ')."] },
        { "a plan name with a bell", o => o.Plans[0].Name = "Star\u0007ter", [$"{S}:Plans:0:Name {NameRule} (was 'Star\\u0007ter')."] },
        { "a plan name of 201 characters", o => o.Plans[0].Name = new string('n', 201), [$"{S}:Plans:0:Name {NameRule} (was '{new string('n', 40)}' (cut, 201 characters))."] },
        {
            "an unlimited plan that also counts apps, even a negative count",
            o => (o.Plans[0].Unlimited, o.Plans[0].ConnectedApps) = (true, -1),
            [$"{S}:Plans:0:ConnectedApps must be unset when {S}:Plans:0:Unlimited is true."]
        },
        { "a plan with no count of apps", o => o.Plans[0].ConnectedApps = null, [$"{S}:Plans:0:ConnectedApps is required (0 or more), or set {S}:Plans:0:Unlimited to true."] },
        { "a plan with a negative count of apps", o => o.Plans[0].ConnectedApps = -1, [$"{S}:Plans:0:ConnectedApps must be 0 or more (was -1)."] },
        { "a plan with negative AI credits", o => o.Plans[0].AiCredits = -1, [$"{S}:Plans:0:AiCredits must be 0 or more (was -1)."] },
        { "an empty support contact", o => o.SupportContact = string.Empty, [$"{S}:SupportContact {NameRule}, or unset (was '')."] },
        {
            "a partner contact with a line break",
            o => o.ImplementationPartnerContact = "partner\nshopiq",
            [$"{S}:ImplementationPartnerContact {NameRule}, or unset (was 'partner\\u000ashopiq')."]
        },
        { "a partner contact of 201 characters", o => o.ImplementationPartnerContact = new string('p', 201), [$"{S}:ImplementationPartnerContact {NameRule}, or unset (was '{new string('p', 40)}' (cut, 201 characters))."] },
        { "no token lifetime", o => o.AcknowledgementTokenLifetime = TimeSpan.Zero, [$"{S}:AcknowledgementTokenLifetime must be positive and at most 1.00:00:00 (was 00:00:00)."] },
        { "an empty acknowledgement key", o => o.AcknowledgementKey = string.Empty, [$"{S}:AcknowledgementKey has 0 bytes; it needs at least 32 random bytes (for example openssl rand -base64 32)."] },
    };

    public static TheoryData<string, Action<ConnectedAppsOptions>> Accepted => new()
    {
        { "a plan id of 64 characters", o => o.Plans[0].Id = new string('a', 64) },
        { "a plan name of 200 characters", o => o.Plans[0].Name = new string('n', 200) },
        { "a support contact of 200 characters", o => o.SupportContact = new string('s', 200) },
        { "a resolution of ten years, with the longest window", o => (o.ActivityResolution, o.UnusedAppWindow) = (TimeSpan.FromDays(3650), TimeSpan.FromDays(3650)) },
        { "the shortest unused-app window and resolution", o => (o.ActivityResolution, o.UnusedAppWindow) = (TimeSpan.FromTicks(1), TimeSpan.FromTicks(1)) },
        { "a connect timeout of a tick", o => o.ConnectTimeout = TimeSpan.FromTicks(1) },
        { "a long key of 96 bytes", o => o.AcknowledgementKey = Convert.ToBase64String(new byte[96]) },
        { "plans on different tiers with different ids", o => { o.Plans.Add(Plan("growth", 2)); o.Plans.Add(Plan("pro", 0)); } },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void AWrongSetting_IsRefusedWithExactlyItsOwnSentence(string what, Action<ConnectedAppsOptions> change, string[] expected)
    {
        var options = Valid();
        change(options);

        var result = new ConnectedAppsOptionsValidator(S).Validate(null, options);

        Assert.True(result.Failed, what);
        Assert.Equal(expected, result.Failures);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void ASettingAtItsLimit_IsAccepted(string what, Action<ConnectedAppsOptions> change)
    {
        var options = Valid();
        change(options);

        var result = new ConnectedAppsOptionsValidator(S).Validate(null, options);

        Assert.True(result.Succeeded, $"{what}: {result.FailureMessage}");
    }

    [Fact]
    public void EveryWrongSetting_IsReportedAtOnce_InTheOrderOfTheSettings()
    {
        var options = Valid();
        options.Plans[0].AiCredits = -1;
        options.UnusedAppWindow = TimeSpan.Zero;
        options.SweepBatchSize = 0;
        options.ImplementationPartnerContact = " ";

        var result = new ConnectedAppsOptionsValidator(S).Validate(null, options);

        Assert.Equal(
            [
                $"{S}:Plans:0:AiCredits must be 0 or more (was -1).",
                $"{S}:UnusedAppWindow must be positive and at most 3650.00:00:00 (was 00:00:00).",
                $"{S}:SweepBatchSize must be 1 to 10000 (was 0).",
                $"{S}:ImplementationPartnerContact {NameRule}, or unset (was ' ').",
            ],
            result.Failures);
    }

    [Fact]
    public void AValidatorWithoutASection_IsRefusedNamingTheSection() =>
        Assert.Equal("section", Assert.Throws<ArgumentNullException>(() => new ConnectedAppsOptionsValidator(null!)).ParamName);

    [Fact]
    public void NullOptions_AreRefusedNamingThem() =>
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new ConnectedAppsOptionsValidator(S).Validate(null, null!)).ParamName);

    private static ConnectedAppsOptions Valid()
    {
        var options = new ConnectedAppsOptions();
        options.Plans.Add(Plan("starter", 1));
        return options;
    }

    private static PlanOptions Plan(string id, int tier) => new() { Id = id, Name = id, Tier = tier, ConnectedApps = 3 };
}
