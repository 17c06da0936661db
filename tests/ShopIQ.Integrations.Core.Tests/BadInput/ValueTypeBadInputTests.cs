using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.BadInput;

/// <summary>
/// Bad input to the small values (ids, keys, allowances, plans, catalogs, actors, support routes, policies,
/// acknowledgements): refused with the exact exception type, the parameter's name and a message that says
/// what was wrong, with control characters escaped (the bad-input rules).
/// </summary>
public sealed class ValueTypeBadInputTests
{
    private static readonly string SixtyFive = new('a', 65);

    /// <summary>Values that are not lower-case slugs, with how the message must quote them.</summary>
    public static TheoryData<string, string> MalformedSlugs => new()
    {
        { "", "''" },
        { " ", "' '" },
        { "Razorpay", "'Razorpay'" },
        { "RAZORPAY", "'RAZORPAY'" },
        { "-razorpay", "'-razorpay'" },
        { "razorpay-", "'razorpay-'" },
        { "razor--pay", "'razor--pay'" },
        { "razor pay", "'razor pay'" },
        { "razor_pay", "'razor_pay'" },
        { "razor.pay", "'razor.pay'" },
        { "r\u00e1zorpay", "'r\u00e1zorpay'" },
        { "\uff52azorpay", "'\uff52azorpay'" },
        { "razor\u0000pay", "'razor\\u0000pay'" },
        { "razorpay\n", "'razorpay\\u000a'" },
        { "\t", "'\\u0009'" },
        { "razor\u007fpay", "'razor\\u007fpay'" },
        { SixtyFive, "(cut, 65 characters)" },
    };

    /// <summary>Values that are not store ids (letters, digits, '-' and '_', 1 to 64), with how the message must quote them.</summary>
    public static TheoryData<string, string> MalformedStoreIds => new()
    {
        { "", "''" },
        { " ", "' '" },
        { "store 1", "'store 1'" },
        { "store.1", "'store.1'" },
        { "store/1", "'store/1'" },
        { "st\u00f6re-1", "'st\u00f6re-1'" },
        { "store\u00001", "'store\\u00001'" },
        { "store-1\r\n", "'store-1\\u000d\\u000a'" },
        { SixtyFive, "(cut, 65 characters)" },
    };

    /// <summary>Display texts that are empty, white space, too long or hold a control character, with a part the message must show.</summary>
    public static TheoryData<string, string> BadTexts => new()
    {
        { "", "must not be empty" },
        { "   ", "must not be empty" },
        { "\t\n", "must not be empty" },
        { "Gro\u0007wth", "'Gro\\u0007wth'" },
        { "Growth\r\nInjected: yes", "'Growth\\u000d\\u000aInjected: yes'" },
        { "Growth\u202E", "'Growth\\u202e'" },
        { "Gro\u200Dwth", "'Gro\\u200dwth'" },
        { "\uFEFFGrowth", "'\\ufeffGrowth'" },
        { new string('g', 201), "at most 200" },
    };

    [Theory]
    [MemberData(nameof(MalformedSlugs))]
    public void ProviderKey_MalformedValue_ThrowsArgumentExceptionQuotingIt(string value, string quoted)
    {
        BadInputAssert.Throws<ArgumentException>("value", () => new ProviderKey(value), "Provider key", quoted, "lower-case slug");
        Assert.False(ProviderKey.TryCreate(value, out var key));
        Assert.Null(key);
    }

    [Theory]
    [MemberData(nameof(MalformedSlugs))]
    public void PlanId_MalformedValue_ThrowsArgumentExceptionQuotingIt(string value, string quoted)
    {
        BadInputAssert.Throws<ArgumentException>("value", () => new PlanId(value), "Plan id", quoted, "lower-case slug");
        Assert.False(PlanId.TryCreate(value, out var id));
        Assert.Null(id);
    }

    [Theory]
    [MemberData(nameof(MalformedStoreIds))]
    public void StoreId_MalformedValue_ThrowsArgumentExceptionQuotingIt(string value, string quoted)
    {
        BadInputAssert.Throws<ArgumentException>("value", () => new StoreId(value), "Store id", quoted);
        Assert.False(StoreId.TryCreate(value, out var id));
        Assert.Null(id);
    }

    [Fact]
    public void Ids_Null_ThrowArgumentNullExceptionAndTryCreateAnswersFalse()
    {
        BadInputAssert.Throws<ArgumentNullException>("value", () => new ProviderKey(null!));
        BadInputAssert.Throws<ArgumentNullException>("value", () => new PlanId(null!));
        BadInputAssert.Throws<ArgumentNullException>("value", () => new StoreId(null!));
        Assert.False(ProviderKey.TryCreate(null, out _));
        Assert.False(PlanId.TryCreate(null, out _));
        Assert.False(StoreId.TryCreate(null, out _));
    }

    [Fact]
    public void Ids_SixtyFourCharacters_AreAccepted()
    {
        // The boundary the 65-character cases above are refused at.
        var longest = new string('a', 64);
        Assert.Equal(longest, new ProviderKey(longest).Value);
        Assert.Equal(longest, new PlanId(longest).Value);
        Assert.Equal(longest, new StoreId(longest).Value);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void SlotAllowance_NegativeNumbers_ThrowArgumentOutOfRangeException(int negative)
    {
        BadInputAssert.Throws<ArgumentOutOfRangeException>("slots", () => SlotAllowance.Of(negative), "slots");
        BadInputAssert.Throws<ArgumentOutOfRangeException>("slotsInUse", () => SlotAllowance.Of(3).Covers(negative), "slotsInUse");
        BadInputAssert.Throws<ArgumentOutOfRangeException>("slotsInUse", () => SlotAllowance.Unlimited.Covers(negative), "slotsInUse");
        BadInputAssert.Throws<ArgumentOutOfRangeException>("slotsInUse", () => SlotAllowance.Of(3).Excess(negative), "slotsInUse");
    }

    [Fact]
    public void Plan_NullArguments_ThrowArgumentNullException()
    {
        BadInputAssert.Throws<ArgumentNullException>("id", () => new Plan(null!, "Growth", 2, SlotAllowance.Of(5), 500));
        BadInputAssert.Throws<ArgumentNullException>("name", () => new Plan(new PlanId("growth"), null!, 2, SlotAllowance.Of(5), 500));
    }

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void Plan_BadName_ThrowsArgumentExceptionNamingPlanName(string name, string shown) =>
        BadInputAssert.Throws<ArgumentException>("name", () => new Plan(new PlanId("growth"), name, 2, SlotAllowance.Of(5), 500), "Plan name", shown);

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Plan_NegativeTierOrCredits_ThrowsArgumentOutOfRangeException(int negative)
    {
        BadInputAssert.Throws<ArgumentOutOfRangeException>("tier", () => new Plan(new PlanId("growth"), "Growth", negative, SlotAllowance.Of(5), 500), "tier");
        BadInputAssert.Throws<ArgumentOutOfRangeException>("aiCredits", () => new Plan(new PlanId("growth"), "Growth", 2, SlotAllowance.Of(5), negative), "aiCredits");
    }

    [Fact]
    public void PlanCatalog_NullOrEmptyOrNullPlan_IsRefused()
    {
        BadInputAssert.Throws<ArgumentNullException>("plans", () => new PlanCatalog(null!));
        BadInputAssert.Throws<ArgumentException>("plans", () => new PlanCatalog([]), "at least one plan");
        BadInputAssert.Throws<ArgumentNullException>("plans", () => new PlanCatalog([TestPlans.Free, null!]));
    }

    [Fact]
    public void PlanCatalog_DuplicatePlanId_ThrowsArgumentExceptionNamingTheId()
    {
        var twin = new Plan(new PlanId("starter"), "Starter again", 7, SlotAllowance.Of(4), 100);
        BadInputAssert.Throws<ArgumentException>("plans", () => new PlanCatalog([TestPlans.Free, TestPlans.Starter, twin]), "'starter'", "more than once");
    }

    [Fact]
    public void PlanCatalog_DuplicateTier_ThrowsArgumentExceptionNamingBothPlans()
    {
        var clash = new Plan(new PlanId("starter-plus"), "Starter plus", TestPlans.Starter.Tier, SlotAllowance.Of(4), 100);
        BadInputAssert.Throws<ArgumentException>("plans", () => new PlanCatalog([TestPlans.Free, TestPlans.Starter, clash]), "'starter'", "'starter-plus'", "tier 1");
    }

    [Fact]
    public void PlanCatalog_MethodsWithBadArguments_Throw()
    {
        BadInputAssert.Throws<ArgumentNullException>("id", () => TestPlans.Catalog.TryGetPlan(null!, out _));
        BadInputAssert.Throws<ArgumentOutOfRangeException>("connectedApps", () => TestPlans.Catalog.PlansWithRoomFor(-1), "connectedApps");
        BadInputAssert.Throws<ArgumentNullException>("plan", () => TestPlans.Catalog.WithPlan(null!));
    }

    [Fact]
    public void PlanCatalog_WithPlanWhoseTierIsTaken_ThrowsArgumentExceptionNamingItsOwnParameter()
    {
        var clash = new Plan(new PlanId("growth-plus"), "Growth plus", TestPlans.Growth.Tier, SlotAllowance.Of(6), 600);
        var catalog = TestPlans.Catalog;

        // The caller passed "plan"; an exception naming "plans" points at a parameter WithPlan does not have.
        BadInputAssert.Throws<ArgumentException>("plan", () => catalog.WithPlan(clash), "'growth'", "'growth-plus'");
        Assert.Equal(5, catalog.Plans.Count);
    }

    [Fact]
    public void Actor_UndefinedKind_ThrowsArgumentOutOfRangeException()
    {
        BadInputAssert.Throws<ArgumentOutOfRangeException>("kind", () => new Actor((ActorKind)99, "merchant-1"), "99", "ActorKind");
        BadInputAssert.Throws<ArgumentOutOfRangeException>("kind", () => new Actor((ActorKind)(-1), "merchant-1"), "-1", "ActorKind");
    }

    [Fact]
    public void Actor_NullId_ThrowsArgumentNullExceptionFromEveryFactory()
    {
        BadInputAssert.Throws<ArgumentNullException>("id", () => new Actor(ActorKind.Provider, null!));
        BadInputAssert.Throws<ArgumentNullException>("id", () => Actor.Merchant(null!));
        BadInputAssert.Throws<ArgumentNullException>("id", () => Actor.Support(null!));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("  ", "must not be empty")]
    [InlineData("merchant\u001b1", "'merchant\\u001b1'")]
    [InlineData("merchant-1\n", "'merchant-1\\u000a'")]
    [InlineData("admin\u202Egnp.exe", "'admin\\u202egnp.exe'")]
    [InlineData("merchant\u200B1", "'merchant\\u200b1'")]
    [InlineData("\uFEFFmerchant-1", "'\\ufeffmerchant-1'")]
    public void Actor_BadId_ThrowsArgumentExceptionNamingActorId(string id, string shown)
    {
        BadInputAssert.Throws<ArgumentException>("id", () => Actor.Merchant(id), "Actor id", shown);
        BadInputAssert.Throws<ArgumentException>("id", () => Actor.Support(id), "Actor id", shown);
        BadInputAssert.Throws<ArgumentException>("id", () => new Actor(ActorKind.Provider, id), "Actor id", shown);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(201)]
    [InlineData(5000)]
    public void Actor_IdLongerThanSixtyFour_ThrowsArgumentExceptionStatingTheLimitOfSixtyFour(int length) =>
        BadInputAssert.Throws<ArgumentException>("id", () => Actor.Merchant(new string('m', length)), "Actor id", $"{length} characters", "at most 64");

    /// <summary>
    /// Texts holding half of a surrogate pair, with how a message quotes them. Facts, not theory data: xunit passes theory
    /// data through UTF-8, which turns a lone surrogate into U+FFFD before the test sees it.
    /// </summary>
    private static readonly (string Text, string Shown)[] HalvesOfPairs =
    [
        ("m\uD800", "'m\\ud800'"),
        ("m\uDC00", "'m\\udc00'"),
        ("\uDE00Growth", "'\\ude00Growth'"),
    ];

    [Fact]
    public void ActorIdsPlanNamesAndContacts_WithHalfASurrogatePair_AreRefusedNamingTheParameter()
    {
        foreach (var (text, shown) in HalvesOfPairs)
        {
            BadInputAssert.Throws<ArgumentException>("id", () => Actor.Merchant(text), "Actor id", shown, "surrogate");
            BadInputAssert.Throws<ArgumentException>("id", () => new Actor(ActorKind.Provider, text), "Actor id", shown);
            BadInputAssert.Throws<ArgumentException>("name", () => new Plan(new PlanId("growth"), text, 2, SlotAllowance.Of(5), 500), "Plan name", shown);
            BadInputAssert.Throws<ArgumentException>("support", () => new SupportRoute(text, "partners@example.com"), "Support contact", shown);
        }
    }

    [Fact]
    public void SupportRoute_NullArguments_ThrowArgumentNullException()
    {
        BadInputAssert.Throws<ArgumentNullException>("support", () => new SupportRoute(null!, "partners@example.com"));
        BadInputAssert.Throws<ArgumentNullException>("implementationPartner", () => new SupportRoute("support@example.com", null!));
    }

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void SupportRoute_BadText_ThrowsArgumentExceptionNamingTheContact(string text, string shown)
    {
        BadInputAssert.Throws<ArgumentException>("support", () => new SupportRoute(text, "partners@example.com"), "Support contact", shown);
        BadInputAssert.Throws<ArgumentException>("implementationPartner", () => new SupportRoute("support@example.com", text), "Implementation Partner contact", shown);
    }

    [Fact]
    public void ConnectedAppsPolicy_NullCatalog_ThrowsArgumentNullException()
    {
        BadInputAssert.Throws<ArgumentNullException>("catalog", () => new ConnectedAppsPolicy(null!));
        BadInputAssert.Throws<ArgumentNullException>("catalog", () => TestPlans.Policy.WithCatalog(null!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-43_200)]
    public void ConnectedAppsPolicy_NonPositiveDurations_ThrowArgumentOutOfRangeException(int minutes)
    {
        var duration = Duration.FromMinutes(minutes);
        BadInputAssert.Throws<ArgumentOutOfRangeException>(
            nameof(ConnectedAppsPolicy.PendingReservationLifetime),
            () => _ = new ConnectedAppsPolicy(TestPlans.Catalog) { PendingReservationLifetime = duration },
            "pending-reservation lifetime must be positive");
        BadInputAssert.Throws<ArgumentOutOfRangeException>(
            nameof(ConnectedAppsPolicy.UnusedAppWindow),
            () => _ = new ConnectedAppsPolicy(TestPlans.Catalog) { UnusedAppWindow = duration },
            "unused-app window must be positive");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.0000001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ConnectedAppsPolicy_NearlyFullThresholdOutsideZeroToOne_ThrowsArgumentOutOfRangeException(double threshold) =>
        BadInputAssert.Throws<ArgumentOutOfRangeException>(
            nameof(ConnectedAppsPolicy.NearlyFullThreshold),
            () => _ = new ConnectedAppsPolicy(TestPlans.Catalog) { NearlyFullThreshold = threshold },
            "nearly-full threshold");

    [Fact]
    public void ConnectedAppsPolicy_BadCriticalCategories_AreRefused()
    {
        BadInputAssert.Throws<ArgumentNullException>(
            nameof(ConnectedAppsPolicy.CriticalCategories),
            () => _ = new ConnectedAppsPolicy(TestPlans.Catalog) { CriticalCategories = null! });
        BadInputAssert.Throws<ArgumentOutOfRangeException>(
            nameof(ConnectedAppsPolicy.CriticalCategories),
            () => _ = new ConnectedAppsPolicy(TestPlans.Catalog) { CriticalCategories = new HashSet<ProviderCategory> { ProviderCategory.Payments, (ProviderCategory)99 } },
            "99",
            "ProviderCategory");
    }

    [Fact]
    public void ConnectedAppsPolicy_NullSupport_ThrowsArgumentNullException() =>
        BadInputAssert.Throws<ArgumentNullException>(
            nameof(ConnectedAppsPolicy.Support),
            () => _ = new ConnectedAppsPolicy(TestPlans.Catalog) { Support = null! });

    [Fact]
    public void ConnectedAppsPolicy_PendingReservationLifetimeBeyondTheCalendar_IsRefusedAtStartUpOrHonoured()
    {
        // Invalid configuration fails at start-up (the bad-input rules): a lifetime the policy accepts must not
        // make a later BeginConnect throw because the deadline falls outside the range of Instant.
        ConnectedAppsPolicy policy;
        try
        {
            policy = new ConnectedAppsPolicy(TestPlans.Catalog) { PendingReservationLifetime = Duration.MaxValue };
        }
        catch (ArgumentOutOfRangeException refused)
        {
            Assert.Equal(nameof(ConnectedAppsPolicy.PendingReservationLifetime), refused.ParamName);
            return;
        }

        var fixture = new StoreFixture(TestPlans.Growth, policy);
        var outcome = fixture.Store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), StoreFixture.Merchant);

        Assert.Equal(OutcomeStatus.Reserved, outcome.Status);
    }

    [Fact]
    public void ConnectedAppsPolicy_UnusedAppWindowBeyondTheCalendar_IsRefusedAtStartUpOrHonoured()
    {
        // As above for the unused-app window, which limit guidance subtracts from the current instant (R11).
        ConnectedAppsPolicy policy;
        try
        {
            policy = new ConnectedAppsPolicy(TestPlans.Catalog) { UnusedAppWindow = Duration.MaxValue };
        }
        catch (ArgumentOutOfRangeException refused)
        {
            Assert.Equal(nameof(ConnectedAppsPolicy.UnusedAppWindow), refused.ParamName);
            return;
        }

        var fixture = new StoreFixture(TestPlans.Free, policy);
        var outcome = fixture.Store.Connect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), StoreFixture.Merchant);

        Assert.Equal(OutcomeStatus.LimitReached, outcome.Status);
    }

    [Fact]
    public void ImpactAcknowledgement_NullArguments_ThrowArgumentNullException()
    {
        BadInputAssert.Throws<ArgumentNullException>("storeId", () => new ImpactAcknowledgement(null!, new ProviderKey("razorpay"), 3, []));
        BadInputAssert.Throws<ArgumentNullException>("provider", () => new ImpactAcknowledgement(new StoreId("store-1"), null!, 3, []));
        BadInputAssert.Throws<ArgumentNullException>("workflowsThatStop", () => new ImpactAcknowledgement(new StoreId("store-1"), new ProviderKey("razorpay"), 3, null!));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void ImpactAcknowledgement_AppsVersionBelowOne_ThrowsArgumentOutOfRangeException(long appsVersion) =>
        BadInputAssert.Throws<ArgumentOutOfRangeException>(
            "appsVersion",
            () => new ImpactAcknowledgement(new StoreId("store-1"), new ProviderKey("razorpay"), appsVersion, []),
            "appsVersion");

    [Fact]
    public void ImpactAcknowledgement_UndefinedWorkflow_ThrowsArgumentOutOfRangeException() =>
        BadInputAssert.Throws<ArgumentOutOfRangeException>(
            "workflowsThatStop",
            () => new ImpactAcknowledgement(new StoreId("store-1"), new ProviderKey("razorpay"), 3, [(CommerceWorkflow)42]),
            "CommerceWorkflow");
}
