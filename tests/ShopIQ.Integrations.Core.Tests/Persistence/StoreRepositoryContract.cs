using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Persistence;

/// <summary>
/// What every <see cref="IStoreRepository"/> must do, run against each implementation: a derived class supplies the
/// repository and one theory over <see cref="Cases"/>, so a case that fails names the implementation and the rule.
/// </summary>
public abstract class StoreRepositoryContract
{
    private static readonly Dictionary<string, Func<StoreRepositoryContract, Task>> All = new()
    {
        [nameof(LoadAsync_UnknownStore_ReturnsNoLedgerAndNoRecord)] = c => c.LoadAsync_UnknownStore_ReturnsNoLedgerAndNoRecord(),
        [nameof(SaveAsync_NewStore_LoadReturnsItsEntriesAndRecord)] = c => c.SaveAsync_NewStore_LoadReturnsItsEntriesAndRecord(),
        [nameof(SaveAsync_StaleExpectedVersion_AnswersVersionConflictAndWritesNothing)] = c => c.SaveAsync_StaleExpectedVersion_AnswersVersionConflictAndWritesNothing(),
        [nameof(SaveAsync_KeyOfAFinalRecord_AnswersKeyConflictAndWritesNothing)] = c => c.SaveAsync_KeyOfAFinalRecord_AnswersKeyConflictAndWritesNothing(),
        [nameof(SaveAsync_UnfinishedRecordThenTheFinalOne_ReplacesIt)] = c => c.SaveAsync_UnfinishedRecordThenTheFinalOne_ReplacesIt(),
        [nameof(SaveAsync_NewClaimOfAKeyInProgress_AnswersKeyConflictAndWritesNothing)] = c => c.SaveAsync_NewClaimOfAKeyInProgress_AnswersKeyConflictAndWritesNothing(),
        [nameof(SaveAsync_WithSnapshot_LoadAnswersTheSnapshotAndNoEntries_AndTheLedgerStaysWhole)] = c => c.SaveAsync_WithSnapshot_LoadAnswersTheSnapshotAndNoEntries_AndTheLedgerStaysWhole(),
        [nameof(SaveAsync_EntriesWithoutSnapshot_DropTheSnapshot_LoadAnswersTheWholeLedger)] = c => c.SaveAsync_EntriesWithoutSnapshot_DropTheSnapshot_LoadAnswersTheWholeLedger(),
        [nameof(WriteSnapshotAsync_AtTheStoresVersionOnly)] = c => c.WriteSnapshotAsync_AtTheStoresVersionOnly(),
        [nameof(R3_SaveAsync_EntryOverItsAllowance_ThrowsAndWritesNothing)] = c => c.R3_SaveAsync_EntryOverItsAllowance_ThrowsAndWritesNothing(),
        [nameof(FindStoresWithDueReservationsAsync_SomeDue_ReturnsThemEarliestDeadlineFirstUpToTheLimit)] = c => c.FindStoresWithDueReservationsAsync_SomeDue_ReturnsThemEarliestDeadlineFirstUpToTheLimit(),
        [nameof(FindStoresWithDueReservationsAsync_ZeroLimit_Throws)] = c => c.FindStoresWithDueReservationsAsync_ZeroLimit_Throws(),
        [nameof(PurgeIdempotencyRecordsAsync_DeletesOnlyFinalRecordsWrittenBeforeTheInstant)] = c => c.PurgeIdempotencyRecordsAsync_DeletesOnlyFinalRecordsWrittenBeforeTheInstant(),
        [nameof(Methods_NullArguments_Throw)] = c => c.Methods_NullArguments_Throw(),
        [nameof(Methods_CancelledToken_ThrowAndWriteNothing)] = c => c.Methods_CancelledToken_ThrowAndWriteNothing(),
        [nameof(SaveAsync_RecordOnlyAtAStaleVersion_AnswersVersionConflictAndWritesNothing)] = c => c.SaveAsync_RecordOnlyAtAStaleVersion_AnswersVersionConflictAndWritesNothing(),
        [nameof(SaveAsync_RecordOnly_KeepsTheReservationDeadline)] = c => c.SaveAsync_RecordOnly_KeepsTheReservationDeadline(),
        [nameof(SaveAsync_EntriesStartingConnections_ReadBackWithTheirConnectionIds)] = c => c.SaveAsync_EntriesStartingConnections_ReadBackWithTheirConnectionIds(),
    };

    /// <summary>Every case by name.</summary>
    public static TheoryData<string> Cases => [.. All.Keys];

    /// <summary>A fresh repository; the cases use store ids no other case uses.</summary>
    protected abstract Task<IStoreRepository> CreateAsync();

    /// <summary>Runs one case.</summary>
    protected Task RunAsync(string name) => All[name](this);

    private readonly string Prefix = $"t{Guid.NewGuid():N}"[..12] + "-";
    private readonly StoreId StoreId = new($"store-{Guid.NewGuid():N}");
    private static readonly Instant Start = StoreFixture.Start;

    private async Task LoadAsync_UnknownStore_ReturnsNoLedgerAndNoRecord()
    {
        var repository = await CreateAsync();

        var loaded = await repository.LoadAsync(StoreId, IdempotencyKey.New(), CancellationToken.None);

        Assert.False(loaded.Exists);
        Assert.Null(loaded.Record);
        Assert.Equal(0, loaded.Version);
    }

    private async Task SaveAsync_NewStore_LoadReturnsItsEntriesAndRecord()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId);
        var key = IdempotencyKey.New();

        var saved = await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, Record(key, isFinal: true, 1)), CancellationToken.None);

        Assert.Equal(SaveOutcome.Saved, saved);
        var loaded = await repository.LoadAsync(StoreId, key, CancellationToken.None);
        Assert.Equal(store.Ledger.Entries, loaded.Entries);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(key, loaded.Record!.Key);
    }

    private async Task SaveAsync_StaleExpectedVersion_AnswersVersionConflictAndWritesNothing()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId);
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, null), CancellationToken.None);
        var key = IdempotencyKey.New();

        var saved = await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, Record(key, isFinal: true, 1)), CancellationToken.None);

        Assert.Equal(SaveOutcome.VersionConflict, saved);
        var loaded = await repository.LoadAsync(StoreId, key, CancellationToken.None);
        Assert.Single(loaded.Entries);
        Assert.Null(loaded.Record);
    }

    private async Task SaveAsync_KeyOfAFinalRecord_AnswersKeyConflictAndWritesNothing()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId);
        var key = IdempotencyKey.New();
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, Record(key, isFinal: true, 1)), CancellationToken.None);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);

        var saved = await repository.SaveAsync(new StoreChange(StoreId, 1, store.Ledger.Entries.Skip(1), null, Record(key, isFinal: true, 2)), CancellationToken.None);

        Assert.Equal(SaveOutcome.KeyConflict, saved);
        var loaded = await repository.LoadAsync(StoreId, key, CancellationToken.None);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(1, loaded.Record!.StoreVersion);
    }

    private async Task SaveAsync_UnfinishedRecordThenTheFinalOne_ReplacesIt()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId);
        var key = IdempotencyKey.New();
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, Record(key, isFinal: false, 1)), CancellationToken.None);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);

        var saved = await repository.SaveAsync(new StoreChange(StoreId, 1, store.Ledger.Entries.Skip(1), store.TakeSnapshot(), null, null, Record(key, isFinal: true, 2), true), CancellationToken.None);

        Assert.Equal(SaveOutcome.Saved, saved);
        var record = (await repository.LoadAsync(StoreId, key, CancellationToken.None)).Record;
        Assert.True(record!.IsFinal);
        Assert.Equal(2, record.StoreVersion);
    }

    /// <summary>A key in progress (its record unfinished) is never taken over by another command, on any instance.</summary>
    private async Task SaveAsync_NewClaimOfAKeyInProgress_AnswersKeyConflictAndWritesNothing()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId);
        var key = IdempotencyKey.New();
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, Record(key, isFinal: false, 1)), CancellationToken.None);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);

        var saved = await repository.SaveAsync(new StoreChange(StoreId, 1, store.Ledger.Entries.Skip(1), store.TakeSnapshot(), null, null, Record(key, isFinal: true, 2), false), CancellationToken.None);

        Assert.Equal(SaveOutcome.KeyConflict, saved);
        var loaded = await repository.LoadAsync(StoreId, key, CancellationToken.None);
        Assert.False(loaded.Record!.IsFinal);
        Assert.Equal(1, loaded.Version);
    }

    /// <summary>A change carries its snapshot: a load answers with it and reads no entry (R15: the ledger stays whole).</summary>
    private async Task SaveAsync_WithSnapshot_LoadAnswersTheSnapshotAndNoEntries_AndTheLedgerStaysWhole()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);

        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, store.TakeSnapshot(), null, null, null, false), CancellationToken.None);

        var loaded = await repository.LoadAsync(StoreId, null, CancellationToken.None);
        Assert.Empty(loaded.Entries);
        Assert.Equal(2, loaded.Snapshot!.Version);
        Assert.Equal(2, loaded.Version);
        var rebuilt = Store.TryFromSnapshot(loaded.Snapshot, loaded.Entries, TestPlans.Policy, new FakeClock(Start), out var problem);
        Assert.True(rebuilt is not null, problem);
        Assert.Equal(store.TakeSnapshot().ToBytes().ToArray(), rebuilt.TakeSnapshot().ToBytes().ToArray());
        Assert.Equal(store.Ledger.Entries, (await repository.ReadLedgerAsync(StoreId, CancellationToken.None))!.Entries);
    }

    /// <summary>Entries saved without a snapshot leave the store without one: a load then answers with the whole ledger, never with a stale snapshot.</summary>
    private async Task SaveAsync_EntriesWithoutSnapshot_DropTheSnapshot_LoadAnswersTheWholeLedger()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId);
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, store.TakeSnapshot(), null, null, null, false), CancellationToken.None);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);

        await repository.SaveAsync(new StoreChange(StoreId, 1, store.Ledger.Entries.Skip(1), null, null), CancellationToken.None);

        var loaded = await repository.LoadAsync(StoreId, null, CancellationToken.None);
        Assert.Null(loaded.Snapshot);
        Assert.Equal(store.Ledger.Entries, loaded.Entries);
    }

    /// <summary>A rebuilt snapshot is written only while the store is still at its version.</summary>
    private async Task WriteSnapshotAsync_AtTheStoresVersionOnly()
    {
        var repository = await CreateAsync();
        Assert.False(await repository.WriteSnapshotAsync(OpenStore(StoreId).TakeSnapshot(), CancellationToken.None));
        var store = OpenStore(StoreId);
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, null), CancellationToken.None);
        var atOne = store.TakeSnapshot();
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);

        Assert.True(await repository.WriteSnapshotAsync(atOne, CancellationToken.None));
        Assert.Equal(1, (await repository.LoadAsync(StoreId, null, CancellationToken.None)).Snapshot!.Version);
        await repository.SaveAsync(new StoreChange(StoreId, 1, store.Ledger.Entries.Skip(1), store.TakeSnapshot(), null, null, null, false), CancellationToken.None);
        Assert.False(await repository.WriteSnapshotAsync(atOne, CancellationToken.None));
        Assert.Equal(2, (await repository.LoadAsync(StoreId, null, CancellationToken.None)).Snapshot!.Version);
        Assert.Null(await repository.ReadLedgerAsync(new StoreId($"{StoreId}-none"), CancellationToken.None));
    }

    private async Task R3_SaveAsync_EntryOverItsAllowance_ThrowsAndWritesNothing()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId, TestPlans.Free);
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, null), CancellationToken.None);
        var provider = BuiltInProviders.MetaPixel;
        var overAllowance = new SlotLedgerEntry(2, Start, StoreFixture.Merchant, SlotEntryKind.Connected, provider.Key, provider, TestPlans.Free.Id, SlotAllowance.Of(0), 1, TestPlans.Free.AiCredits, null, null);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => repository.SaveAsync(new StoreChange(StoreId, 1, [overAllowance], null, null), CancellationToken.None));

        Assert.Equal("change", exception.ParamName);
        Assert.Equal(1, (await repository.LoadAsync(StoreId, null, CancellationToken.None)).Version);
    }

    private async Task FindStoresWithDueReservationsAsync_SomeDue_ReturnsThemEarliestDeadlineFirstUpToTheLimit()
    {
        var repository = await CreateAsync();
        await SaveWithDeadlineAsync(repository, Prefix + "store-a", Start + Duration.FromMinutes(3));
        await SaveWithDeadlineAsync(repository, Prefix + "store-b", Start + Duration.FromMinutes(1));
        await SaveWithDeadlineAsync(repository, Prefix + "store-c", Start + Duration.FromMinutes(2));
        await SaveWithDeadlineAsync(repository, Prefix + "store-d", Start + Duration.FromMinutes(10));
        await SaveWithDeadlineAsync(repository, Prefix + "store-e", null);
        var now = Start + Duration.FromMinutes(3);

        var firstTwo = await repository.FindStoresWithDueReservationsAsync(now, 2, CancellationToken.None);
        var all = await repository.FindStoresWithDueReservationsAsync(now, 100, CancellationToken.None);

        Assert.Equal([Prefix + "store-b", Prefix + "store-c"], firstTwo.Where(s => s.Value.StartsWith(Prefix, StringComparison.Ordinal)).Select(s => s.Value));
        Assert.Equal([Prefix + "store-b", Prefix + "store-c", Prefix + "store-a"], all.Where(s => s.Value.StartsWith(Prefix, StringComparison.Ordinal)).Select(s => s.Value));
    }

    private async Task FindStoresWithDueReservationsAsync_ZeroLimit_Throws()
    {
        var repository = await CreateAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => repository.FindStoresWithDueReservationsAsync(Start, 0, CancellationToken.None));
    }

    private async Task PurgeIdempotencyRecordsAsync_DeletesOnlyFinalRecordsWrittenBeforeTheInstant()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId);
        var oldFinal = IdempotencyKey.New();
        var oldUnfinished = IdempotencyKey.New();
        var newFinal = IdempotencyKey.New();
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, Record(oldFinal, isFinal: true, 1, Start)), CancellationToken.None);
        await repository.SaveAsync(new StoreChange(StoreId, 1, [], null, Record(oldUnfinished, isFinal: false, 1, Start)), CancellationToken.None);
        await repository.SaveAsync(new StoreChange(StoreId, 1, [], null, Record(newFinal, isFinal: true, 1, Start + Duration.FromHours(2))), CancellationToken.None);

        var purged = await repository.PurgeIdempotencyRecordsAsync(Start + Duration.FromHours(1), CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Null((await repository.LoadAsync(StoreId, oldFinal, CancellationToken.None)).Record);
        Assert.NotNull((await repository.LoadAsync(StoreId, oldUnfinished, CancellationToken.None)).Record);
        Assert.NotNull((await repository.LoadAsync(StoreId, newFinal, CancellationToken.None)).Record);
    }

    private async Task Methods_NullArguments_Throw()
    {
        var repository = await CreateAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => repository.LoadAsync(null!, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => repository.SaveAsync(null!, CancellationToken.None));
    }

    private async Task Methods_CancelledToken_ThrowAndWriteNothing()
    {
        var repository = await CreateAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.SaveAsync(new StoreChange(StoreId, 0, OpenStore(StoreId).Ledger.Entries, null, null), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.LoadAsync(StoreId, null, cancelled.Token));
        Assert.False((await repository.LoadAsync(StoreId, null, CancellationToken.None)).Exists);
    }

    private async Task SaveAsync_EntriesStartingConnections_ReadBackWithTheirConnectionIds()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId);
        var merchant = StoreFixture.Merchant;
        Assert.Equal(OutcomeStatus.Connected, store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), merchant).Status);
        Assert.Equal(OutcomeStatus.Reserved, store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), merchant).Status);
        Assert.Equal(OutcomeStatus.Replaced, store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), merchant).Status);
        // Several entries in one change (the array form), then one alone (the scalar form).
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, null), CancellationToken.None);
        Assert.Equal(OutcomeStatus.Connected, store.Connect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), merchant).Status);
        await repository.SaveAsync(new StoreChange(StoreId, 4, store.Ledger.Entries.Skip(4), null, null), CancellationToken.None);

        var read = (await repository.ReadLedgerAsync(StoreId, CancellationToken.None))!.Entries;

        Assert.Equal(store.Ledger.Entries, read);
        Assert.Equal(4, read.Count(e => e.ConnectionId is not null));
        Assert.All(read, e => Assert.Equal(e.Kind is SlotEntryKind.Connected or SlotEntryKind.Reserved or SlotEntryKind.Replaced, e.ConnectionId is not null));
        Assert.Equal(store.GetApps().Select(a => a.ConnectionId.Value).Order(), read.Where(e => e.Sequence > 2 && e.ConnectionId is not null).Select(e => e.ConnectionId!.Value).Order());
    }

    private static Store OpenStore(StoreId id) => OpenStore(id, TestPlans.Starter);

    private static Store OpenStore(StoreId id, Plan plan) => TestStores.Open(id, plan.Id, TestPlans.Policy, new FakeClock(Start), StoreFixture.Merchant);

    private static Task SaveWithDeadlineAsync(IStoreRepository repository, string store, Instant? deadline)
    {
        var id = new StoreId(store);
        return repository.SaveAsync(new StoreChange(id, 0, OpenStore(id).Ledger.Entries, deadline, null), CancellationToken.None);
    }

    private static IdempotencyRecord Record(IdempotencyKey key, bool isFinal, long version) => Record(key, isFinal, version, Start);

    private static IdempotencyRecord Record(IdempotencyKey key, bool isFinal, long version, Instant at) =>
        new(key, "test command", isFinal, OutcomeStatus.Connected, "done", null, version, at, null);

    private async Task SaveAsync_RecordOnlyAtAStaleVersion_AnswersVersionConflictAndWritesNothing()
    {
        var repository = await CreateAsync();
        var store = OpenStore(StoreId);
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, null), CancellationToken.None);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);
        await repository.SaveAsync(new StoreChange(StoreId, 1, store.Ledger.Entries.Skip(1), null, null), CancellationToken.None);
        var key = IdempotencyKey.New();

        var saved = await repository.SaveAsync(new StoreChange(StoreId, 1, [], null, Record(key, isFinal: true, 1)), CancellationToken.None);

        Assert.Equal(SaveOutcome.VersionConflict, saved);
        Assert.Null((await repository.LoadAsync(StoreId, key, CancellationToken.None)).Record);
    }

    private async Task SaveAsync_RecordOnly_KeepsTheReservationDeadline()
    {
        var repository = await CreateAsync();
        var id = new StoreId(Prefix + "deadline");
        await SaveWithDeadlineAsync(repository, id.Value, Start + Duration.FromMinutes(1));

        var saved = await repository.SaveAsync(new StoreChange(id, 1, [], null, Record(IdempotencyKey.New(), isFinal: true, 1)), CancellationToken.None);

        Assert.Equal(SaveOutcome.Saved, saved);
        var due = await repository.FindStoresWithDueReservationsAsync(Start + Duration.FromMinutes(1), 1000, CancellationToken.None);
        Assert.Contains(id, due);
    }
}
