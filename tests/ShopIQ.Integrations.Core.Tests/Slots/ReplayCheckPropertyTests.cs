using FsCheck.Xunit;
using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Slots;

/// <summary>
/// <see cref="Store.FromLedger"/> checks each entry as it replays it, in one pass, rather than verifying the whole
/// ledger first. These properties tamper with a real ledger in every way a stored ledger can go wrong and prove the
/// single pass refuses exactly the ledgers <see cref="SlotLedger.Verify"/> refuses, with its report (R15).
/// </summary>
public sealed class ReplayCheckPropertyTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    /// <summary>What one tampering does; the index picks the entry.</summary>
    public enum Tampering
    {
        Drop,
        SwapWithNext,
        Duplicate,
        MoveBackInTime,
        CountOneMore,
        CountOneLess,
        RaiseAllowance,
        LowerAllowance,
        SpendCredits,
        AddCredits,
        RenumberForward,
        OtherPlan,
    }

    [Property(MaxTest = 2_000, QuietOnSuccess = true)]
    public void R15_FromLedger_AnyTamperedLedger_IsRefusedExactlyWhenVerifyRefusesIt((Tampering What, byte Where)[] tamperings)
    {
        var original = History();
        var entries = original.Ledger.Entries.ToList();
        foreach (var (what, where) in tamperings.Take(3))
        {
            Tamper(entries, what, where);
        }

        var ledger = SlotLedger.FromEntries(original.Id, entries);
        var verification = ledger.Verify();
        Exception? error = null;
        Store? replayed = null;
        try
        {
            replayed = Store.FromLedger(ledger, original.Policy, new FakeClock(StoreFixture.Start));
        }
        catch (ArgumentException e)
        {
            error = e;
        }

        if (!verification.IsValid)
        {
            Assert.NotNull(error);
            Assert.Contains($"does not verify: {verification}", error.Message, StringComparison.Ordinal);
        }
        else if (error is not null)
        {
            // Sound entries that still cannot apply (an app that is not connected): a replay error, never a verification one.
            Assert.Contains("cannot be replayed", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(entries[^1].Sequence, replayed!.Version);
            Assert.Equal(entries, replayed.Ledger.Entries);
            Assert.Equal(entries[^1].SlotsInUse, replayed.SlotsInUse);
        }
    }

    [Fact]
    public void R15_FromLedger_LastEntryStoredTwice_IsRefusedAsNotVerifying()
    {
        // Found by the property above: the single pass stopped at the second copy and took the first, the same
        // object as the ledger's last entry, for having reached the end.
        var original = History();
        var entries = original.Ledger.Entries.Append(original.Ledger.Entries[^1]).ToList();
        var ledger = SlotLedger.FromEntries(original.Id, entries);

        var error = Assert.Throws<ArgumentException>(() => Store.FromLedger(ledger, original.Policy, new FakeClock(StoreFixture.Start)));

        Assert.Contains($"does not verify: {ledger.Verify()}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R15_FromLedger_UntamperedHistory_ReplaysToTheSameStore()
    {
        var original = History();

        var replayed = Store.FromLedger(original.Ledger, original.Policy, new FakeClock(StoreFixture.Start));

        Assert.Equal(original.Ledger.Entries, replayed.Ledger.Entries);
        Assert.Equal(original.GetApps(), replayed.GetApps());
        Assert.Equal((original.PlanId, original.Allowance, original.AiCreditBalance, original.AppsVersion), (replayed.PlanId, replayed.Allowance, replayed.AiCreditBalance, replayed.AppsVersion));
    }

    private static void Tamper(List<SlotLedgerEntry> entries, Tampering what, byte where)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var i = where % entries.Count;
        var e = entries[i];
        switch (what)
        {
            case Tampering.Drop:
                entries.RemoveAt(i);
                return;
            case Tampering.SwapWithNext when i + 1 < entries.Count:
                (entries[i], entries[i + 1]) = (entries[i + 1], entries[i]);
                return;
            case Tampering.Duplicate:
                entries.Insert(i, e);
                return;
            case Tampering.MoveBackInTime:
                TryReplace(entries, i, () => Rebuilt(e, at: e.At - Duration.FromDays(1)));
                return;
            case Tampering.CountOneMore:
                TryReplace(entries, i, () => Rebuilt(e, slotsInUse: e.SlotsInUse + 1));
                return;
            case Tampering.CountOneLess:
                TryReplace(entries, i, () => Rebuilt(e, slotsInUse: e.SlotsInUse - 1));
                return;
            case Tampering.RaiseAllowance:
                TryReplace(entries, i, () => Rebuilt(e, allowance: SlotAllowance.Of((e.Allowance.Slots ?? 100) + 1)));
                return;
            case Tampering.LowerAllowance:
                TryReplace(entries, i, () => Rebuilt(e, allowance: SlotAllowance.Of(Math.Max(0, (e.Allowance.Slots ?? 100) - 1))));
                return;
            case Tampering.SpendCredits:
                TryReplace(entries, i, () => Rebuilt(e, aiCredits: e.AiCreditBalance - 1));
                return;
            case Tampering.AddCredits:
                TryReplace(entries, i, () => Rebuilt(e, aiCredits: e.AiCreditBalance + 1));
                return;
            case Tampering.RenumberForward:
                TryReplace(entries, i, () => Rebuilt(e, sequence: e.Sequence + 1));
                return;
            case Tampering.OtherPlan:
                TryReplace(entries, i, () => Rebuilt(e, plan: e.PlanId == TestPlans.Growth.Id ? TestPlans.Pro.Id : TestPlans.Growth.Id));
                return;
            default:
                return;
        }
    }

    /// <summary>Replaces entry <paramref name="i"/>, unless the entry's own constructor refuses the change (a negative count, say).</summary>
    private static void TryReplace(List<SlotLedgerEntry> entries, int i, Func<SlotLedgerEntry> rebuild)
    {
        try
        {
            entries[i] = rebuild();
        }
        catch (ArgumentException)
        {
            // Not a ledger that can be stored: nothing to replay.
        }
    }

    private static SlotLedgerEntry Rebuilt(SlotLedgerEntry e, long? sequence = null, Instant? at = null, int? slotsInUse = null, SlotAllowance? allowance = null, int? aiCredits = null, PlanId? plan = null) =>
        new(sequence ?? e.Sequence, at ?? e.At, e.Actor, e.Kind, e.Provider, e.Descriptor, plan ?? e.PlanId, allowance ?? e.Allowance, slotsInUse ?? e.SlotsInUse, aiCredits ?? e.AiCreditBalance, e.PendingUntil, e.AttentionReason);

    /// <summary>A store's life with every kind of entry that changes apps, counts, plan or credits.</summary>
    private static Store History()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        void Step(Func<StoreOutcome> operation)
        {
            fixture.Clock.AdvanceMinutes(1);
            var outcome = operation();
            Assert.True(outcome.IsSuccess, outcome.ToString());
        }

        Step(() => store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant));
        Step(() => store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant));
        Step(() => store.CompleteConnect(BuiltInProviders.Shiprocket.Key, Merchant));
        Step(() => store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant));
        Step(() => store.UseAiCredits(2, AiUsePurpose.Summarize, Merchant));
        Step(() => store.MarkNeedsAttention(BuiltInProviders.Shiprocket.Key, AttentionReason.CredentialsExpired, Merchant));
        Step(() => store.Reconnect(BuiltInProviders.Shiprocket.Key, Valid(BuiltInProviders.Shiprocket), Merchant));
        Step(() => store.ChangePlan(TestPlans.Growth.Id, Merchant));
        Step(() => store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant));
        Step(() => store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant));
        Step(() => store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant));
        Step(() => store.FailConnect(BuiltInProviders.Wati.Key, Merchant));
        Step(() => store.TryAssessImpact(BuiltInProviders.GoogleAnalytics.Key, out var assessment)
            ? store.Disconnect(BuiltInProviders.GoogleAnalytics.Key, assessment.Acknowledge(), Merchant)
            : throw new InvalidOperationException("Google Analytics is not connected."));
        Step(() => store.UseAiCredits(1, AiUsePurpose.Create, Merchant));
        return store;
    }
}
