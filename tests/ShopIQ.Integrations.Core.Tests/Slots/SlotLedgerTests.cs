using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Slots;

/// <summary>The ledger is the truth: append-only, gap-free, timestamped, with the actor; replay reproduces the store; verification finds tampering (R15, R3).</summary>
public sealed class SlotLedgerTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly Actor Agent = Actor.Support("agent-3");

    [Fact]
    public void R15_Ledger_AfterManyOperations_IsGapFreeTimestampedFromTheClockAndRecordsTheActor()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var expected = new List<(Instant At, Actor Actor, SlotEntryKind Kind)> { (StoreFixture.Start, Merchant, SlotEntryKind.Opened) };

        void Step(Duration wait, Actor actor, SlotEntryKind kind, Func<StoreOutcome> operation)
        {
            fixture.Clock.Advance(wait);
            Assert.True(operation().IsSuccess);
            expected.Add((fixture.Clock.GetCurrentInstant(), actor, kind));
        }

        Step(Duration.FromMinutes(3), Merchant, SlotEntryKind.Connected, () => store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant));
        Step(Duration.FromSeconds(17), Agent, SlotEntryKind.Reserved, () => store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Agent));
        Step(Duration.FromMinutes(4), Merchant, SlotEntryKind.Activated, () => store.CompleteConnect(BuiltInProviders.Shiprocket.Key, Merchant));
        Step(Duration.FromDays(2), Agent, SlotEntryKind.ActivityRecorded, () => store.RecordActivity(BuiltInProviders.Razorpay.Key, Agent));
        Step(Duration.FromHours(5), Merchant, SlotEntryKind.PlanChanged, () => store.ChangePlan(TestPlans.Growth.Id, Merchant));
        Step(Duration.FromMilliseconds(1), Merchant, SlotEntryKind.AiCreditsUsed, () => store.UseAiCredits(3, AiUsePurpose.Analyze, Merchant));

        Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), store.Ledger.Entries.Select(e => e.Sequence));
        Assert.Equal(expected, store.Ledger.Entries.Select(e => (e.At, e.Actor, e.Kind)));
        Assert.Equal(expected.Count, store.Version);
        Assert.Equal(store.Id, store.Ledger.StoreId);
        Assert.True(store.Ledger.Verify().IsValid);
    }

    [Fact]
    public void R15_Ledger_ClockStepsBack_EntriesStayInOrder()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        fixture.Clock.AdvanceHours(1);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);
        fixture.Clock.Reset(StoreFixture.Start);

        store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);

        Assert.Equal(StoreFixture.Start + Duration.FromHours(1), store.Ledger.Entries[^1].At);
        Assert.True(store.Ledger.Verify().IsValid);
    }

    [Fact]
    public void R15_Ledger_Refusals_AppendNothing()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        var entries = store.Ledger.Entries.ToArray();

        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);
        store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);
        store.Disconnect(BuiltInProviders.Razorpay.Key, Merchant);
        store.ChangePlan(TestPlans.Free.Id, Merchant);
        store.UseAiCredits(100_000, AiUsePurpose.Generate, Merchant);

        Assert.Equal(entries, store.Ledger.Entries);
    }

    [Fact]
    public void R15_FromLedger_RichHistory_ReproducesTheStoreExactly()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);
        fixture.Clock.AdvanceMinutes(5);
        store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Agent);
        fixture.Clock.AdvanceHours(1);
        store.ExpireReservations();
        store.RecordActivity(BuiltInProviders.MetaPixel.Key, Merchant);
        store.MarkNeedsAttention(BuiltInProviders.Razorpay.Key, AttentionReason.CredentialsExpired, new Actor(ActorKind.Provider, "razorpay"));
        fixture.Clock.AdvanceDays(1);
        store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);
        store.ChangePlan(TestPlans.Growth.Id, Merchant);
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        store.UseAiCredits(12, AiUsePurpose.Summarize, Merchant);
        store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Growth.WithConnectedApps(SlotAllowance.Of(7))), Actor.System);
        store.ChangePlan(TestPlans.Starter.Id, [BuiltInProviders.GoogleAnalytics.Key], [AcknowledgementOf(store, BuiltInProviders.GoogleAnalytics.Key)], Merchant);

        var replayed = Store.FromLedger(store.Ledger, store.Policy, new FakeClock(fixture.Clock.GetCurrentInstant()));

        Assert.Equal(StoreState.Of(store), StoreState.Of(replayed));
        Assert.Equal(store.GetApps(), replayed.GetApps());
        Assert.Equal(store.Version, replayed.Version);
        Assert.Equal(store.AppsVersion, replayed.AppsVersion);
        Assert.Empty(replayed.PendingEvents);
        Assert.Equal(["razorpay", "wati"], replayed.GetApps().Select(a => a.Key.Value).Order(StringComparer.Ordinal));
        Assert.Equal(SlotAllowance.Of(3), replayed.Allowance);
    }

    [Fact]
    public void R15_FromLedger_ReplayedStore_ContinuesTheSameLedger()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var replayed = Store.FromLedger(fixture.Store.Ledger, fixture.Store.Policy, fixture.Clock);
        fixture.Clock.AdvanceMinutes(1);

        replayed.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.Equal(3, replayed.Version);
        Assert.Equal(3, replayed.Ledger.Entries[^1].Sequence);
        Assert.True(replayed.Ledger.Verify().IsValid);
        Assert.Equal(2, fixture.Store.Version);
    }

    [Fact]
    public void R15_Verify_MissingEntry_ReportsAGap()
    {
        var entries = History().Ledger.Entries.ToList();
        var removed = entries[2];
        Assert.Equal(0, SlotLedgerEntry.SlotDelta(removed.Kind));
        entries.RemoveAt(2);

        var verification = SlotLedger.FromEntries(new StoreId("store-1"), entries).Verify();

        Assert.False(verification.IsValid);
        var violation = Assert.Single(verification.Violations);
        Assert.Equal(LedgerViolationKind.Gap, violation.Kind);
        Assert.Equal(removed.Sequence + 1, violation.Sequence);
    }

    [Fact]
    public void R15_Verify_SwappedEntries_ReportsAReordering()
    {
        var entries = History().Ledger.Entries.ToList();
        (entries[2], entries[3]) = (entries[3], entries[2]);

        var verification = SlotLedger.FromEntries(new StoreId("store-1"), entries).Verify();

        Assert.False(verification.IsValid);
        Assert.Contains(verification.Violations, v => v.Kind == LedgerViolationKind.Reordered && v.Sequence == 3);
    }

    [Fact]
    public void R15_Verify_EntryEarlierThanItsPredecessor_ReportsAReordering()
    {
        var entries = History().Ledger.Entries.ToList();
        entries[3] = Rebuilt(entries[3], at: entries[2].At - Duration.FromSeconds(1));

        var verification = SlotLedger.FromEntries(new StoreId("store-1"), entries).Verify();

        var violation = Assert.Single(verification.Violations);
        Assert.Equal(LedgerViolationKind.Reordered, violation.Kind);
        Assert.Equal(entries[3].Sequence, violation.Sequence);
    }

    [Fact]
    public void R15_Verify_EntryOverTheAllowance_ReportsItAsBreakingR3()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati).Store;
        var last = store.Ledger.Entries[^1];
        var forged = new SlotLedgerEntry(
            last.Sequence + 1, last.At, Merchant, SlotEntryKind.Connected, BuiltInProviders.MetaPixel.Key, BuiltInProviders.MetaPixel,
            last.PlanId, last.Allowance, 4, last.AiCreditBalance, null, null);
        var tampered = SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(forged));

        var verification = tampered.Verify();

        var violation = Assert.Single(verification.Violations);
        Assert.Equal(LedgerViolationKind.OverAllowance, violation.Kind);
        Assert.Equal(forged.Sequence, violation.Sequence);
        Assert.Equal($"Entry {forged.Sequence} has 4 slots in use over an allowance of 3.", violation.Description);
        Assert.Throws<ArgumentException>(() => Store.FromLedger(tampered, store.Policy, new FakeClock(last.At)));
    }

    [Fact]
    public void R3_Verify_EntryThatQuietlyRaisesItsOwnAllowance_ReportsAnUnexplainedChange()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati).Store;
        var last = store.Ledger.Entries[^1];
        var forged = new SlotLedgerEntry(
            last.Sequence + 1, last.At, Merchant, SlotEntryKind.Connected, BuiltInProviders.MetaPixel.Key, BuiltInProviders.MetaPixel,
            last.PlanId, SlotAllowance.Of(100), 4, last.AiCreditBalance, null, null);
        var tampered = SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(forged));

        var violation = Assert.Single(tampered.Verify().Violations);

        Assert.Equal(LedgerViolationKind.UnexplainedChange, violation.Kind);
        Assert.Equal(forged.Sequence, violation.Sequence);
        Assert.Equal($"Entry {forged.Sequence} (Connected) changes the plan or allowance from 'starter' 3 to 'starter' 100.", violation.Description);
        Assert.Throws<ArgumentException>(() => Store.FromLedger(tampered, store.Policy, new FakeClock(last.At)));
    }

    [Fact]
    public void R13_Verify_AllowanceRaisedThatLowersTheAllowance_ReportsAnUnexplainedChange()
    {
        var store = new StoreFixture(TestPlans.Growth).Store;
        var last = store.Ledger.Entries[^1];
        var forged = new SlotLedgerEntry(
            last.Sequence + 1, last.At, Merchant, SlotEntryKind.AllowanceRaised, null, null, last.PlanId, SlotAllowance.Of(2), 0, last.AiCreditBalance, null, null);

        var violation = Assert.Single(SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(forged)).Verify().Violations);

        Assert.Equal(LedgerViolationKind.UnexplainedChange, violation.Kind);
    }

    [Theory]
    [InlineData(SlotEntryKind.ActivityRecorded, 1)]
    [InlineData(SlotEntryKind.AiCreditsUsed, 0)]
    public void R14_Verify_CreditsThatGoUpOrMoveWithoutAiUse_ReportAnUnexplainedChange(SlotEntryKind kind, int creditChange)
    {
        var store = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay).Store;
        var last = store.Ledger.Entries[^1];
        var forged = new SlotLedgerEntry(
            last.Sequence + 1, last.At, Merchant, kind, kind == SlotEntryKind.ActivityRecorded ? BuiltInProviders.Razorpay.Key : null, null,
            last.PlanId, last.Allowance, 1, last.AiCreditBalance + creditChange, null, null);

        var violation = Assert.Single(SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(forged)).Verify().Violations);

        Assert.Equal(LedgerViolationKind.UnexplainedChange, violation.Kind);
        Assert.Contains("AI-credit balance", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void R15_Verify_DowngradeEntryLeavingAppsOverTheNewAllowance_ReportsOverAllowance()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket).Store;
        var last = store.Ledger.Entries[^1];
        var forged = new SlotLedgerEntry(
            last.Sequence + 1, last.At, Merchant, SlotEntryKind.PlanChanged, null, null, TestPlans.Free.Id, TestPlans.Free.ConnectedApps, 2, last.AiCreditBalance, null, null);

        var verification = SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(forged)).Verify();

        Assert.Equal(LedgerViolationKind.OverAllowance, Assert.Single(verification.Violations).Kind);
    }

    [Fact]
    public void R15_Verify_SlotCountThatDoesNotAddUp_ReportsAMismatch()
    {
        var entries = History().Ledger.Entries.ToList();
        var index = entries.FindLastIndex(e => e.Kind == SlotEntryKind.Connected);
        entries[index] = Rebuilt(entries[index], slotsInUse: entries[index].SlotsInUse + 1);

        var verification = SlotLedger.FromEntries(new StoreId("store-1"), entries).Verify();

        var violation = Assert.Single(verification.Violations);
        Assert.Equal(LedgerViolationKind.SlotCountMismatch, violation.Kind);
        Assert.Equal(entries[index].Sequence, violation.Sequence);
    }

    [Fact]
    public void R15_Verify_LedgerNotStartingWithOpened_ReportsNotOpened()
    {
        var entries = History().Ledger.Entries.Skip(1).ToList();

        var verification = SlotLedger.FromEntries(new StoreId("store-1"), entries).Verify();

        Assert.Contains(verification.Violations, v => v.Kind == LedgerViolationKind.NotOpened);
    }

    [Fact]
    public void R15_FromLedger_LedgerWithAGap_IsRefused()
    {
        var store = History();
        var entries = store.Ledger.Entries.Where(e => e.Sequence != 3).ToList();

        var error = Assert.Throws<ArgumentException>(() => Store.FromLedger(SlotLedger.FromEntries(store.Id, entries), store.Policy, new FakeClock(StoreFixture.Start)));

        Assert.Contains("Gap", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SlotEntryKind.Connected, 1)]
    [InlineData(SlotEntryKind.Reserved, 1)]
    [InlineData(SlotEntryKind.Released, -1)]
    [InlineData(SlotEntryKind.Expired, -1)]
    [InlineData(SlotEntryKind.Disconnected, -1)]
    [InlineData(SlotEntryKind.Replaced, 0)]
    [InlineData(SlotEntryKind.Activated, 0)]
    [InlineData(SlotEntryKind.MarkedNeedsAttention, 0)]
    [InlineData(SlotEntryKind.Reconnected, 0)]
    [InlineData(SlotEntryKind.ActivityRecorded, 0)]
    [InlineData(SlotEntryKind.PlanChanged, 0)]
    [InlineData(SlotEntryKind.AllowanceRaised, 0)]
    [InlineData(SlotEntryKind.AiCreditsUsed, 0)]
    public void R15_SlotDelta_EachKind_TakesFreesOrLeavesOneSlot(SlotEntryKind kind, int delta)
    {
        Assert.Equal(delta, SlotLedgerEntry.SlotDelta(kind));
    }

    /// <summary>Opened, Connected, ActivityRecorded, AiCreditsUsed, Connected: the middle two change no slot count.</summary>
    private static Store History()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        fixture.Clock.AdvanceMinutes(1);
        store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant);
        fixture.Clock.AdvanceMinutes(1);
        store.UseAiCredits(1, AiUsePurpose.Create, Merchant);
        fixture.Clock.AdvanceMinutes(1);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);
        Assert.Equal(
            [SlotEntryKind.Opened, SlotEntryKind.Connected, SlotEntryKind.ActivityRecorded, SlotEntryKind.AiCreditsUsed, SlotEntryKind.Connected],
            store.Ledger.Entries.Select(e => e.Kind));
        return store;
    }

    private static SlotLedgerEntry Rebuilt(SlotLedgerEntry e, Instant? at = null, int? slotsInUse = null) =>
        new(e.Sequence, at ?? e.At, e.Actor, e.Kind, e.Provider, e.Descriptor, e.PlanId, e.Allowance, slotsInUse ?? e.SlotsInUse, e.AiCreditBalance, e.PendingUntil, e.AttentionReason);

    private static ImpactAcknowledgement AcknowledgementOf(Store store, ProviderKey key)
    {
        Assert.True(store.TryAssessImpact(key, out var assessment));
        return assessment.Acknowledge();
    }
}
