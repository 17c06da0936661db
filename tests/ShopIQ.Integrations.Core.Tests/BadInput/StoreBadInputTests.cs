using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.BadInput;

/// <summary>
/// Bad input to every public <see cref="Store"/> entry point (the bad-input rules, STYLE.md rule 6): programming
/// errors throw with the parameter's name and leave the store, its ledger and its events exactly as they were,
/// even when a reservation is due; unknown ids and stale acknowledgements are outcomes, not exceptions, and
/// change nothing either.
/// </summary>
public sealed class StoreBadInputTests
{
    private static readonly Actor M = StoreFixture.Merchant;
    private static readonly ProviderKey Razorpay = BuiltInProviders.Razorpay.Key;
    private static readonly ProviderKey MetaPixel = BuiltInProviders.MetaPixel.Key;
    private static readonly ProviderKey Shiprocket = BuiltInProviders.Shiprocket.Key;
    private static readonly ProviderKey Wati = BuiltInProviders.Wati.Key;
    private static readonly ProviderKey Cashfree = new("cashfree");
    private static readonly StoreId OtherStore = new("store-2");
    private static readonly PlanId Platinum = new("platinum");
    private static readonly SetupValidation InvalidSetup = SetupValidation.Invalid(BuiltInProviders.AmazonSellerCentral.Key, [new SetupFieldError("key-id", "Key id is required.")]);
    private static readonly Type Null = typeof(ArgumentNullException);
    private static readonly Type Bad = typeof(ArgumentException);
    private static readonly Type OutOfRange = typeof(ArgumentOutOfRangeException);

    /// <summary>Programming errors: each throws before anything changes.</summary>
    private static readonly Dictionary<string, Misuse> Misuses = new()
    {
        ["Connect_NullProvider"] = new(s => s.Store.Connect(null!, Valid(BuiltInProviders.Razorpay), M), Null, "provider"),
        ["Connect_SetupOfAnotherProvider"] = new(s => s.Store.Connect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.Razorpay), M), Bad, "setup", "'razorpay'"),
        ["BeginConnect_SetupOfAnotherProvider"] = new(s => s.Store.BeginConnect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.Razorpay), M), Bad, "setup", "'razorpay'"),
        ["Replace_SetupOfTheReplacedApp"] = new(s => s.Store.Replace(MetaPixel, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.MetaPixel), M), Bad, "setup", "'meta-pixel'"),
        ["Reconnect_SetupOfAnotherProvider"] = new(s => s.Store.Reconnect(Shiprocket, Valid(BuiltInProviders.Razorpay), M), Bad, "setup", "'razorpay'"),
        ["Connect_NullSetup"] = new(s => s.Store.Connect(BuiltInProviders.AmazonSellerCentral, null!, M), Null, "setup"),
        ["Connect_NullActor"] = new(s => s.Store.Connect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), null!), Null, "actor"),
        ["BeginConnect_NullProvider"] = new(s => s.Store.BeginConnect(null!, Valid(BuiltInProviders.Razorpay), M), Null, "provider"),
        ["BeginConnect_NullSetup"] = new(s => s.Store.BeginConnect(BuiltInProviders.AmazonSellerCentral, null!, M), Null, "setup"),
        ["BeginConnect_NullActor"] = new(s => s.Store.BeginConnect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), null!), Null, "actor"),
        ["CompleteConnect_NullProvider"] = new(s => s.Store.CompleteConnect(null!, M), Null, "provider"),
        ["CompleteConnect_NullActor"] = new(s => s.Store.CompleteConnect(Wati, null!), Null, "actor"),
        ["FailConnect_NullProvider"] = new(s => s.Store.FailConnect(null!, M), Null, "provider"),
        ["FailConnect_NullActor"] = new(s => s.Store.FailConnect(Wati, null!), Null, "actor"),
        ["Disconnect_NullProvider"] = new(s => s.Store.Disconnect(null!, M), Null, "provider"),
        ["Disconnect_NullActor"] = new(s => s.Store.Disconnect(MetaPixel, null!), Null, "actor"),
        ["DisconnectAcknowledged_NullProvider"] = new(s => s.Store.Disconnect(null!, s.RazorpayAck, M), Null, "provider"),
        ["DisconnectAcknowledged_NullAcknowledgement"] = new(s => s.Store.Disconnect(Razorpay, null!, M), Null, "acknowledgement"),
        ["DisconnectAcknowledged_NullActor"] = new(s => s.Store.Disconnect(Razorpay, s.RazorpayAck, null!), Null, "actor"),
        ["DisconnectAcknowledged_AnotherStore"] = new(s => s.Store.Disconnect(Razorpay, s.Ack(OtherStore, Razorpay), M), Bad, "acknowledgement", "'store-2'"),
        ["DisconnectAcknowledged_AnotherApp"] = new(s => s.Store.Disconnect(Razorpay, s.Ack(s.Store.Id, MetaPixel), M), Bad, "acknowledgement", "'meta-pixel'"),
        ["Replace_NullCurrent"] = new(s => s.Store.Replace(null!, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), M), Null, "current"),
        ["Replace_NullReplacement"] = new(s => s.Store.Replace(MetaPixel, null!, Valid(BuiltInProviders.Razorpay), M), Null, "replacement"),
        ["Replace_NullSetup"] = new(s => s.Store.Replace(MetaPixel, BuiltInProviders.AmazonSellerCentral, null!, M), Null, "setup"),
        ["Replace_NullActor"] = new(s => s.Store.Replace(MetaPixel, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), null!), Null, "actor"),
        ["ReplaceAcknowledged_NullCurrent"] = new(s => s.Store.Replace(null!, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), s.RazorpayAck, M), Null, "current"),
        ["ReplaceAcknowledged_NullReplacement"] = new(s => s.Store.Replace(Razorpay, null!, Valid(BuiltInProviders.Razorpay), s.RazorpayAck, M), Null, "replacement"),
        ["ReplaceAcknowledged_NullSetup"] = new(s => s.Store.Replace(Razorpay, BuiltInProviders.AmazonSellerCentral, null!, s.RazorpayAck, M), Null, "setup"),
        ["ReplaceAcknowledged_NullAcknowledgement"] = new(s => s.Store.Replace(Razorpay, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), null!, M), Null, "acknowledgement"),
        ["ReplaceAcknowledged_NullActor"] = new(s => s.Store.Replace(Razorpay, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), s.RazorpayAck, null!), Null, "actor"),
        ["ReplaceAcknowledged_AnotherStore"] = new(s => s.Store.Replace(Razorpay, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), s.Ack(OtherStore, Razorpay), M), Bad, "acknowledgement", "'store-2'"),
        ["ReplaceAcknowledged_AnotherApp"] = new(s => s.Store.Replace(Razorpay, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), s.Ack(s.Store.Id, Shiprocket), M), Bad, "acknowledgement", "'shiprocket'"),
        ["ChangePlan_NullPlan"] = new(s => s.Store.ChangePlan(null!, M), Null, "plan"),
        ["ChangePlan_NullActor"] = new(s => s.Store.ChangePlan(TestPlans.Pro.Id, null!), Null, "actor"),
        ["ChangePlanDisconnecting_NullPlan"] = new(s => s.Store.ChangePlan(null!, [MetaPixel], [], M), Null, "plan"),
        ["ChangePlanDisconnecting_NullApps"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, null!, [], M), Null, "appsToDisconnect"),
        ["ChangePlanDisconnecting_NullAcknowledgements"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, [MetaPixel], null!, M), Null, "acknowledgements"),
        ["ChangePlanDisconnecting_NullActor"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, [MetaPixel], [], null!), Null, "actor"),
        ["ChangePlanDisconnecting_NullApp"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, [MetaPixel, null!], [], M), Null, "appsToDisconnect"),
        ["ChangePlanDisconnecting_AppNamedTwice"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, [MetaPixel, MetaPixel], [], M), Bad, "appsToDisconnect", "more than once"),
        ["ChangePlanDisconnecting_NullAcknowledgement"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, [Razorpay], [s.RazorpayAck, null!], M), Null, "acknowledgements"),
        ["ChangePlanDisconnecting_AcknowledgementForAnotherStore"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, [Razorpay], [s.Ack(OtherStore, Razorpay)], M), Bad, "acknowledgements", "'store-2'"),
        ["ChangePlanDisconnecting_AcknowledgementForAppNotNamed"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, [MetaPixel], [s.RazorpayAck], M), Bad, "acknowledgements", "'razorpay'"),
        ["ChangePlanDisconnecting_AcknowledgementRepeated"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, [Razorpay], [s.RazorpayAck, s.RazorpayAck], M), Bad, "acknowledgements", "'razorpay'"),
        ["ApplyCatalog_NullCatalog"] = new(s => s.Store.ApplyCatalog(null!, M), Null, "catalog"),
        ["ApplyCatalog_NullActor"] = new(s => s.Store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Growth.WithConnectedApps(SlotAllowance.Of(8))), null!), Null, "actor"),
        ["RecordActivity_NullProvider"] = new(s => s.Store.RecordActivity(null!, M), Null, "provider"),
        ["RecordActivity_NullActor"] = new(s => s.Store.RecordActivity(MetaPixel, null!), Null, "actor"),
        ["MarkNeedsAttention_NullProvider"] = new(s => s.Store.MarkNeedsAttention(null!, AttentionReason.CredentialsRevoked, M), Null, "provider"),
        ["MarkNeedsAttention_UndefinedReason"] = new(s => s.Store.MarkNeedsAttention(MetaPixel, (AttentionReason)99, M), OutOfRange, "reason", "AttentionReason"),
        ["MarkNeedsAttention_NullActor"] = new(s => s.Store.MarkNeedsAttention(MetaPixel, AttentionReason.CredentialsRevoked, null!), Null, "actor"),
        ["Reconnect_NullProvider"] = new(s => s.Store.Reconnect(null!, Valid(BuiltInProviders.Razorpay), M), Null, "provider"),
        ["Reconnect_NullSetup"] = new(s => s.Store.Reconnect(Shiprocket, null!, M), Null, "setup"),
        ["Reconnect_NullActor"] = new(s => s.Store.Reconnect(Shiprocket, Valid(BuiltInProviders.Shiprocket), null!), Null, "actor"),
        ["UseAiCredits_Zero"] = new(s => s.Store.UseAiCredits(0, AiUsePurpose.Generate, M), OutOfRange, "credits", "credits"),
        ["UseAiCredits_Negative"] = new(s => s.Store.UseAiCredits(-5, AiUsePurpose.Generate, M), OutOfRange, "credits", "credits"),
        ["UseAiCredits_MinValue"] = new(s => s.Store.UseAiCredits(int.MinValue, AiUsePurpose.Summarize, M), OutOfRange, "credits", "credits"),
        ["UseAiCredits_UndefinedPurpose"] = new(s => s.Store.UseAiCredits(1, (AiUsePurpose)99, M), OutOfRange, "purpose", "AiUsePurpose"),
        ["UseAiCredits_NullActor"] = new(s => s.Store.UseAiCredits(1, AiUsePurpose.Analyze, null!), Null, "actor"),
        ["TryAssessImpact_NullProvider"] = new(s => s.Store.TryAssessImpact(null!, out _), Null, "provider"),
    };

    /// <summary>Expected business outcomes for unknown ids, wrong states and stale acknowledgements: answers, never exceptions.</summary>
    private static readonly Dictionary<string, Answer> Answers = new()
    {
        ["ChangePlan_UnknownPlan"] = new(s => s.Store.ChangePlan(Platinum, M), OutcomeStatus.UnknownPlan, "'platinum'"),
        ["ChangePlanDisconnecting_UnknownPlan"] = new(s => s.Store.ChangePlan(Platinum, [MetaPixel], [], M), OutcomeStatus.UnknownPlan, "'platinum'"),
        ["ChangePlanDisconnecting_UnknownApp"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, [Cashfree], [], M), OutcomeStatus.NotConnected, "'cashfree'"),
        ["ChangePlanDisconnecting_StaleAcknowledgement"] = new(s => s.Store.ChangePlan(TestPlans.Starter.Id, [Razorpay], [s.StaleRazorpayAck], M), OutcomeStatus.AcknowledgementStale, "Razorpay"),
        ["ChangePlan_DowngradeOverTheLimit"] = new(s => s.Store.ChangePlan(TestPlans.Free.Id, M), OutcomeStatus.DowngradeNeedsDisconnects, "4 more apps"),
        ["Disconnect_UnknownProvider"] = new(s => s.Store.Disconnect(Cashfree, M), OutcomeStatus.NotConnected, "'cashfree'"),
        ["Disconnect_NativeFeatureKey"] = new(s => s.Store.Disconnect(NativeFeatures.KeyOf(NativeFeature.AiChat), M), OutcomeStatus.NotConnected, "'ai-chat'"),
        ["DisconnectAcknowledged_UnknownProvider"] = new(s => s.Store.Disconnect(Cashfree, s.Ack(s.Store.Id, Cashfree), M), OutcomeStatus.NotConnected, "'cashfree'"),
        ["DisconnectAcknowledged_StaleVersion"] = new(s => s.Store.Disconnect(Razorpay, s.StaleRazorpayAck, M), OutcomeStatus.AcknowledgementStale, "Razorpay"),
        ["DisconnectAcknowledged_FutureVersion"] = new(s => s.Store.Disconnect(Razorpay, new ImpactAcknowledgement(s.Store.Id, Razorpay, s.Store.AppsVersion + 5, [CommerceWorkflow.PaymentProcessing]), M), OutcomeStatus.AcknowledgementStale, "Razorpay"),
        ["Disconnect_CriticalWithoutAcknowledgement"] = new(s => s.Store.Disconnect(Razorpay, M), OutcomeStatus.AcknowledgementRequired, "Razorpay"),
        ["Replace_UnknownCurrent"] = new(s => s.Store.Replace(Cashfree, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), M), OutcomeStatus.NotConnected, "'cashfree'"),
        ["Replace_InvalidSetup"] = new(s => s.Store.Replace(MetaPixel, BuiltInProviders.AmazonSellerCentral, InvalidSetup, M), OutcomeStatus.SetupInvalid, "key-id"),
        ["ReplaceAcknowledged_StaleVersion"] = new(s => s.Store.Replace(Razorpay, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), s.StaleRazorpayAck, M), OutcomeStatus.AcknowledgementStale, "Razorpay"),
        ["CompleteConnect_UnknownProvider"] = new(s => s.Store.CompleteConnect(Cashfree, M), OutcomeStatus.NotConnected, "'cashfree'"),
        ["CompleteConnect_ActiveApp"] = new(s => s.Store.CompleteConnect(Razorpay, M), OutcomeStatus.NotPending, "Razorpay"),
        ["FailConnect_UnknownProvider"] = new(s => s.Store.FailConnect(Cashfree, M), OutcomeStatus.NotConnected, "'cashfree'"),
        ["FailConnect_AppNeedingAttention"] = new(s => s.Store.FailConnect(Shiprocket, M), OutcomeStatus.NotPending, "Shiprocket"),
        ["RecordActivity_UnknownProvider"] = new(s => s.Store.RecordActivity(Cashfree, M), OutcomeStatus.NotConnected, "'cashfree'"),
        ["RecordActivity_PendingApp"] = new(s => s.Store.RecordActivity(Wati, M), OutcomeStatus.WrongState, "WATI"),
        ["MarkNeedsAttention_UnknownProvider"] = new(s => s.Store.MarkNeedsAttention(Cashfree, AttentionReason.PermissionRemoved, M), OutcomeStatus.NotConnected, "'cashfree'"),
        ["MarkNeedsAttention_PendingApp"] = new(s => s.Store.MarkNeedsAttention(Wati, AttentionReason.PermissionRemoved, M), OutcomeStatus.WrongState, "WATI"),
        ["Reconnect_UnknownProvider"] = new(s => s.Store.Reconnect(Cashfree, Valid(StoreFixture.Provider("cashfree", ProviderCategory.Payments)), M), OutcomeStatus.NotConnected, "'cashfree'"),
        ["Reconnect_InvalidSetup"] = new(s => s.Store.Reconnect(Shiprocket, SetupValidation.Invalid(Shiprocket, [new SetupFieldError("key-id", "Key id is required.")]), M), OutcomeStatus.SetupInvalid, "key-id"),
        ["Connect_NativeFeature"] = new(s => s.Store.Connect(StoreFixture.Provider("ai-chat", ProviderCategory.Other), Valid(StoreFixture.Provider("ai-chat", ProviderCategory.Other)), M), OutcomeStatus.NativeFeature, "AI Chat"),
        ["Connect_AlreadyConnected"] = new(s => s.Store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), M), OutcomeStatus.AlreadyConnected, "Razorpay"),
        ["BeginConnect_AlreadyPending"] = new(s => s.Store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), M), OutcomeStatus.AlreadyConnected, "WATI"),
        ["Connect_RetiredProvider"] = new(s => s.Store.Connect(BuiltInProviders.AmazonSellerCentral.WithAvailability(ProviderAvailability.Retired), Valid(BuiltInProviders.AmazonSellerCentral), M), OutcomeStatus.ProviderUnavailable, "Amazon Seller Central"),
        ["Connect_InvalidSetup"] = new(s => s.Store.Connect(BuiltInProviders.AmazonSellerCentral, InvalidSetup, M), OutcomeStatus.SetupInvalid, "key-id"),
        ["BeginConnect_InvalidSetup"] = new(s => s.Store.BeginConnect(BuiltInProviders.AmazonSellerCentral, InvalidSetup, M), OutcomeStatus.SetupInvalid, "key-id"),
        ["UseAiCredits_MoreThanTheBalance"] = new(s => s.Store.UseAiCredits(int.MaxValue, AiUsePurpose.Generate, M), OutcomeStatus.InsufficientAiCredits, "500"),
    };

    public static TheoryData<string, bool> MisuseCases
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var name in Misuses.Keys)
            {
                data.Add(name, false);
                data.Add(name, true);
            }

            return data;
        }
    }

    public static TheoryData<string> AnswerCases => [.. Answers.Keys];

    [Theory]
    [MemberData(nameof(MisuseCases))]
    public void Operation_ProgrammingError_ThrowsAndLeavesStoreLedgerAndEventsUnchanged(string misuse, bool reservationDue)
    {
        var scene = new Scene(reservationDue);
        var (act, exception, paramName, mention) = Misuses[misuse];
        var before = StoreState.Of(scene.Store);
        var policy = scene.Store.Policy;

        BadInputAssert.Throws(exception, paramName, () => act(scene), mention is null ? [] : [mention]);

        Assert.Equal(before, StoreState.Of(scene.Store));
        Assert.Same(policy, scene.Store.Policy);
        Assert.Empty(scene.Store.PendingEvents);
    }

    [Theory]
    [MemberData(nameof(AnswerCases))]
    public void Operation_UnknownIdOrWrongState_AnswersWithAnOutcomeAndChangesNothing(string answer)
    {
        var scene = new Scene(reservationDue: false);
        var (act, status, mention) = Answers[answer];
        var before = StoreState.Of(scene.Store);

        var outcome = act(scene);

        Assert.Equal(status, outcome.Status);
        Assert.Contains(mention, outcome.Message, StringComparison.Ordinal);
        Assert.Equal(before, StoreState.Of(scene.Store));
        Assert.Empty(scene.Store.PendingEvents);
    }

    [Fact]
    public void Scene_WithADueReservation_AnyOperationThatRunsWouldChangeIt()
    {
        // Guards the misuse theory: with the deadline passed, "unchanged" can only hold if the call threw before expiring.
        var scene = new Scene(reservationDue: true);
        var before = StoreState.Of(scene.Store);

        Assert.Equal(OutcomeStatus.NotConnected, scene.Store.RecordActivity(Cashfree, M).Status);

        Assert.NotEqual(before, StoreState.Of(scene.Store));
        Assert.DoesNotContain(scene.Store.GetApps(), a => a.Key == Wati);
    }

    [Fact]
    public void TryAssessImpact_UnknownProvider_AnswersFalseAndChangesNothing()
    {
        var scene = new Scene(reservationDue: false);
        var before = StoreState.Of(scene.Store);

        Assert.False(scene.Store.TryAssessImpact(Cashfree, out var assessment));

        Assert.Null(assessment);
        Assert.Equal(before, StoreState.Of(scene.Store));
        Assert.Empty(scene.Store.PendingEvents);
    }

    [Fact]
    public void Open_NullArguments_ThrowArgumentNullException()
    {
        var clock = new FakeClock(StoreFixture.Start);
        var id = new StoreId("store-1");
        BadInputAssert.Throws<ArgumentNullException>("id", () => TestStores.Open(null!, TestPlans.Starter.Id, TestPlans.Policy, clock, M));
        BadInputAssert.Throws<ArgumentNullException>("planId", () => TestStores.Open(id, null!, TestPlans.Policy, clock, M));
        BadInputAssert.Throws<ArgumentNullException>("policy", () => TestStores.Open(id, TestPlans.Starter.Id, null!, clock, M));
        BadInputAssert.Throws<ArgumentNullException>("clock", () => TestStores.Open(id, TestPlans.Starter.Id, TestPlans.Policy, null!, M));
        BadInputAssert.Throws<ArgumentNullException>("actor", () => TestStores.Open(id, TestPlans.Starter.Id, TestPlans.Policy, clock, null!));
    }

    [Fact]
    public void Open_PlanNotInCatalog_AnswersUnknownPlanListingKnownPlans_AndOpensNothing()
    {
        var outcome = Store.Open(new StoreId("store-1"), Platinum, TestPlans.Policy, new FakeClock(StoreFixture.Start), M, out var store);

        Assert.Equal(OutcomeStatus.UnknownPlan, outcome.Status);
        Assert.False(outcome.IsSuccess);
        Assert.Null(store);
        Assert.Contains("'platinum'", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("free, starter, growth, pro, enterprise", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLedger_NullArguments_ThrowArgumentNullException()
    {
        var scene = new Scene(reservationDue: false);
        var clock = new FakeClock(StoreFixture.Start);
        BadInputAssert.Throws<ArgumentNullException>("ledger", () => Store.FromLedger(null!, TestPlans.Policy, clock));
        BadInputAssert.Throws<ArgumentNullException>("policy", () => Store.FromLedger(scene.Store.Ledger, null!, clock));
        BadInputAssert.Throws<ArgumentNullException>("clock", () => Store.FromLedger(scene.Store.Ledger, TestPlans.Policy, null!));
    }

    [Fact]
    public void FromLedger_LedgerWithAGap_ThrowsArgumentExceptionSayingWhatIsMissing()
    {
        var scene = new Scene(reservationDue: false);
        var entries = scene.Store.Ledger.Entries;
        var gapped = SlotLedger.FromEntries(scene.Store.Id, entries.Where(e => e.Sequence != 3));
        var before = StoreState.Of(scene.Store);

        BadInputAssert.Throws<ArgumentException>("ledger", () => Store.FromLedger(gapped, TestPlans.Policy, scene.Fixture.Clock), "'store-1'", "does not verify", "missing");

        Assert.Equal(before, StoreState.Of(scene.Store));
    }

    [Fact]
    public void FromLedger_EntryThatCannotApply_ThrowsArgumentExceptionNamingTheApp()
    {
        var id = new StoreId("store-9");
        var plan = TestPlans.Starter;
        var ledger = SlotLedger.FromEntries(id, [
            new SlotLedgerEntry(1, StoreFixture.Start, M, SlotEntryKind.Opened, null, null, plan.Id, plan.ConnectedApps, 0, plan.AiCredits, null, null),
            new SlotLedgerEntry(2, StoreFixture.Start, M, SlotEntryKind.Activated, Razorpay, null, plan.Id, plan.ConnectedApps, 0, plan.AiCredits, null, null),
        ]);
        Assert.True(ledger.Verify().IsValid);

        BadInputAssert.Throws<ArgumentException>("ledger", () => Store.FromLedger(ledger, TestPlans.Policy, new FakeClock(StoreFixture.Start)), "'store-9'", "'razorpay'");
    }

    [Fact]
    public void FromLedger_EmptyLedger_ThrowsArgumentExceptionInsteadOfAStoreWithNoPlan()
    {
        // A ledger with no Opened entry describes no store: replaying it must not hand out a store whose PlanId is null.
        var empty = SlotLedger.FromEntries(new StoreId("store-9"), []);

        BadInputAssert.Throws<ArgumentException>("ledger", () => Store.FromLedger(empty, TestPlans.Policy, new FakeClock(StoreFixture.Start)), "'store-9'");
    }

    /// <summary>
    /// A Growth store (5 slots) with four apps in every state that holds a slot: Razorpay active (critical),
    /// Meta Pixel active with activity, Shiprocket needing attention, WATI pending until 09:31.
    /// </summary>
    private sealed class Scene
    {
        public Scene(bool reservationDue)
        {
            Fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, BuiltInProviders.MetaPixel, BuiltInProviders.Shiprocket);
            Fixture.Clock.Advance(Duration.FromMinutes(1));
            Assert.Equal(OutcomeStatus.ActivityRecorded, Store.RecordActivity(MetaPixel, M).Status);
            Assert.Equal(OutcomeStatus.MarkedNeedsAttention, Store.MarkNeedsAttention(Shiprocket, AttentionReason.CredentialsExpired, M).Status);
            Assert.Equal(OutcomeStatus.Reserved, Store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), M).Status);
            Assert.True(Store.TryAssessImpact(Razorpay, out var assessment));
            RazorpayAck = assessment.Acknowledge();
            StaleRazorpayAck = new ImpactAcknowledgement(Store.Id, Razorpay, Store.AppsVersion - 1, [CommerceWorkflow.PaymentProcessing]);
            Store.TakeEvents();
            Assert.Equal(4, Store.SlotsInUse);
            if (reservationDue)
            {
                // Past WATI's deadline: a call that throws must not even expire it.
                Fixture.Clock.Advance(Duration.FromHours(1));
            }
        }

        public StoreFixture Fixture { get; }

        public Store Store => Fixture.Store;

        public ImpactAcknowledgement RazorpayAck { get; }

        public ImpactAcknowledgement StaleRazorpayAck { get; }

        public ImpactAcknowledgement Ack(StoreId store, ProviderKey provider) => new(store, provider, Store.AppsVersion, Enum.GetValues<CommerceWorkflow>());
    }

    private sealed record Misuse(Action<Scene> Act, Type Exception, string ParamName, string? Mention = null);

    private sealed record Answer(Func<Scene, StoreOutcome> Act, OutcomeStatus Status, string Mention);
}
