using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// The answers the service gives of its own (not the store's) read as merchant text and name what they are about: a
/// store that does not exist or exists already, a key used for another command or still in use. Each is checked word
/// for word, with the status and the version it carries.
/// </summary>
public sealed class ServiceAnswerWordingTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public async Task EveryKindOfCommand_OnAStoreThatDoesNotExist_AnswersStoreNotFound()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = new ServiceFixture([adapter], _ => { });
        var service = fixture.Service;
        var none = CancellationToken.None;

        var answers = new[]
        {
            await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup),
            await service.ReconnectAsync(new ReconnectAppCommand(StoreId, adapter.Key, FakeAdapter.ValidSetup, Merchant, IdempotencyKey.New()), none),
            await service.ReplaceAsync(new ReplaceAppCommand(StoreId, BuiltInProviders.MetaPixel.Key, adapter.Key, FakeAdapter.ValidSetup, Merchant, IdempotencyKey.New()), none),
            await service.DisconnectAsync(new DisconnectAppCommand(StoreId, adapter.Key, Merchant, IdempotencyKey.New()), none),
            await service.CheckHealthAsync(new CheckHealthCommand(StoreId, adapter.Key, Merchant, IdempotencyKey.New()), none),
            await service.UseAiCreditsAsync(new UseAiCreditsCommand(StoreId, 1, AiUsePurpose.Analyze, Merchant, IdempotencyKey.New()), none),
        };

        Assert.All(answers, a => Assert.Equal((OutcomeStatus.StoreNotFound, "No store with the id 'store-1' exists.", 0L, false), (a.Status, a.Message, a.StoreVersion, a.IsReplay)));
        Assert.Equal(0, adapter.ConnectCalls);
        Assert.Null(await service.GetStoreAsync(StoreId, none));
        Assert.Null(await service.AssessImpactAsync(StoreId, adapter.Key, none));
    }

    [Fact]
    public async Task OpeningAStoreAgainWithANewKey_AnswersAlreadyExistsAtItsVersion()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);

        var again = await fixture.Service.OpenStoreAsync(new OpenStoreCommand(StoreId, TestPlans.Growth.Id, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.StoreAlreadyExists, again.Status);
        Assert.Equal("The store 'store-1' already exists.", again.Message);
        Assert.Equal((await fixture.StoreAsync()).Version, again.StoreVersion);
        Assert.Equal(TestPlans.Starter.Id, (await fixture.StoreAsync()).PlanId);
    }

    [Fact]
    public async Task AKeyUsedForAnotherCommand_IsNamedWithTheStoreInTheAnswer()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        var key = IdempotencyKey.New();
        await fixture.Service.UseAiCreditsAsync(new UseAiCreditsCommand(StoreId, 1, AiUsePurpose.Analyze, Merchant, key), CancellationToken.None);
        var version = (await fixture.StoreAsync()).Version;

        var reused = await fixture.Service.UseAiCreditsAsync(new UseAiCreditsCommand(StoreId, 2, AiUsePurpose.Analyze, Merchant, key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.KeyReused, reused.Status);
        Assert.Equal($"The idempotency key '{key}' was already used on store 'store-1' for another command; use a new key.", reused.Message);
        Assert.Equal(version, reused.StoreVersion);
        Assert.False(reused.IsReplay);
    }

    [Fact]
    public async Task AKeyStillConnecting_AnswersInProgressNamingTheKeyAndTheApp()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var key = IdempotencyKey.New();
        var first = fixture.Service.ConnectAsync(new ConnectAppCommand(StoreId, adapter.Key, FakeAdapter.ValidSetup, Merchant, key), CancellationToken.None);
        await gate.WaitUntilCalledAsync(first);

        var during = await fixture.Service.ConnectAsync(new ConnectAppCommand(StoreId, adapter.Key, FakeAdapter.ValidSetup, Merchant, key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.InProgress, during.Status);
        Assert.Equal($"The connect with key '{key}' is still waiting for the provider; its slot is reserved.", during.Message);
        Assert.Equal(adapter.Key, during.Provider);
        Assert.Equal((await fixture.StoreAsync()).Version, during.StoreVersion);
        gate.Answer(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.Connected, (await first).Status);
    }

    [Fact]
    public void AResult_ReadsAsItsStatusAndMessage_AndSaysWhenItIsAReplay()
    {
        var result = ConnectedAppsResult.Service(OutcomeStatus.StoreNotFound, "No store.", null, null, 0);
        var record = result.ToRecord(IdempotencyKey.New(), "fingerprint", true, StoreFixture.Start);

        Assert.Equal("StoreNotFound: No store.", result.ToString());
        Assert.Equal("StoreNotFound (replayed): No store.", ConnectedAppsResult.Replay(record).ToString());
    }
}
