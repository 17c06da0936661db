using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Slots;

/// <summary>
/// Verification finds a gap, a reordering or an entry over the allowance, and says which entries are at fault in words a
/// person can act on (R15, R3, R13, R14): each violation names the sequence numbers and the values it found.
/// </summary>
public sealed class LedgerViolationWordingTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly StoreId StoreId = new("store-1");

    [Fact]
    public void R15_Verify_Gap_NamesTheMissingEntries()
    {
        var entries = History().ToList();
        entries.RemoveRange(2, 2);

        var violation = Assert.Single(Verify(entries), v => v.Kind == LedgerViolationKind.Gap);

        Assert.Equal(5, violation.Sequence);
        Assert.Equal("Entries 3 to 4 are missing.", violation.Description);
        Assert.Equal("#5 Gap: Entries 3 to 4 are missing.", violation.ToString());
    }

    [Fact]
    public void R15_Verify_EntryBeforeItsPredecessor_NamesBothSequencesAndInstants()
    {
        var entries = History().ToList();
        (entries[2], entries[3]) = (entries[3], entries[2]);

        var violations = Verify(entries);

        Assert.Contains(violations, v => v.Kind == LedgerViolationKind.Reordered && v.Description == "Entry 3 comes after entry 4.");
        Assert.Contains(
            violations,
            v => v.Kind == LedgerViolationKind.Reordered && v.Description == $"Entry 3 at {entries[3].At} is earlier than entry 4 at {entries[2].At}.");
    }

    [Fact]
    public void R15_Verify_LedgerNotStartingAtOne_SaysWhereItStarts()
    {
        var entries = History().Select(e => Renumbered(e, e.Sequence + 1)).ToList();

        var violation = Assert.Single(Verify(entries));

        Assert.Equal(LedgerViolationKind.Gap, violation.Kind);
        Assert.Equal(2, violation.Sequence);
        Assert.Equal("The ledger starts at 2, not 1.", violation.Description);
    }

    [Fact]
    public void R15_Verify_LedgerWithoutItsOpening_SaysWhatItStartsWith()
    {
        var entries = History().Skip(1).Select(e => Renumbered(e, e.Sequence - 1)).ToList();

        var violation = Assert.Single(Verify(entries), v => v.Kind == LedgerViolationKind.NotOpened);

        Assert.Equal(1, violation.Sequence);
        Assert.Equal("The ledger starts with Connected, not Opened.", violation.Description);
    }

    [Fact]
    public void R15_Verify_SecondOpening_IsReported()
    {
        var entries = History().ToList();
        var last = entries[^1];
        entries.Add(new SlotLedgerEntry(
            last.Sequence + 1, last.At, Merchant, SlotEntryKind.Opened, null, null, last.PlanId, last.Allowance, 0, last.AiCreditBalance, null, null));

        var violation = Assert.Single(Verify(entries));

        Assert.Equal(LedgerViolationKind.NotOpened, violation.Kind);
        Assert.Equal(last.Sequence + 1, violation.Sequence);
        Assert.Equal("The store opens a second time.", violation.Description);
    }

    [Fact]
    public void R15_Verify_EmptyLedger_SaysItMustStartWithOpened()
    {
        var violation = Assert.Single(Verify([]));

        Assert.Equal(LedgerViolationKind.NotOpened, violation.Kind);
        Assert.Equal(0, violation.Sequence);
        Assert.Equal("The ledger is empty; every store's ledger starts with Opened.", violation.Description);
    }

    [Fact]
    public void R15_Verify_SlotCountMismatch_NamesTheRecordedAndTheCountedSlots()
    {
        var entries = History().ToList();
        entries[^1] = Recounted(entries[^1], entries[^1].SlotsInUse + 1);

        var violation = Assert.Single(Verify(entries));

        Assert.Equal(LedgerViolationKind.SlotCountMismatch, violation.Kind);
        Assert.Equal("Entry 5 records 3 slots in use; the entries add up to 2.", violation.Description);
    }

    [Fact]
    public void R13_Verify_RaiseThatDoesNotRaise_NamesThePlanAndBothAllowances()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;
        var last = store.Ledger.Entries[^1];
        var forged = new SlotLedgerEntry(
            last.Sequence + 1, last.At, Merchant, SlotEntryKind.AllowanceRaised, null, null, last.PlanId, last.Allowance, 0, last.AiCreditBalance, null, null);

        var violation = Assert.Single(Verify(store.Ledger.Entries.Append(forged)));

        Assert.Equal(LedgerViolationKind.UnexplainedChange, violation.Kind);
        Assert.Equal($"Entry {forged.Sequence} (AllowanceRaised) does not raise the allowance of plan 'starter' (3 to 3, plan 'starter').", violation.Description);
    }

    [Fact]
    public void R14_Verify_CreditsMovedWithoutAiUse_NamesBothBalances()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay).Store;
        var last = store.Ledger.Entries[^1];
        var forged = new SlotLedgerEntry(
            last.Sequence + 1, last.At, Merchant, SlotEntryKind.ActivityRecorded, BuiltInProviders.Razorpay.Key, null,
            last.PlanId, last.Allowance, 1, last.AiCreditBalance - 5, null, null);

        var violation = Assert.Single(Verify(store.Ledger.Entries.Append(forged)));

        Assert.Equal(
            $"Entry {forged.Sequence} (ActivityRecorded) moves the AI-credit balance from {last.AiCreditBalance} to {last.AiCreditBalance - 5}.",
            violation.Description);
    }

    [Fact]
    public void R14_Verify_AiUseThatSpendsCredits_IsSound()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;
        store.UseAiCredits(1, AiUsePurpose.Create, Merchant);

        Assert.True(store.Ledger.Verify().IsValid);
        Assert.Equal(SlotEntryKind.AiCreditsUsed, store.Ledger.Entries[^1].Kind);
    }

    [Fact]
    public void R15_Verify_DuplicatedEntry_IsReportedAsReordered()
    {
        var entries = History().ToList();
        entries.Insert(3, entries[2]);

        var violation = Assert.Single(Verify(entries));

        Assert.Equal(LedgerViolationKind.Reordered, violation.Kind);
        Assert.Equal("Entry 3 comes after entry 3.", violation.Description);
    }

    [Fact]
    public void R15_Verify_ConnectionStartedWithAnIdStillHeld_NamesTheIdAndItsHolder()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay).Store;
        var held = store.Ledger.Entries[^1];
        Assert.NotNull(held.ConnectionId);
        var forged = Starting(held, BuiltInProviders.Shiprocket, held.ConnectionId!);

        var violation = Assert.Single(Verify(store.Ledger.Entries.Append(forged)));

        Assert.Equal(LedgerViolationKind.ConnectionIdInUse, violation.Kind);
        Assert.Equal(forged.Sequence, violation.Sequence);
        Assert.Equal($"Entry {forged.Sequence} starts connection {held.ConnectionId}, which '{BuiltInProviders.Razorpay.Key}' still holds.", violation.Description);
    }

    [Fact]
    public void R15_Verify_IdOfADisconnectedConnection_HoldsNoSlotAnyMore()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var first = store.Ledger.Entries[^1];
        Assert.True(store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant).IsSuccess);
        var gone = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Disconnected, gone.Kind);

        var reused = Starting(gone, BuiltInProviders.Shiprocket, first.ConnectionId!);

        Assert.Empty(Verify(store.Ledger.Entries.Append(reused)));
    }

    /// <summary>A Connected entry for <paramref name="provider"/> after <paramref name="last"/>, with the given connection id.</summary>
    private static SlotLedgerEntry Starting(SlotLedgerEntry last, ProviderDescriptor provider, ConnectionId id) =>
        new(last.Sequence + 1, last.At, Merchant, SlotEntryKind.Connected, provider.Key, provider, last.PlanId, last.Allowance, last.SlotsInUse + 1, last.AiCreditBalance, null, null, id);

    /// <summary>Opened, Connected (Razorpay), ActivityRecorded, AiCreditsUsed, Connected (Meta Pixel): one minute apart, on Starter (3 slots).</summary>
    private static IReadOnlyList<SlotLedgerEntry> History()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        fixture.Clock.AdvanceMinutes(1);
        store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant);
        fixture.Clock.AdvanceMinutes(1);
        store.UseAiCredits(1, AiUsePurpose.Create, Merchant);
        fixture.Clock.AdvanceMinutes(1);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);
        Assert.True(store.Ledger.Verify().IsValid);
        return store.Ledger.Entries;
    }

    private static IReadOnlyList<LedgerViolation> Verify(IEnumerable<SlotLedgerEntry> entries) =>
        SlotLedger.FromEntries(StoreId, entries).Verify().Violations;

    private static SlotLedgerEntry Renumbered(SlotLedgerEntry e, long sequence) =>
        new(sequence, e.At, e.Actor, e.Kind, e.Provider, e.Descriptor, e.PlanId, e.Allowance, e.SlotsInUse, e.AiCreditBalance, e.PendingUntil, e.AttentionReason);

    private static SlotLedgerEntry Recounted(SlotLedgerEntry e, int slotsInUse) =>
        new(e.Sequence, e.At, e.Actor, e.Kind, e.Provider, e.Descriptor, e.PlanId, e.Allowance, slotsInUse, e.AiCreditBalance, e.PendingUntil, e.AttentionReason);
}
