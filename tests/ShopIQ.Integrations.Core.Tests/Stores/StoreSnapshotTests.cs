using System.Buffers.Binary;
using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// A store's snapshot round-trips through its bytes to the very store it was taken of, and any snapshot or tail that
/// cannot be trusted is refused with the reason, never thrown on: the caller then replays the whole ledger (R15).
/// </summary>
public sealed class StoreSnapshotTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly ProviderDescriptor First = StoreFixture.Provider("first", ProviderCategory.Other);
    private static readonly ProviderDescriptor Second = StoreFixture.Provider("second", ProviderCategory.Other);
    private static readonly ProviderDescriptor Third = StoreFixture.Provider("third", ProviderCategory.Other);
    private static readonly ProviderDescriptor Late = StoreFixture.Provider("late", ProviderCategory.Other);
    private static readonly ProviderDescriptor Waiting = StoreFixture.Provider("waiting", ProviderCategory.Other);
    private static readonly ProviderDescriptor Fourth = StoreFixture.Provider("fourth", ProviderCategory.Other);

    [Fact]
    public void R15_ToBytes_StoreWithEveryKindOfApp_RoundTripsToTheSameStore()
    {
        var (fixture, store) = History();
        var bytes = store.TakeSnapshot().ToBytes();

        var read = StoreSnapshot.FromBytes(store.Id, store.Version, bytes.Span);
        var rebuilt = Store.TryFromSnapshot(read, [], store.Policy, fixture.Clock, out var problem);

        Assert.Null(problem);
        Assert.NotNull(rebuilt);
        Assert.Equal(
            [ConnectionState.Pending, ConnectionState.Active, ConnectionState.NeedsAttention],
            rebuilt.GetApps().Select(a => a.State).Order().ToArray());
        Assert.Equal(store.GetApps().Select(Describe), rebuilt.GetApps().Select(Describe));
        Assert.Equal(
            (store.Version, store.AppsVersion, store.PlanId, store.Allowance, store.SlotsInUse, store.AiCreditBalance),
            (rebuilt.Version, rebuilt.AppsVersion, rebuilt.PlanId, rebuilt.Allowance, rebuilt.SlotsInUse, rebuilt.AiCreditBalance));
        Assert.Equal(bytes.ToArray(), rebuilt.TakeSnapshot().ToBytes().ToArray());
    }

    [Fact]
    public void R15_ToBytes_AppsWithEveryKindOfSetupFormat_ReadBackWithTheFieldsTheyWereConnectedWith()
    {
        var fixture = new StoreFixture(TestPlans.Pro);
        var store = fixture.Store;
        foreach (var provider in BuiltInProviders.All)
        {
            Assert.Equal(OutcomeStatus.Connected, store.Connect(provider, Valid(provider), Merchant).Status);
        }

        var bytes = store.TakeSnapshot().ToBytes();
        var rebuilt = Rebuild(StoreSnapshot.FromBytes(store.Id, store.Version, bytes.Span), [], store, fixture);

        var kinds = BuiltInProviders.All.SelectMany(p => p.SetupFields).Select(f => f.Format.Kind).Distinct();
        Assert.Equal(Enum.GetValues<SetupFieldFormatKind>().Order(), kinds.Order());
        foreach (var provider in BuiltInProviders.All)
        {
            var read = Assert.Single(rebuilt.GetApps(), a => a.Key == provider.Key).Provider;
            Assert.NotSame(provider, read);
            Assert.Equal(provider.SetupFields, read.SetupFields);
        }

        Assert.Equal(bytes.ToArray(), rebuilt.TakeSnapshot().ToBytes().ToArray());
    }

    [Fact]
    public void R15_TryFromSnapshot_Format1WrittenBeforeSetupFormats_IsReadWithFieldsOfTheDefaultFormat()
    {
        // Written by format 1: store-1 on Starter at version 2, Razorpay connected at StoreFixture.Start.
        const string format1 =
            "AQAAAAdzdG9yZS0xAgAAAAAAAAACAAAAAAAAAAAoqITcyj8AB3N0YXJ0ZXIDAAAAZAAAAAEAAAABCHJhem9ycGF5CFJhem9ycGF5AAAAAAEAAAAAAAAAAwAAAAZrZXkt" +
            "aWQGS2V5IGlkAgAAAAABCmtleS1zZWNyZXQKS2V5IHNlY3JldAIAAAABAQ53ZWJob29rLXNlY3JldA5XZWJob29rIHNlY3JldAQAAAABAAEAAAAAAQAAAAAoqITcyj8A" +
            "AAAAAAAAAAAAAACojmG/k84lBg==";
        var fixture = new StoreFixture(TestPlans.Starter);

        var rebuilt = Rebuild(StoreSnapshot.FromBytes(new StoreId("store-1"), 2, Convert.FromBase64String(format1)), [], fixture.Store, fixture);

        var app = Assert.Single(rebuilt.GetApps());
        Assert.Equal((BuiltInProviders.Razorpay.Key, ConnectionState.Active, StoreFixture.Start), (app.Key, app.State, app.ConnectedAt));
        Assert.Equal(
            BuiltInProviders.Razorpay.SetupFields.Select(f => (f.Name, f.DisplayName, f.Requirement, f.IsSecret, f.IsRequired)),
            app.Provider.SetupFields.Select(f => (f.Name, f.DisplayName, f.Requirement, f.IsSecret, f.IsRequired)));
        Assert.All(app.Provider.SetupFields, f => Assert.Equal(SetupFieldFormat.Text(1, SetupFieldFormat.MaxValueLength), f.Format));
        Assert.Equal(StoreSnapshot.CurrentFormat, BinaryPrimitives.ReadInt32LittleEndian(rebuilt.TakeSnapshot().ToBytes().Span));
    }

    [Fact]
    public void R15_ToBytes_FreePlacesAndExpiredReservation_SurviveTheRoundTrip()
    {
        var (_, store) = History();
        var taken = store.TakeSnapshot().TryGetState(out _)!;

        var read = StoreSnapshot.FromBytes(store.Id, store.Version, store.TakeSnapshot().ToBytes().Span).TryGetState(out var problem);

        Assert.Null(problem);
        Assert.NotNull(read);
        // The history leaves a freed place unused; without it a restored store would put its next app elsewhere.
        Assert.NotEmpty(taken.Apps.FreePlaces.ToArray());
        Assert.Equal(taken.Apps.FreePlaces.ToArray(), read.Apps.FreePlaces.ToArray());
        Assert.Equal(taken.Apps.Keys.ToArray(), read.Apps.Keys.ToArray());
        Assert.Equal([Late.Key], read.Expired!);
        Assert.Equal(taken.LastAt, read.LastAt);
    }

    [Fact]
    public void R15_Connect_OnAStoreRebuiltFromBytes_TakesTheSamePlaceAsOnTheLiveStore()
    {
        var (fixture, store) = History();
        var rebuilt = Rebuild(StoreSnapshot.FromBytes(store.Id, store.Version, store.TakeSnapshot().ToBytes().Span), [], store, fixture);

        Assert.Equal(OutcomeStatus.Connected, store.Connect(Fourth, Valid(Fourth), Merchant).Status);
        Assert.Equal(OutcomeStatus.Connected, rebuilt.Connect(Fourth, Valid(Fourth), Merchant).Status);

        // Equal bytes mean the same layout: the new app reused the same freed place in both.
        Assert.Equal(store.TakeSnapshot().ToBytes().ToArray(), rebuilt.TakeSnapshot().ToBytes().ToArray());
    }

    [Fact]
    public void R15_ToBytes_TableLargeEnoughForItsIndex_RoundTripsAndReusesPlacesAsTheLiveStore()
    {
        // Past 16 places the table looks apps up through an index, rebuilt on restore: the property's cast of
        // providers is too small to get there.
        var fixture = new StoreFixture(TestPlans.Enterprise);
        var store = fixture.Store;
        var apps = Enumerable.Range(0, 24).Select(i => StoreFixture.Provider($"app-{i:00}", ProviderCategory.Other)).ToArray();
        foreach (var app in apps)
        {
            Assert.Equal(OutcomeStatus.Connected, store.Connect(app, Valid(app), Merchant).Status);
        }

        foreach (var app in apps.Where((_, i) => i % 5 == 2))
        {
            Assert.Equal(OutcomeStatus.Disconnected, store.Disconnect(app.Key, Merchant).Status);
        }

        var rebuilt = Rebuild(StoreSnapshot.FromBytes(store.Id, store.Version, store.TakeSnapshot().ToBytes().Span), [], store, fixture);
        var extra = StoreFixture.Provider("extra", ProviderCategory.Other);
        foreach (var s in new[] { store, rebuilt })
        {
            Assert.Equal(OutcomeStatus.Connected, s.Connect(extra, Valid(extra), Merchant).Status);
            Assert.Equal(OutcomeStatus.ActivityRecorded, s.RecordActivity(apps[^1].Key, Merchant).Status);
            Assert.Equal(OutcomeStatus.Disconnected, s.Disconnect(apps[0].Key, Merchant).Status);
        }

        Assert.Equal(store.GetApps().Select(Describe), rebuilt.GetApps().Select(Describe));
        Assert.Equal(store.TakeSnapshot().ToBytes().ToArray(), rebuilt.TakeSnapshot().ToBytes().ToArray());
    }

    [Fact]
    public void R15_TryFromSnapshot_OneByteFlippedInTheMiddle_IsRefusedForItsChecksum()
    {
        var (fixture, store) = History();
        var bytes = store.TakeSnapshot().ToBytes().ToArray();
        bytes[bytes.Length / 2] ^= 0x01;

        var rebuilt = Store.TryFromSnapshot(StoreSnapshot.FromBytes(store.Id, store.Version, bytes), [], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.Contains("checksum", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void R15_TryFromSnapshot_UnknownFormat_IsRefusedNamingTheFormat(bool checksumRecomputed)
    {
        var (fixture, store) = History();
        var bytes = store.TakeSnapshot().ToBytes().ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 99);
        if (checksumRecomputed)
        {
            Reseal(bytes);
        }

        var rebuilt = Store.TryFromSnapshot(StoreSnapshot.FromBytes(store.Id, store.Version, bytes), [], store.Policy, fixture.Clock, out var problem);

        // Whatever the checksum says, the format is checked first: another format may checksum differently.
        Assert.Null(rebuilt);
        Assert.Contains("format 99", problem, StringComparison.Ordinal);
        Assert.Contains($"formats 1 to {StoreSnapshot.CurrentFormat} only", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void R15_TryFromSnapshot_BytesKeptForAnotherVersion_IsRefusedNamingBothVersions()
    {
        var (fixture, store) = History();

        var kept = StoreSnapshot.FromBytes(store.Id, store.Version + 1, store.TakeSnapshot().ToBytes().Span);
        var rebuilt = Store.TryFromSnapshot(kept, [], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.Contains($"at version {store.Version},", problem, StringComparison.Ordinal);
        Assert.Contains($"at version {store.Version + 1}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void R15_TryFromSnapshot_BytesKeptForAnotherStore_IsRefusedNamingBothStores()
    {
        var (fixture, store) = History();

        var kept = StoreSnapshot.FromBytes(new StoreId("other-store"), store.Version, store.TakeSnapshot().ToBytes().Span);
        var rebuilt = Store.TryFromSnapshot(kept, [], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.Contains($"store '{store.Id}'", problem, StringComparison.Ordinal);
        Assert.Contains("store 'other-store'", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(40)]
    [InlineData(-1)]
    public void R15_TryFromSnapshot_TruncatedBytes_IsRefusedWithoutThrowing(int keep)
    {
        var (fixture, store) = History();
        var bytes = store.TakeSnapshot().ToBytes().ToArray();
        var truncated = bytes[..(keep >= 0 ? keep : bytes.Length + keep)];

        var rebuilt = Store.TryFromSnapshot(StoreSnapshot.FromBytes(store.Id, store.Version, truncated), [], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void R15_TryFromSnapshot_TruncatedWithItsChecksumRecomputed_IsRefusedAsUnreadable()
    {
        // A checksum that matches does not make the contents whole: the reader must still stop at their end.
        var (fixture, store) = History();
        var bytes = store.TakeSnapshot().ToBytes().ToArray();
        var truncated = bytes[..(bytes.Length / 2)];
        Reseal(truncated);

        var rebuilt = Store.TryFromSnapshot(StoreSnapshot.FromBytes(store.Id, store.Version, truncated), [], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.Contains("cannot be read", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void R15_TryFromSnapshot_BytesAfterTheStateWithItsChecksumRecomputed_IsRefused()
    {
        var (fixture, store) = History();
        var bytes = store.TakeSnapshot().ToBytes().ToArray();
        var longer = new byte[bytes.Length + 1];
        bytes.AsSpan(0, bytes.Length - sizeof(ulong)).CopyTo(longer);
        Reseal(longer);

        var rebuilt = Store.TryFromSnapshot(StoreSnapshot.FromBytes(store.Id, store.Version, longer), [], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.Contains("left over", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void R15_TryFromSnapshot_TailThatFollowsOn_IsTheLiveStore()
    {
        var (fixture, store, snapshot, tail) = SnapshotWithTail();

        var rebuilt = Store.TryFromSnapshot(snapshot, tail, store.Policy, fixture.Clock, out var problem);

        Assert.Null(problem);
        Assert.NotNull(rebuilt);
        Assert.Equal(store.Version, rebuilt.Version);
        Assert.Equal(store.Version, rebuilt.Ledger.StartsAfter);
        Assert.Empty(rebuilt.Ledger.Entries);
        Assert.Equal(store.TakeSnapshot().ToBytes().ToArray(), rebuilt.TakeSnapshot().ToBytes().ToArray());
    }

    [Fact]
    public void R15_TryFromSnapshot_TailWithAGap_IsRefusedNamingTheEntry()
    {
        var (fixture, store, snapshot, tail) = SnapshotWithTail();

        var rebuilt = Store.TryFromSnapshot(snapshot, tail[1..], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.Equal($"entry {tail[1].Sequence} does not follow on from the snapshot at version {snapshot.Version}", problem);
    }

    [Fact]
    public void R15_TryFromSnapshot_TailStartingAtTheSnapshotsOwnEntry_IsRefused()
    {
        var (fixture, store, snapshot, tail) = SnapshotWithTail();
        var own = store.Ledger.Entries[(int)snapshot.Version - 1];

        var rebuilt = Store.TryFromSnapshot(snapshot, [own, .. tail], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.Equal($"entry {snapshot.Version} does not follow on from the snapshot at version {snapshot.Version}", problem);
    }

    [Fact]
    public void R15_TryFromSnapshot_TailEntryWithTheWrongCount_IsRefused()
    {
        var (fixture, store, snapshot, tail) = SnapshotWithTail();
        var e = tail[0];
        var miscounted = new SlotLedgerEntry(e.Sequence, e.At, e.Actor, e.Kind, e.Provider, e.Descriptor, e.PlanId, e.Allowance, e.SlotsInUse + 1, e.AiCreditBalance, e.PendingUntil, e.AttentionReason);

        var rebuilt = Store.TryFromSnapshot(snapshot, [miscounted, .. tail[1..]], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.Equal($"entry {e.Sequence} does not follow on from the snapshot at version {snapshot.Version}", problem);
    }

    [Fact]
    public void R15_TryFromSnapshot_TailEntryNamingAnAppTheSnapshotDoesNotHave_IsRefusedAsNotApplying()
    {
        // Sound as far as sequence, instant and counts go, so only applying it finds the problem.
        var (fixture, store, snapshot, tail) = SnapshotWithTail();
        var e = tail[0];
        var stranger = new SlotLedgerEntry(e.Sequence, e.At, e.Actor, SlotEntryKind.ActivityRecorded, new ProviderKey("stranger"), null, e.PlanId, e.Allowance, snapshot.TryGetState(out _)!.SlotsInUse, e.AiCreditBalance, null, null);

        var rebuilt = Store.TryFromSnapshot(snapshot, [stranger], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.StartsWith($"entry {e.Sequence} cannot apply to the snapshot at version {snapshot.Version}: ", problem, StringComparison.Ordinal);
        Assert.Contains("stranger", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_NullStore_Throws() =>
        Assert.Throws<ArgumentNullException>("store", () => StoreSnapshot.FromBytes(null!, 1, [1, 2, 3]));

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void FromBytes_VersionBelowOne_Throws(long version) =>
        Assert.Throws<ArgumentOutOfRangeException>("version", () => StoreSnapshot.FromBytes(new StoreId("store-1"), version, [1, 2, 3]));

    [Fact]
    public void FromBytes_BytesChangedAfterwards_KeepsItsOwnCopy()
    {
        var (fixture, store) = History();
        var bytes = store.TakeSnapshot().ToBytes().ToArray();
        var kept = StoreSnapshot.FromBytes(store.Id, store.Version, bytes);
        Array.Clear(bytes);

        Assert.Equal(store.Version, Rebuild(kept, [], store, fixture).Version);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void R6_CompleteConnect_RebuiltFromASnapshotTakenAfterTheExpiry_AnswersReservationExpired(bool viaBytes)
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(Late, Valid(Late), Merchant);
        fixture.Clock.AdvanceMinutes(30);
        Assert.Single(store.ExpireReservations());
        var snapshot = store.TakeSnapshot();
        var source = viaBytes ? StoreSnapshot.FromBytes(store.Id, store.Version, snapshot.ToBytes().Span) : snapshot;
        var rebuilt = Rebuild(source, [], store, fixture);

        var completed = rebuilt.CompleteConnect(Late.Key, Merchant);
        var failed = rebuilt.FailConnect(Late.Key, Merchant);
        var neverReserved = rebuilt.CompleteConnect(First.Key, Merchant);

        Assert.Equal(OutcomeStatus.ReservationExpired, completed.Status);
        Assert.Equal(OutcomeStatus.ReservationExpired, failed.Status);
        Assert.Equal(OutcomeStatus.NotConnected, neverReserved.Status);
        Assert.Equal(store.Version, rebuilt.Version);
        Assert.Equal(0, rebuilt.SlotsInUse);
    }

    [Fact]
    public void R6_CompleteConnect_ReservedAgainAndReleasedAfterTheSnapshot_AnswersNotConnected()
    {
        // The tail reserves the expired app again and releases it: its last entry is no longer the expiry.
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(Late, Valid(Late), Merchant);
        fixture.Clock.AdvanceMinutes(30);
        store.ExpireReservations();
        var snapshot = StoreSnapshot.FromBytes(store.Id, store.Version, store.TakeSnapshot().ToBytes().Span);
        var version = store.Version;
        store.BeginConnect(Late, Valid(Late), Merchant);
        store.FailConnect(Late.Key, Merchant);
        var rebuilt = Rebuild(snapshot, [.. store.Ledger.Entries.Skip((int)version)], store, fixture);

        Assert.Equal(OutcomeStatus.NotConnected, rebuilt.CompleteConnect(Late.Key, Merchant).Status);
        Assert.Equal(OutcomeStatus.NotConnected, store.CompleteConnect(Late.Key, Merchant).Status);
    }

    /// <summary>
    /// A store on Growth (5 slots) with an active app with activity, one needing attention, a pending reservation, a
    /// free place left by an expired reservation (whose expiry it remembers) and AI credits spent.
    /// </summary>
    private static (StoreFixture Fixture, Store Store) History()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        var store = fixture.Store;
        void Step(OutcomeStatus expected, Func<StoreOutcome> operation)
        {
            fixture.Clock.AdvanceMinutes(1);
            var outcome = operation();
            Assert.True(outcome.Status == expected, outcome.ToString());
        }

        Step(OutcomeStatus.Connected, () => store.Connect(First, Valid(First), Merchant));
        Step(OutcomeStatus.Connected, () => store.Connect(Second, Valid(Second), Merchant));
        Step(OutcomeStatus.Connected, () => store.Connect(Third, Valid(Third), Merchant));
        Step(OutcomeStatus.Reserved, () => store.BeginConnect(Late, Valid(Late), Merchant));
        fixture.Clock.AdvanceMinutes(30);
        Assert.Equal(Late.Key, Assert.Single(store.ExpireReservations()).Key);
        Step(OutcomeStatus.Disconnected, () => store.Disconnect(Second.Key, Merchant));
        Step(OutcomeStatus.Reserved, () => store.BeginConnect(Waiting, Valid(Waiting), Merchant));
        Step(OutcomeStatus.MarkedNeedsAttention, () => store.MarkNeedsAttention(Third.Key, AttentionReason.CredentialsExpired, Merchant));
        Step(OutcomeStatus.ActivityRecorded, () => store.RecordActivity(First.Key, Merchant));
        Step(OutcomeStatus.AiCreditsUsed, () => store.UseAiCredits(3, AiUsePurpose.Analyze, Merchant));
        store.TakeEvents();
        return (fixture, store);
    }

    /// <summary>The history's snapshot, then three more entries on the live store: the tail after the snapshot.</summary>
    private static (StoreFixture Fixture, Store Store, StoreSnapshot Snapshot, SlotLedgerEntry[] Tail) SnapshotWithTail()
    {
        var (fixture, store) = History();
        var snapshot = store.TakeSnapshot();
        fixture.Clock.AdvanceMinutes(1);
        Assert.Equal(OutcomeStatus.Connected, store.Connect(Fourth, Valid(Fourth), Merchant).Status);
        Assert.Equal(OutcomeStatus.Activated, store.CompleteConnect(Waiting.Key, Merchant).Status);
        Assert.Equal(OutcomeStatus.Disconnected, store.Disconnect(First.Key, Merchant).Status);
        var tail = store.Ledger.Entries.Skip((int)snapshot.Version).ToArray();
        Assert.Equal(3, tail.Length);
        return (fixture, store, snapshot, tail);
    }

    /// <summary>The store rebuilt from <paramref name="snapshot"/> and <paramref name="tail"/>, which must be trusted.</summary>
    private static Store Rebuild(StoreSnapshot snapshot, SlotLedgerEntry[] tail, Store store, StoreFixture fixture)
    {
        var rebuilt = Store.TryFromSnapshot(snapshot, tail, store.Policy, fixture.Clock, out var problem);
        Assert.True(rebuilt is not null, $"the snapshot was not trusted: {problem}");
        return rebuilt;
    }

    /// <summary>An app by value, its descriptor by its parts: descriptors read from bytes are new objects.</summary>
    private static string Describe(ConnectedApp a) =>
        $"{a.Key} {a.State} {a.ConnectedAt} {a.PendingUntil} {a.LastActivityAt} {a.AttentionReason} [{a.Provider.DisplayName} {a.Category} {string.Join(",", a.Provider.Workflows)} {string.Join(",", a.Provider.SetupFields)} {a.Provider.SupportsSelfServiceDisconnect} {a.Provider.Availability}]";

    /// <summary>Writes the checksum the format ends with (FNV-1a, 64 bits, of everything before it) over changed bytes.</summary>
    private static void Reseal(byte[] bytes)
    {
        var length = bytes.Length - sizeof(ulong);
        var hash = 14695981039346656037UL;
        foreach (var b in bytes.AsSpan(0, length))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(length), hash);
    }
}
