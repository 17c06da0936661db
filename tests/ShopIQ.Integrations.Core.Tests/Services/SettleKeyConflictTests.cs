using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// A provider's late answer to a connect the sweep abandoned: the settle's save finds the record final (a key conflict),
/// answers with that record, and still saves the store's due expiries. Finding the record final is no collision with
/// other writers, so it spends none of the settle's conflict retries.
/// </summary>
public sealed class SettleKeyConflictTests
{
    [Fact]
    public async Task Settle_RecordAbandonedBySweep_AnswersTheAbandonedRecordAndSpendsNoConflictRetryOnTheKeyConflict()
    {
        var late = FakeAdapter.Advertising();
        var lateGate = late.Gated();
        var other = FakeAdapter.Payments();
        var otherGate = other.Gated();
        ScriptedSaveRepository? repository = null;
        using var fixture = await new ServiceFixture([late, other], _ => { }, r => repository = new ScriptedSaveRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        var key = IdempotencyKey.New();
        var first = fixture.Service.ConnectAsync(new ConnectAppCommand(ServiceFixture.StoreId, late.Key, FakeAdapter.ValidSetup, StoreFixture.Merchant, key), CancellationToken.None);
        await lateGate.WaitUntilCalledAsync(first);
        fixture.Clock.Advance(Lifetime(fixture) + Duration.FromMinutes(6));
        Assert.Equal(1, (await fixture.Service.SweepAsync(CancellationToken.None)).ConnectsAbandoned);
        var abandoned = (await fixture.Repository.LoadAsync(ServiceFixture.StoreId, key, CancellationToken.None)).Record!;
        var second = fixture.ConnectAsync(other.Key, FakeAdapter.ValidSetup);
        await otherGate.WaitUntilCalledAsync(second);
        fixture.Clock.Advance(Lifetime(fixture) + Duration.FromSeconds(1));
        var savesWithRecord = 0;
        repository!.Answer = change =>
        {
            if (change.Record is not null)
            {
                savesWithRecord++; // the settle's first save, completing the record: the repository answers KeyConflict
                return null;
            }

            return savesWithRecord == 1 && repository.Answered == 0 ? SaveOutcome.VersionConflict : null;
        };

        lateGate.Answer(ProviderCallResult.Success);
        var answer = await first;

        Assert.True(answer.IsReplay);
        Assert.Equal(OutcomeStatus.ReservationExpired, answer.Status);
        Assert.Equal(abandoned.Message, answer.Message);
        Assert.Equal(1, savesWithRecord);
        Assert.Equal(1, repository.Answered); // the save of the due expiries, without a record, met one version conflict
        // The conflict is the settle's first: the key conflict before it spent no attempt.
        Assert.Equal(["Connect on store store-1: version conflict on attempt 1, retrying"], fixture.Logged(2));
        Assert.Empty(fixture.Logged(3));
        var last = (await fixture.LedgerAsync()).Entries[^1];
        Assert.Equal(SlotEntryKind.Expired, last.Kind);
        Assert.Equal(other.Key, last.Provider);
        Assert.Equal(abandoned, (await fixture.Repository.LoadAsync(ServiceFixture.StoreId, key, CancellationToken.None)).Record); // the abandoned record stands
        otherGate.Answer(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.ReservationExpired, (await second).Status);
    }

    private static Duration Lifetime(ServiceFixture fixture) => Duration.FromTimeSpan(fixture.Options.PendingReservationLifetime);
}
