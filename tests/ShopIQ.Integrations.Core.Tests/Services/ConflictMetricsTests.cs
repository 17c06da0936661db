using NodaTime;
using ShopIQ.Integrations.Core.Diagnostics;
using ShopIQ.Integrations.Core.Tests.Services.Stress;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// Every version conflict a save meets is counted in <see cref="ConnectedAppsDiagnostics.Conflicts"/>, tagged with the
/// operation that met it, the one it gives up on included; a key conflict is no collision with other writers and is not counted.
/// </summary>
public sealed class ConflictMetricsTests
{
    [Fact]
    public async Task UseAiCredits_SaveMeetsTwoVersionConflicts_CountsTwoConflictsUnderItsOperation()
    {
        ConflictingRepository? repository = null;
        using var fixture = await new ServiceFixture([], _ => { }, r => repository = new ConflictingRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        using var meters = new CountingMeterFactory();
        using var service = Metered(fixture, repository!, meters);
        repository!.ConflictOnNextSaves(2);

        var result = await service.UseAiCreditsAsync(
            new UseAiCreditsCommand(ServiceFixture.StoreId, 1, AiUsePurpose.Generate, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Message);
        Assert.Equal(3, repository.SaveAttempts);
        Assert.Equal(new Dictionary<string, long> { ["UseAiCredits"] = 2 }, meters.Conflicts);
    }

    [Fact]
    public async Task Connect_EverySaveConflicts_CountsEveryConflictUnderConnectTheLastOneIncluded()
    {
        var adapter = FakeAdapter.Advertising();
        ConflictingRepository? repository = null;
        using var fixture = await new ServiceFixture([adapter], o => o.MaxConflictRetries = 2, r => repository = new ConflictingRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        using var meters = new CountingMeterFactory();
        using var service = Metered(fixture, repository!, meters, adapter);
        repository!.ConflictOnNextSaves(int.MaxValue);

        var result = await service.ConnectAsync(
            new ConnectAppCommand(ServiceFixture.StoreId, adapter.Key, FakeAdapter.ValidSetup, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Conflict, result.Status);
        Assert.Equal(new Dictionary<string, long> { ["Connect"] = 3 }, meters.Conflicts);
    }

    [Fact]
    public async Task Sweep_AbandonMeetsAVersionConflict_CountsItUnderSweep()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        ScriptedSaveRepository? repository = null;
        using var fixture = await new ServiceFixture([adapter], _ => { }, r => repository = new ScriptedSaveRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        using var meters = new CountingMeterFactory();
        using var service = Metered(fixture, repository!, meters, adapter);
        var pending = await PendingConnectPastItsDeadlineAsync(fixture, service, adapter, gate);
        repository!.AnswerSavesOf(pending.Key, SaveOutcome.VersionConflict, count: 1);

        Assert.Equal(1, (await service.SweepAsync(CancellationToken.None)).ConnectsAbandoned);

        Assert.Equal(new Dictionary<string, long> { ["Sweep"] = 1 }, meters.Conflicts);
        gate.Answer(ProviderCallResult.Success);
        await pending.Connect;
    }

    [Fact]
    public async Task Sweep_AbandonMeetsAKeyConflict_CountsNoConflict()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        ScriptedSaveRepository? repository = null;
        using var fixture = await new ServiceFixture([adapter], _ => { }, r => repository = new ScriptedSaveRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        using var meters = new CountingMeterFactory();
        using var service = Metered(fixture, repository!, meters, adapter);
        var pending = await PendingConnectPastItsDeadlineAsync(fixture, service, adapter, gate);
        repository!.AnswerSavesOf(pending.Key, SaveOutcome.KeyConflict, count: 1);

        Assert.Equal(0, (await service.SweepAsync(CancellationToken.None)).ConnectsAbandoned);

        Assert.Equal(1, repository.Answered);
        Assert.Empty(meters.Conflicts);
        gate.Answer(ProviderCallResult.Success);
        await pending.Connect;
    }

    /// <summary>A connect on <paramref name="service"/> that waits for its provider, well past its reservation's deadline.</summary>
    private static async Task<(IdempotencyKey Key, Task<ConnectedAppsResult> Connect)> PendingConnectPastItsDeadlineAsync(
        ServiceFixture fixture, ConnectedAppsService service, FakeAdapter adapter, ConnectGate gate)
    {
        var key = IdempotencyKey.New();
        var connect = service.ConnectAsync(new ConnectAppCommand(ServiceFixture.StoreId, adapter.Key, FakeAdapter.ValidSetup, StoreFixture.Merchant, key), CancellationToken.None);
        await gate.WaitUntilCalledAsync(connect);
        fixture.Clock.Advance(Duration.FromTimeSpan(fixture.Options.PendingReservationLifetime) + Duration.FromMinutes(6));
        return (key, connect);
    }

    /// <summary>A service on the fixture's repository (as wrapped), clock, options and log, whose meter comes from <paramref name="meters"/>.</summary>
    private static ConnectedAppsService Metered(ServiceFixture fixture, IStoreRepository repository, CountingMeterFactory meters, params IIntegrationProvider[] extra) =>
        new(repository, BuiltInSetups.Adapters.Concat(extra), [], fixture.Clock, Microsoft.Extensions.Options.Options.Create(fixture.Options), fixture.Logger, meters);
}
