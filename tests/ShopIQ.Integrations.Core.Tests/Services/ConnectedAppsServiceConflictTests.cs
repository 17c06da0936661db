using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>Optimistic concurrency: a conflicting save is retried on a fresh load, up to the configured limit.</summary>
public sealed class ConnectedAppsServiceConflictTests
{
    [Fact]
    public async Task Connect_EverySaveConflicts_AnswersConflictAfterTheRetriesWithNothingSavedOrCalled()
    {
        var adapter = FakeAdapter.Advertising();
        ConflictingRepository? repository = null;
        using var fixture = await new ServiceFixture([adapter], o => o.MaxConflictRetries = 3, r => repository = new ConflictingRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        var versionBefore = (await fixture.StoreAsync()).Version;
        repository!.ConflictOnNextSaves(int.MaxValue);

        var result = await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.Equal(OutcomeStatus.Conflict, result.Status);
        Assert.False(result.IsSuccess);
        Assert.Equal(fixture.Options.MaxConflictRetries + 1, repository.SaveAttempts);
        Assert.Equal(0, adapter.ConnectCalls);
        Assert.Equal(versionBefore, (await fixture.StoreAsync()).Version);
        Assert.Empty(fixture.Sink.Events);
        Assert.Equal(
            [.. Enumerable.Range(1, 3).Select(a => $"Connect on store store-1: version conflict on attempt {a}, retrying")],
            fixture.Logged(2));
        Assert.Equal(["Connect on store store-1: gave up after 4 version conflicts"], fixture.Logged(3));
        Assert.Equal(
            "Store 'store-1' was changed by other callers on each of 4 attempts; nothing was saved. Try again.",
            result.Message);
    }

    [Fact]
    public async Task Connect_FirstSaveConflicts_RetriesAndCompletes()
    {
        var adapter = FakeAdapter.Advertising();
        ConflictingRepository? repository = null;
        using var fixture = await new ServiceFixture([adapter], _ => { }, r => repository = new ConflictingRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        repository!.ConflictOnNextSaves(1);

        var result = await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.Connected, result.Status);
        Assert.Equal(3, repository.SaveAttempts); // the conflict, the reservation, the activation
        Assert.Equal(1, adapter.ConnectCalls);
        Assert.Equal(1, (await fixture.StoreAsync()).SlotsInUse);
        Assert.Single(fixture.Sink.Events.OfType<ConnectionReserved>());
        Assert.Equal(["Connect on store store-1: version conflict on attempt 1, retrying"], fixture.Logged(2));
        Assert.Empty(fixture.Logged(3));
    }
}
