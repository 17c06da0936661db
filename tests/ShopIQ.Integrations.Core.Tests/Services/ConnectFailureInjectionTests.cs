using System.Text;
using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// A connect that calls out saves twice: the reservation, then the provider's answer (the settle). Storage fails at each
/// of those steps, once or for good, before the write or after it (the answer lost). Whatever fails, no caller sees a raw
/// exception with a slot held; a held slot is freed by the sweep at its deadline, the provider that accepted is told to
/// let go then, and the connect's unfinished record is abandoned after the margin (R6).
/// </summary>
public sealed class ConnectFailureInjectionTests
{
    /// <summary>Save 1 opens the store, save 2 reserves, save 3 settles.</summary>
    private const int ReserveSave = 2;
    private const int SettleSave = 3;

    private static readonly Actor Merchant = Actor.Merchant("m-1");

    public static TheoryData<bool, bool> AnswersAndWrites => new()
    {
        { true, false },
        { true, true },
        { false, false },
        { false, true },
    };

    [Theory]
    [MemberData(nameof(AnswersAndWrites))]
    public async Task SettleFailsOnce_IsRetried_AndAnswersAsIfNothingFailed(bool accepted, bool afterWriting)
    {
        using var run = new Run(accepted);
        run.Faulty.FailSaves(SettleSave, 1, afterWriting, () => new InvalidOperationException("injected outage"));

        var result = await run.ConnectAsync();

        Assert.Equal(accepted ? OutcomeStatus.Connected : OutcomeStatus.ProviderRefused, result.Status);
        Assert.False(result.IsReplay);
        Assert.Equal(accepted ? 1 : 0, await run.SlotsAsync());
        Assert.Equal(0, run.Adapter.DisconnectCalls);
        Assert.True((await run.RecordAsync())!.IsFinal);
        Assert.Equal(result.Status, (await run.ResendAsync()).Status);
        Assert.Equal(
            [$"Connect of fake-ads on store store-1: the provider's answer ({(accepted ? "accepted" : "refused")}) could not be saved on attempt 1"],
            run.Fixture.Logged(14));
    }

    public static TheoryData<bool, string> AnswersAndErrors => new()
    {
        { true, "outage" },
        { true, "encoder" },
        { false, "outage" },
        { false, "encoder" },
    };

    [Theory]
    [MemberData(nameof(AnswersAndErrors))]
    public async Task SettleFailsForGood_AnswersUnsettled_TheSweepFreesTheSlotTellsTheProviderAndAbandonsTheRecord(bool accepted, string error)
    {
        using var run = new Run(accepted);
        Func<Exception> failure = error == "encoder"
            ? () => new EncoderFallbackException("Unable to translate Unicode character \\uD83D")
            : () => new TimeoutException("injected outage");
        run.Faulty.FailSaves(SettleSave, int.MaxValue, false, failure);

        var result = await run.ConnectAsync();

        Assert.Equal(OutcomeStatus.Unsettled, result.Status);
        Assert.False(result.IsSuccess);
        var answer = accepted ? "accepted" : "refused";
        Assert.Equal(
            $"Fake fake-ads {answer} the connection, but the answer could not be saved ({(error == "encoder" ? "EncoderFallbackException" : "TimeoutException")}); "
            + "the reserved slot stays held until its reservation expires, and is then freed and the provider told to let go. Connect again with a new key after that.",
            result.Message);
        Assert.Equal(
            [.. Enumerable.Range(1, 3).Select(a => $"Connect of fake-ads on store store-1: the provider's answer ({answer}) could not be saved on attempt {a}")],
            run.Fixture.Logged(14));
        Assert.Equal(1, await run.SlotsAsync()); // held, pending, until its deadline
        run.Faulty.Heal();
        Assert.Equal(OutcomeStatus.InProgress, (await run.ResendAsync()).Status);

        run.Fixture.Clock.Advance(run.Lifetime + Duration.FromSeconds(1));
        var swept = await run.Fixture.Service.SweepAsync(CancellationToken.None);

        Assert.Equal(1, swept.ReservationsExpired);
        Assert.Equal(0, await run.SlotsAsync());
        Assert.Equal(1, run.Adapter.DisconnectCalls); // told to let go: it may have accepted
        Assert.Equal(["The reservation of fake-ads on store store-1 expired; telling the provider to let go"], run.Fixture.Logged(15));
        Assert.Equal(OutcomeStatus.ReservationExpired, (await run.ResendAsync()).Status);
        Assert.False((await run.RecordAsync())!.IsFinal);

        run.Fixture.Clock.Advance(Duration.FromMinutes(6));
        var later = await run.Fixture.Service.SweepAsync(CancellationToken.None);

        Assert.Equal(1, later.ConnectsAbandoned);
        var record = (await run.RecordAsync())!;
        Assert.True(record.IsFinal);
        Assert.Equal(OutcomeStatus.ReservationExpired, record.Status);
        var resent = await run.ResendAsync();
        Assert.True(resent.IsReplay);
        Assert.Equal(OutcomeStatus.ReservationExpired, resent.Status);
        Assert.Equal(0, (await run.Fixture.Service.SweepAsync(CancellationToken.None)).ConnectsAbandoned);
        Assert.True((await run.Fixture.Service.VerifyAsync(ServiceFixture.StoreId, CancellationToken.None))!.IsSound);
    }

    [Fact]
    public async Task SettleWrittenButItsAnswerLostForGood_AnswersFromTheRecordItWrote()
    {
        using var run = new Run(accepted: true);
        run.Faulty.FailSaves(SettleSave, 1, afterWriting: true, () => new TimeoutException("answer lost"));

        var result = await run.ConnectAsync();

        Assert.Equal(OutcomeStatus.Connected, result.Status);
        Assert.False(result.IsReplay);
        Assert.Equal(SettleSave, run.Faulty.Saves); // the record answered: nothing was saved twice
        Assert.Equal(1, await run.SlotsAsync());
        Assert.Equal(0, run.Adapter.DisconnectCalls);
    }

    [Fact]
    public async Task ReserveFailsBeforeWriting_ThrowsWithNothingHeld()
    {
        using var run = new Run(accepted: true);
        run.Faulty.FailSaves(ReserveSave, 1, false, () => new TimeoutException("injected outage"));

        await Assert.ThrowsAsync<TimeoutException>(run.ConnectAsync);

        Assert.Equal(0, await run.SlotsAsync());
        Assert.Equal(0, run.Adapter.ConnectCalls);
        Assert.Null(await run.RecordAsync());
        Assert.Equal(OutcomeStatus.Connected, (await run.ResendAsync()).Status); // the same key works once storage does
    }

    [Fact]
    public async Task ReserveWrittenButItsAnswerLost_TheSlotIsFreedAtTheDeadlineAndTheRecordAbandoned()
    {
        using var run = new Run(accepted: true);
        run.Faulty.FailSaves(ReserveSave, 1, true, () => new TimeoutException("answer lost"));

        // Nothing is known to the caller but the failure: the reservation may or may not be there, so the error is theirs.
        await Assert.ThrowsAsync<TimeoutException>(run.ConnectAsync);

        Assert.Equal(1, await run.SlotsAsync());
        Assert.Equal(OutcomeStatus.InProgress, (await run.ResendAsync()).Status);
        run.Fixture.Clock.Advance(run.Lifetime + Duration.FromMinutes(6));
        var swept = await run.Fixture.Service.SweepAsync(CancellationToken.None);

        Assert.Equal(1, swept.ReservationsExpired);
        Assert.Equal(1, swept.ConnectsAbandoned);
        Assert.Equal(0, await run.SlotsAsync());
        Assert.True((await run.RecordAsync())!.IsFinal);
    }

    [Fact]
    public async Task UnfinishedRecord_BeforeTheMargin_IsKept()
    {
        using var run = new Run(accepted: true);
        run.Faulty.FailSaves(SettleSave, int.MaxValue, false, () => new TimeoutException("injected outage"));
        Assert.Equal(OutcomeStatus.Unsettled, (await run.ConnectAsync()).Status);
        run.Faulty.Heal();

        run.Fixture.Clock.Advance(run.Lifetime + Duration.FromMinutes(4));
        var swept = await run.Fixture.Service.SweepAsync(CancellationToken.None);

        Assert.Equal(0, swept.ConnectsAbandoned);
        Assert.False((await run.RecordAsync())!.IsFinal);
    }

    /// <summary>A store on the starter plan, an adapter that answers at once, and storage that fails on demand.</summary>
    private sealed class Run : IDisposable
    {
        private readonly IdempotencyKey _key = IdempotencyKey.New();
        private FaultyRepository? _faulty;

        public Run(bool accepted)
        {
            Adapter = accepted ? FakeAdapter.Advertising() : FakeAdapter.Advertising().Refusing("account suspended");
            Fixture = new ServiceFixture([Adapter], _ => { }, repository => _faulty = new FaultyRepository(repository), _ => []);
            Fixture.OpenAsync(TestPlans.Starter).GetAwaiter().GetResult();
        }

        public FakeAdapter Adapter { get; }

        public ServiceFixture Fixture { get; }

        public FaultyRepository Faulty => _faulty!;

        public Duration Lifetime => Duration.FromTimeSpan(Fixture.Options.PendingReservationLifetime);

        public Task<ConnectedAppsResult> ConnectAsync() => ResendAsync();

        public Task<ConnectedAppsResult> ResendAsync() =>
            Fixture.Service.ConnectAsync(new ConnectAppCommand(ServiceFixture.StoreId, Adapter.Key, FakeAdapter.ValidSetup, Merchant, _key), CancellationToken.None);

        public async Task<int> SlotsAsync() => (await Fixture.StoreAsync()).SlotsInUse;

        public async Task<IdempotencyRecord?> RecordAsync() =>
            (await Fixture.Repository.LoadAsync(ServiceFixture.StoreId, _key, CancellationToken.None)).Record;

        public void Dispose() => Fixture.Dispose();
    }
}
