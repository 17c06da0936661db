using Microsoft.Extensions.Logging.Abstractions;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>One instance's callers on one store take turns from load to save instead of colliding on its version.</summary>
public sealed class ConnectedAppsServiceGateTests
{
    [Fact]
    public async Task R3_SixteenCallersOfOneInstanceOnOneStore_QueueWithoutAVersionConflict()
    {
        var repository = new ConflictingRepository(new InMemoryStoreRepository());
        using var service = new ConnectedAppsService(
            repository, BuiltInSetups.Adapters, [], new FakeClock(StoreFixture.Start),
            Microsoft.Extensions.Options.Options.Create(ServiceFixture.TestOptions()), NullLogger<ConnectedAppsService>.Instance, null);
        var id = new StoreId("gate-1");
        Assert.True((await service.OpenStoreAsync(new OpenStoreCommand(id, TestPlans.Starter.Id, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None)).IsSuccess);
        var attemptsBefore = repository.SaveAttempts;
        using var start = new Barrier(16);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return service.UseAiCreditsAsync(new UseAiCreditsCommand(id, 1, AiUsePurpose.Summarize, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        })));

        Assert.All(answers, a => Assert.False(a.IsReplay));
        Assert.Equal(16, repository.SaveAttempts - attemptsBefore);
        var store = await service.GetStoreAsync(id, CancellationToken.None);
        Assert.Equal(TestPlans.Starter.AiCredits - 16, store!.AiCreditBalance);
    }
}
