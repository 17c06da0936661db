namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// Every setting's documented range includes its ends: a value at an end is accepted, and the first value past it is
/// refused naming the setting and the value (the start-up tests check the refusals through a host; these check the
/// edges, and settings that are only wrong together, on the validator itself).
/// </summary>
public sealed class ConnectedAppsOptionsEdgeTests
{
    private const string Section = "ShopIQ:Integrations";

    public static TheoryData<string, Action<ConnectedAppsOptions>> Edges => new()
    {
        { "the smallest store cache", o => o.StoreCacheCapacity = 0 },
        { "the largest store cache", o => o.StoreCacheCapacity = 1_000_000 },
        { "no conflict retry", o => o.MaxConflictRetries = 0 },
        { "the most conflict retries", o => o.MaxConflictRetries = 100 },
        { "the smallest sweep batch", o => o.SweepBatchSize = 1 },
        { "the largest sweep batch", o => o.SweepBatchSize = 10_000 },
        { "nearly full only when full", o => o.NearlyFullThreshold = 1 },
        { "a tiny nearly-full threshold", o => o.NearlyFullThreshold = 0.0001 },
        { "the longest reservation", o => o.PendingReservationLifetime = TimeSpan.FromDays(7) },
        { "the longest unused-app window", o => o.UnusedAppWindow = TimeSpan.FromDays(3650) },
        { "a resolution as long as the window", o => (o.ActivityResolution, o.UnusedAppWindow) = (TimeSpan.FromDays(2), TimeSpan.FromDays(2)) },
        { "the largest live-facts budget", o => o.LiveFactsBudget = TimeSpan.FromSeconds(30) },
        { "a connect timeout just short of the reservation", o => o.ConnectTimeout = TimeSpan.FromMinutes(30) - TimeSpan.FromTicks(1) },
        { "the shortest positive times", o => (o.IdempotencyKeyRetention, o.ActivityResolution) = (TimeSpan.FromTicks(1), TimeSpan.FromTicks(1)) },
        { "the longest token lifetime", o => o.AcknowledgementTokenLifetime = TimeSpan.FromDays(1) },
        { "a key of the fewest bytes, and a previous one", o => (o.AcknowledgementKey, o.PreviousAcknowledgementKey) = (Key(32), Key(40)) },
        { "an unlimited plan", o => o.Plans[0] = new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, Unlimited = true } },
        { "a plan of no apps, on tier 0", o => o.Plans[0] = new PlanOptions { Id = "starter", Name = "Starter", Tier = 0, ConnectedApps = 0 } },
        { "every critical category", o => o.CriticalCategories = Enum.GetValues<ProviderCategory>() },
        { "contacts", o => (o.SupportContact, o.ImplementationPartnerContact) = ("support@shopiq.example", new string('p', 200)) },
    };

    public static TheoryData<string, Action<ConnectedAppsOptions>, string> JustPast => new()
    {
        { "a connect timeout as long as the reservation", o => o.ConnectTimeout = TimeSpan.FromMinutes(30), $"{Section}:ConnectTimeout (00:30:00) must be shorter than {Section}:PendingReservationLifetime (00:30:00), so a reservation outlives the connect that holds it." },
        { "a resolution just over the window", o => (o.ActivityResolution, o.UnusedAppWindow) = (TimeSpan.FromDays(2) + TimeSpan.FromTicks(1), TimeSpan.FromDays(2)), $"{Section}:ActivityResolution (2.00:00:00.0000001) must be at most {Section}:UnusedAppWindow (2.00:00:00): an app's idleness is known only to the resolution." },
        { "a reservation just over a week", o => o.PendingReservationLifetime = TimeSpan.FromDays(7) + TimeSpan.FromTicks(1), $"{Section}:PendingReservationLifetime must be positive and at most 7.00:00:00 (was 7.00:00:00.0000001)." },
        { "no key retention", o => o.IdempotencyKeyRetention = TimeSpan.Zero, $"{Section}:IdempotencyKeyRetention must be positive (was 00:00:00)." },
        { "a key one byte short", o => o.AcknowledgementKey = Key(31), $"{Section}:AcknowledgementKey has 31 bytes; it needs at least 32 random bytes (for example openssl rand -base64 32)." },
        { "a previous key that is not base64", o => (o.AcknowledgementKey, o.PreviousAcknowledgementKey) = (Key(32), "not base64!"), $"{Section}:PreviousAcknowledgementKey is not base64 text." },
        { "a previous key without a current one", o => o.PreviousAcknowledgementKey = Key(32), $"{Section}:PreviousAcknowledgementKey is set but {Section}:AcknowledgementKey is not: tokens are always issued with the current key." },
        { "a missing plan", o => o.Plans.Add(null!), $"{Section}:Plans:1 is missing." },
        { "a plan without an id", o => o.Plans[0].Id = null, $"{Section}:Plans:0:Id must be a lower-case slug (a-z, 0-9, single hyphens, at most 64 characters) (was unset)." },
        { "a plan without a name", o => o.Plans[0].Name = null, $"{Section}:Plans:0:Name must be 1 to 200 characters of well-formed text without control, line-separator or invisible format characters (was unset)." },
        { "a contact too long", o => o.SupportContact = new string('s', 201), $"{Section}:SupportContact must be 1 to 200 characters" },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void AValueAtTheEdgeOfItsRange_IsAccepted(string what, Action<ConnectedAppsOptions> change)
    {
        var options = Valid();
        change(options);

        var result = new ConnectedAppsOptionsValidator(Section).Validate(null, options);

        Assert.True(result.Succeeded, $"{what}: {result.FailureMessage}");
    }

    [Theory]
    [MemberData(nameof(JustPast))]
    public void AValueJustPastItsRangeOrWrongWithAnother_IsRefusedNamingIt(string what, Action<ConnectedAppsOptions> change, string expected)
    {
        var options = Valid();
        change(options);

        var result = new ConnectedAppsOptionsValidator(Section).Validate(null, options);

        Assert.True(result.Failed, what);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutASection_SettingsAreNamedAlone()
    {
        var options = Valid();
        options.SweepBatchSize = 0;

        var result = new ConnectedAppsOptionsValidator(string.Empty).Validate(null, options);

        Assert.StartsWith("SweepBatchSize must be 1 to 10000 (was 0).", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecretKey_IsNeverRepeatedInTheMessage()
    {
        var options = Valid();
        options.AcknowledgementKey = Key(31);

        var result = new ConnectedAppsOptionsValidator(Section).Validate(null, options);

        Assert.DoesNotContain(options.AcknowledgementKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ToPolicy_CarriesEverySettingOver()
    {
        var options = Valid();
        options.Plans.Add(new PlanOptions { Id = "pro", Name = "Pro", Tier = 3, Unlimited = true, AiCredits = 50 });
        options.PendingReservationLifetime = TimeSpan.FromMinutes(45);
        options.UnusedAppWindow = TimeSpan.FromDays(10);
        options.ActivityResolution = TimeSpan.FromHours(6);
        options.NearlyFullThreshold = 0.5;
        options.CriticalCategories = [ProviderCategory.Logistics];
        options.SupportContact = "help@shopiq.example";

        var policy = ConnectedAppsOptionsValidator.ToPolicy(options);

        Assert.Equal(NodaTime.Duration.FromMinutes(45), policy.PendingReservationLifetime);
        Assert.Equal(NodaTime.Duration.FromDays(10), policy.UnusedAppWindow);
        Assert.Equal(NodaTime.Duration.FromHours(6), policy.ActivityResolution);
        Assert.Equal(0.5, policy.NearlyFullThreshold);
        Assert.Equal([ProviderCategory.Logistics], policy.CriticalCategories);
        Assert.Equal("help@shopiq.example", policy.Support.Support);
        Assert.Equal(new ConnectedAppsPolicy(policy.Catalog).Support.ImplementationPartner, policy.Support.ImplementationPartner);
        Assert.True(policy.Catalog.TryGetPlan(new PlanId("pro"), out var pro));
        Assert.Equal((SlotAllowance.Unlimited, 50, 3), (pro.ConnectedApps, pro.AiCredits, pro.Tier));
        Assert.True(policy.Catalog.TryGetPlan(new PlanId("starter"), out var starter));
        Assert.Equal(SlotAllowance.Of(3), starter.ConnectedApps);
    }

    private static ConnectedAppsOptions Valid()
    {
        var options = new ConnectedAppsOptions();
        options.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 3 });
        return options;
    }

    private static string Key(int bytes) => Convert.ToBase64String(Enumerable.Range(1, bytes).Select(i => (byte)i).ToArray());
}
