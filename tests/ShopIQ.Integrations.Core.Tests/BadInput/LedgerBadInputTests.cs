using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.BadInput;

/// <summary>
/// Bad input to the ledger types persistence uses to load a store back (SlotLedger.FromEntries, SlotLedgerEntry):
/// each entry is checked on its own and refused with the parameter at fault (the bad-input rules, R15).
/// </summary>
public sealed class LedgerBadInputTests
{
    private static readonly Instant At = StoreFixture.Start;
    private static readonly ProviderDescriptor Razorpay = BuiltInProviders.Razorpay;

    /// <summary>A valid Connected entry; each case changes one part of it.</summary>
    private static readonly EntryArgs Connected = new(2, At, StoreFixture.Merchant, SlotEntryKind.Connected, Razorpay.Key, Razorpay, TestPlans.Starter.Id, 1, 100, null, null);

    private static readonly Dictionary<string, (EntryArgs Args, Type Exception, string ParamName, string[] Mentions)> BadEntries = new()
    {
        ["SequenceZero"] = (Connected with { Sequence = 0 }, typeof(ArgumentOutOfRangeException), "sequence", ["sequence"]),
        ["SequenceNegative"] = (Connected with { Sequence = -7 }, typeof(ArgumentOutOfRangeException), "sequence", ["sequence"]),
        ["ActorNull"] = (Connected with { Actor = null }, typeof(ArgumentNullException), "actor", []),
        ["PlanIdNull"] = (Connected with { PlanId = null }, typeof(ArgumentNullException), "planId", []),
        ["KindUndefined"] = (Connected with { Kind = (SlotEntryKind)99 }, typeof(ArgumentOutOfRangeException), "kind", ["99", "SlotEntryKind"]),
        ["SlotsInUseNegative"] = (Connected with { SlotsInUse = -1 }, typeof(ArgumentOutOfRangeException), "slotsInUse", ["slotsInUse"]),
        ["AiCreditBalanceNegative"] = (Connected with { AiCreditBalance = -1 }, typeof(ArgumentOutOfRangeException), "aiCreditBalance", ["aiCreditBalance"]),
        ["ConnectedWithoutProvider"] = (Connected with { Provider = null }, typeof(ArgumentException), "provider", ["Connected", "names the app"]),
        ["OpenedWithProvider"] = (Connected with { Kind = SlotEntryKind.Opened, Descriptor = null, SlotsInUse = 0 }, typeof(ArgumentException), "provider", ["Opened", "names no app"]),
        ["ConnectedWithoutDescriptor"] = (Connected with { Descriptor = null }, typeof(ArgumentException), "descriptor", ["Connected", "descriptor"]),
        ["DisconnectedWithDescriptor"] = (Connected with { Kind = SlotEntryKind.Disconnected, SlotsInUse = 0 }, typeof(ArgumentException), "descriptor", ["Disconnected", "no descriptor"]),
        ["ConnectedDescriptorOfAnotherProvider"] = (Connected with { Descriptor = BuiltInProviders.Wati }, typeof(ArgumentException), "descriptor", ["Connected", "descriptor"]),
        ["ReservedWithoutDeadline"] = (Connected with { Kind = SlotEntryKind.Reserved }, typeof(ArgumentException), "pendingUntil", ["Reserved", "deadline"]),
        ["ConnectedWithDeadline"] = (Connected with { PendingUntil = At + Duration.FromMinutes(30) }, typeof(ArgumentException), "pendingUntil", ["Reserved", "deadline"]),
        ["ReservedWithDeadlineBeforeItself"] = (Connected with { Kind = SlotEntryKind.Reserved, PendingUntil = At - Duration.FromMinutes(1) }, typeof(ArgumentException), "pendingUntil", ["deadline"]),
        ["ReservedWithDeadlineAtItself"] = (Connected with { Kind = SlotEntryKind.Reserved, PendingUntil = At }, typeof(ArgumentException), "pendingUntil", ["deadline"]),
        ["NeedsAttentionWithoutReason"] = (Connected with { Kind = SlotEntryKind.MarkedNeedsAttention, Descriptor = null }, typeof(ArgumentException), "attentionReason", ["reason"]),
        ["DisconnectedWithReason"] = (Connected with { Kind = SlotEntryKind.Disconnected, Descriptor = null, SlotsInUse = 0, AttentionReason = AttentionReason.CredentialsRevoked }, typeof(ArgumentException), "attentionReason", ["reason"]),
        ["NeedsAttentionWithUndefinedReason"] = (Connected with { Kind = SlotEntryKind.MarkedNeedsAttention, Descriptor = null, AttentionReason = (AttentionReason)99 }, typeof(ArgumentOutOfRangeException), "attentionReason", ["99", "AttentionReason"]),
    };

    public static TheoryData<string> BadEntryCases => [.. BadEntries.Keys];

    [Fact]
    public void SlotLedgerEntry_BaselineOfTheCases_IsValid() => Assert.Equal(2, Connected.Build().Sequence);

    [Theory]
    [MemberData(nameof(BadEntryCases))]
    public void SlotLedgerEntry_BadPart_ThrowsNamingThatPart(string badEntry)
    {
        var (args, exception, paramName, mentions) = BadEntries[badEntry];
        BadInputAssert.Throws(exception, paramName, () => args.Build(), mentions);
    }

    [Fact]
    public void SlotLedger_FromEntriesWithNulls_ThrowsArgumentNullException()
    {
        BadInputAssert.Throws<ArgumentNullException>("storeId", () => SlotLedger.FromEntries(null!, []));
        BadInputAssert.Throws<ArgumentNullException>("entries", () => SlotLedger.FromEntries(new StoreId("store-1"), null!));
        BadInputAssert.Throws<ArgumentNullException>("entries", () => SlotLedger.FromEntries(new StoreId("store-1"), [Connected.Build(), null!]), "null");
    }

    /// <summary>The constructor's arguments, so each case can change exactly one of them.</summary>
    private sealed record EntryArgs(
        long Sequence,
        Instant At,
        Actor? Actor,
        SlotEntryKind Kind,
        ProviderKey? Provider,
        ProviderDescriptor? Descriptor,
        PlanId? PlanId,
        int SlotsInUse,
        int AiCreditBalance,
        Instant? PendingUntil,
        AttentionReason? AttentionReason)
    {
        public SlotLedgerEntry Build() =>
            new(Sequence, At, Actor!, Kind, Provider, Descriptor, PlanId!, SlotAllowance.Of(3), SlotsInUse, AiCreditBalance, PendingUntil, AttentionReason);
    }
}
