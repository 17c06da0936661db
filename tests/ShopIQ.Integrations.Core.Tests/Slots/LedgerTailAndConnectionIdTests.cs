using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Slots;

/// <summary>
/// The ledger of a store rebuilt from a snapshot, the append-only guard, and which connection ids a ledger holds (R15): a
/// ledger that starts after a snapshot is never taken for a whole one but its entries are still checked against each other;
/// entries are appended only in sequence; an id is held from the entry that starts its connection to the one that ends it.
/// </summary>
public sealed class LedgerTailAndConnectionIdTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public void R15_Verify_LedgerAfterASnapshot_SaysWhereItStarts_AndFindsNothingElseInSoundEntries()
    {
        var (store, fixture) = FromSnapshot();
        Assert.True(store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant).IsSuccess);
        fixture.Clock.AdvanceMinutes(1);
        Assert.True(store.RecordActivity(BuiltInProviders.MetaPixel.Key, Merchant).IsSuccess);
        Assert.True(store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant).IsSuccess);
        var startsAfter = store.Ledger.StartsAfter;
        Assert.Equal(3, store.Ledger.Entries.Count);

        var verification = store.Ledger.Verify();

        var violation = Assert.Single(verification.Violations);
        Assert.False(verification.IsValid);
        Assert.Equal(LedgerViolationKind.NotOpened, violation.Kind);
        Assert.Equal(startsAfter, violation.Sequence);
        Assert.Equal(
            $"This ledger holds only the entries after {startsAfter}, the version of the snapshot its store was rebuilt from; verify the whole ledger instead.",
            violation.Description);
    }

    [Fact]
    public void R15_Verify_LedgerAfterASnapshot_ChecksEachEntryAgainstTheOneBefore()
    {
        var (store, _) = FromSnapshot();
        Assert.True(store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant).IsSuccess);
        Assert.True(store.RecordActivity(BuiltInProviders.MetaPixel.Key, Merchant).IsSuccess);
        var entries = store.Ledger.Entries;
        var tail = SlotLedger.After(store.Id, store.Ledger.StartsAfter);
        tail.Append(entries[0]);
        tail.Append(entries[1]);
        var miscounted = Recounted(Next(entries[1], SlotEntryKind.ActivityRecorded), entries[1].SlotsInUse + 1);
        tail.Append(miscounted);

        var violations = tail.Verify().Violations;

        Assert.Equal([LedgerViolationKind.NotOpened, LedgerViolationKind.SlotCountMismatch], violations.Select(v => v.Kind));
        Assert.Equal(miscounted.Sequence, violations[1].Sequence);
        Assert.Equal(
            $"Entry {miscounted.Sequence} records {miscounted.SlotsInUse} slots in use; the entries add up to {entries[1].SlotsInUse}.",
            violations[1].Description);
        Assert.Equal(string.Join("; ", violations), tail.Verify().ToString());
    }

    [Fact]
    public void R15_Append_OnlyTheNextSequence_EveryOtherIsRefusedAndLeavesTheLedgerAsItWas()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;
        var opened = store.Ledger.Entries[0];
        var tail = SlotLedger.After(store.Id, 5);
        var sixth = Renumbered(Next(opened, SlotEntryKind.AiCreditsUsed, credits: opened.AiCreditBalance - 1), 6);

        var skipping = Assert.Throws<InvalidOperationException>(() => tail.Append(Renumbered(sixth, 7)));
        var repeating = Assert.Throws<InvalidOperationException>(() => tail.Append(Renumbered(sixth, 5)));
        tail.Append(sixth);

        Assert.Equal($"Ledger of store '{store.Id}' expected entry 6, got 7.", skipping.Message);
        Assert.Equal($"Ledger of store '{store.Id}' expected entry 6, got 5.", repeating.Message);
        Assert.Equal(6, tail.LastSequence);
        Assert.Same(sixth, Assert.Single(tail.Entries));
    }

    [Fact]
    public void R15_Verify_AValidLedger_ReadsValid()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay).Store;

        var verification = store.Ledger.Verify();

        Assert.True(verification.IsValid);
        Assert.Equal("valid", verification.ToString());
    }

    [Fact]
    public void R15_Verify_IdOfAnExpiredReservation_HoldsNoSlotAnyMore()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        Assert.True(store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).IsSuccess);
        var reserved = store.Ledger.Entries[^1];
        fixture.Clock.AdvanceMinutes(24 * 60 * 30);
        Assert.Single(store.ExpireReservations());
        var expired = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Expired, expired.Kind);

        var reused = Starting(expired, BuiltInProviders.Shiprocket, reserved.ConnectionId!);

        Assert.True(SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(reused)).Verify().IsValid);
    }

    [Fact]
    public void R15_Verify_IdOfAFailedReservation_HoldsNoSlotAnyMore()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;
        Assert.True(store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).IsSuccess);
        var reserved = store.Ledger.Entries[^1];
        Assert.True(store.FailConnect(BuiltInProviders.Razorpay.Key, Merchant).IsSuccess);
        var released = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Released, released.Kind);

        var reused = Starting(released, BuiltInProviders.Shiprocket, reserved.ConnectionId!);

        Assert.True(SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(reused)).Verify().IsValid);
    }

    [Fact]
    public void R15_Verify_IdOfAReplacedConnection_HoldsNoSlotAnyMore_TheReplacementsIdDoes()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel).Store;
        var first = store.Ledger.Entries[^1];
        var outcome = store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);
        Assert.True(outcome.IsSuccess, outcome.ToString());
        var replaced = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Replaced, replaced.Kind);

        var reusingOld = Starting(replaced, BuiltInProviders.Shiprocket, first.ConnectionId!);
        var reusingNew = Starting(replaced, BuiltInProviders.Shiprocket, replaced.ConnectionId!);

        Assert.True(SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(reusingOld)).Verify().IsValid);
        var violation = Assert.Single(SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(reusingNew)).Verify().Violations);
        Assert.Equal(LedgerViolationKind.ConnectionIdInUse, violation.Kind);
        Assert.Contains($"'{BuiltInProviders.Razorpay.Key}' still holds", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void R15_Verify_AfterASecondOpening_NoEarlierConnectionHoldsItsId()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay).Store;
        var held = store.Ledger.Entries[^1];
        var reopened = new SlotLedgerEntry(
            held.Sequence + 1, held.At, Merchant, SlotEntryKind.Opened, null, null, held.PlanId, held.Allowance, 0, held.AiCreditBalance, null, null);
        var reused = new SlotLedgerEntry(
            reopened.Sequence + 1, held.At, Merchant, SlotEntryKind.Connected, BuiltInProviders.Shiprocket.Key, BuiltInProviders.Shiprocket,
            held.PlanId, held.Allowance, 1, held.AiCreditBalance, null, null, held.ConnectionId);

        var violation = Assert.Single(SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(reopened).Append(reused)).Verify().Violations);

        Assert.Equal(LedgerViolationKind.NotOpened, violation.Kind);
        Assert.Equal(reopened.Sequence, violation.Sequence);
    }

    [Fact]
    public void R15_Verify_AnIdHeldTwiceAlready_IsReportedOncePerEntryThatReusesIt()
    {
        var store = new StoreFixture(TestPlans.Pro).With(BuiltInProviders.Razorpay).Store;
        var held = store.Ledger.Entries[^1];
        var second = Starting(held, BuiltInProviders.Shiprocket, held.ConnectionId!);
        var third = Starting(second, BuiltInProviders.MetaPixel, held.ConnectionId!);

        var violations = SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Append(second).Append(third)).Verify().Violations;

        Assert.Equal([second.Sequence, third.Sequence], violations.Select(v => v.Sequence));
        Assert.All(violations, v => Assert.Equal(LedgerViolationKind.ConnectionIdInUse, v.Kind));
        Assert.Equal($"Entry {third.Sequence} starts connection {held.ConnectionId}, which '{BuiltInProviders.Razorpay.Key}' still holds.", violations[1].Description);
    }

    [Fact]
    public void R15_Entry_ReadsAsItsSequenceInstantActorKindAppAndSlots()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel).Store;
        Assert.True(store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).IsSuccess);
        var entries = store.Ledger.Entries;

        Assert.Equal($"#1 {entries[0].At} merchant:merchant-1 Opened starter: 0/3", entries[0].ToString());
        Assert.Equal($"#2 {entries[1].At} merchant:merchant-1 Connected meta-pixel: 1/3", entries[1].ToString());
        Assert.Equal($"#3 {entries[2].At} merchant:merchant-1 Replaced meta-pixel -> razorpay: 1/3", entries[2].ToString());
    }

    [Fact]
    public void R15_Entry_ThatStartsAConnectionWithoutTheProvidersDescriptor_IsRefusedSayingItNeedsOne()
    {
        var last = new StoreFixture(TestPlans.Starter).Store.Ledger.Entries[^1];

        var error = Assert.Throws<ArgumentException>(() => new SlotLedgerEntry(
            2, last.At, Merchant, SlotEntryKind.Connected, BuiltInProviders.Razorpay.Key, null, last.PlanId, last.Allowance, 1, last.AiCreditBalance, null, null));
        var extra = Assert.Throws<ArgumentException>(() => new SlotLedgerEntry(
            2, last.At, Merchant, SlotEntryKind.Disconnected, BuiltInProviders.Razorpay.Key, BuiltInProviders.Razorpay, last.PlanId, last.Allowance, 0, last.AiCreditBalance, null, null));

        Assert.Equal("descriptor", error.ParamName);
        Assert.StartsWith("A Connected entry carries the provider's descriptor.", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("A Disconnected entry carries no descriptor.", extra.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R15_Entry_ThatStartsNoConnection_IsRefusedAConnectionId()
    {
        var last = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay).Store.Ledger.Entries[^1];

        var error = Assert.Throws<ArgumentException>(() => new SlotLedgerEntry(
            last.Sequence + 1, last.At, Merchant, SlotEntryKind.ActivityRecorded, BuiltInProviders.Razorpay.Key, null, last.PlanId, last.Allowance,
            last.SlotsInUse, last.AiCreditBalance, null, null, last.ConnectionId));

        Assert.Equal("connectionId", error.ParamName);
        Assert.StartsWith("A ActivityRecorded entry starts no connection and carries no connection id.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A store with Razorpay connected, rebuilt from its own snapshot: its ledger starts after the snapshot's version.</summary>
    private static (Store Store, StoreFixture Fixture) FromSnapshot()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var original = fixture.Store;
        var store = Store.TryFromSnapshot(original.TakeSnapshot(), [], original.Policy, fixture.Clock, out var problem);
        Assert.True(store is not null, problem);
        Assert.Equal(original.Version, store.Ledger.StartsAfter);
        Assert.Empty(store.Ledger.Entries);
        return (store, fixture);
    }

    /// <summary>A Connected entry for <paramref name="provider"/> after <paramref name="last"/>, with the given connection id.</summary>
    private static SlotLedgerEntry Starting(SlotLedgerEntry last, ProviderDescriptor provider, ConnectionId id) =>
        new(last.Sequence + 1, last.At, Merchant, SlotEntryKind.Connected, provider.Key, provider, last.PlanId, last.Allowance, last.SlotsInUse + 1, last.AiCreditBalance, null, null, id);

    /// <summary>An entry of <paramref name="kind"/> after <paramref name="last"/> that changes nothing but, for AI use, the credits.</summary>
    private static SlotLedgerEntry Next(SlotLedgerEntry last, SlotEntryKind kind, int? credits = null) =>
        new(last.Sequence + 1, last.At + Duration.FromMinutes(1), Merchant, kind, kind == SlotEntryKind.AiCreditsUsed ? null : last.Provider,
            null, last.PlanId, last.Allowance, last.SlotsInUse, credits ?? last.AiCreditBalance, null, null);

    private static SlotLedgerEntry Renumbered(SlotLedgerEntry e, long sequence) =>
        new(sequence, e.At, e.Actor, e.Kind, e.Provider, e.Descriptor, e.PlanId, e.Allowance, e.SlotsInUse, e.AiCreditBalance, e.PendingUntil, e.AttentionReason);

    private static SlotLedgerEntry Recounted(SlotLedgerEntry e, int slotsInUse) =>
        new(e.Sequence, e.At, e.Actor, e.Kind, e.Provider, e.Descriptor, e.PlanId, e.Allowance, slotsInUse, e.AiCreditBalance, e.PendingUntil, e.AttentionReason);
}
