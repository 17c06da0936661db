using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// The store and the service answer a case with the same word (docs/results.md), and a resend answers the first
/// result again in full: the same status, message, app and typed details.
/// </summary>
public sealed class ResultsVocabularyTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public async Task UnknownPlan_IsTheSameAnswerFromStoreOpenAndFromOpenStoreAsync()
    {
        using var fixture = new ServiceFixture();
        var fromService = await fixture.Service.OpenStoreAsync(new OpenStoreCommand(StoreId, new PlanId("platinum"), Merchant, IdempotencyKey.New()), CancellationToken.None);
        var fromStore = Store.Open(StoreId, new PlanId("platinum"), fixture.Service.Policy, new FakeClock(StoreFixture.Start), Merchant, out var store);

        Assert.Null(store);
        Assert.Equal(OutcomeStatus.UnknownPlan, fromStore.Status);
        Assert.Equal(fromStore.Status, fromService.Status);
        Assert.Equal(fromStore.Message, fromService.Message);
        Assert.False(fromService.IsSuccess);
        Assert.Null(await fixture.Service.GetStoreAsync(StoreId, CancellationToken.None));
    }

    [Fact]
    public async Task OpenedStore_AnswersStoreOpenedWithItsPlan_FromBoth()
    {
        using var fixture = new ServiceFixture();
        var fromService = await fixture.Service.OpenStoreAsync(new OpenStoreCommand(StoreId, TestPlans.Starter.Id, Merchant, IdempotencyKey.New()), CancellationToken.None);
        var fromStore = Store.Open(StoreId, TestPlans.Starter.Id, fixture.Service.Policy, new FakeClock(StoreFixture.Start), Merchant, out var store);

        Assert.NotNull(store);
        Assert.Equal(OutcomeStatus.StoreOpened, fromStore.Status);
        Assert.Equal(OutcomeStatus.StoreOpened, fromService.Status);
        Assert.Equal(TestPlans.Starter, fromStore.Plan());
        Assert.Equal(TestPlans.Starter, fromService.Plan());
        Assert.True(fromService.IsSuccess);
    }

    [Fact]
    public async Task Connect_AnswersConnected_FromTheStoreAndFromTheServiceAlike()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        var store = new StoreFixture(TestPlans.Starter).Store;

        var fromStore = store.Connect(BuiltInProviders.Razorpay, BuiltInProviders.Razorpay.CheckFields(BuiltInSetups.Razorpay), Merchant);
        var fromService = await fixture.ConnectAsync(BuiltInProviders.Razorpay.Key, BuiltInSetups.Razorpay);

        Assert.Equal(OutcomeStatus.Connected, fromStore.Status);
        Assert.Equal(OutcomeStatus.Connected, fromService.Status);
        Assert.Equal(BuiltInProviders.Razorpay.Key, fromService.App?.Key);
        Assert.Equal(ConnectionState.Active, fromService.App?.State);
        Assert.Null(fromService.Details);
    }

    [Fact]
    public async Task ProviderRefusal_IsOneWord_ProviderRefused_WithTheReleasedApp()
    {
        var adapter = FakeAdapter.Payments().Refusing("the key was revoked.");
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);

        var result = await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.Equal(OutcomeStatus.ProviderRefused, result.Status);
        Assert.False(result.IsSuccess);
        Assert.Contains("the key was revoked", result.Message, StringComparison.Ordinal);
        Assert.Equal(adapter.Key, result.App?.Key);
        Assert.Equal("ProviderRefused: " + result.Message, result.ToString());
        Assert.Equal(0, (await fixture.StoreAsync()).SlotsInUse);
    }

    [Fact]
    public async Task Resend_OfEachKindOfAnswer_AnswersTheFirstResultAgainInFull()
    {
        using var fixture = new ServiceFixture();
        var service = fixture.Service;
        var answers = new List<(ConnectedAppsResult First, ConnectedAppsResult Again)>();

        async Task<ConnectedAppsResult> TwiceAsync(ConnectedAppsCommand command)
        {
            var first = await ServiceCommands.SendAsync(service, command);
            var again = await ServiceCommands.SendAsync(service, command);
            answers.Add((first, again));
            return first;
        }

        ConnectAppCommand Connect(ProviderKey key, ProviderSetup setup) => new(StoreId, key, setup, Merchant, IdempotencyKey.New());

        Assert.Equal(OutcomeStatus.StoreOpened, (await TwiceAsync(new OpenStoreCommand(StoreId, TestPlans.Starter.Id, Merchant, IdempotencyKey.New()))).Status);
        Assert.Equal(OutcomeStatus.SetupInvalid, (await TwiceAsync(Connect(BuiltInProviders.Razorpay.Key, ProviderSetup.Empty))).Status);
        Assert.Equal(OutcomeStatus.NativeFeature, (await TwiceAsync(Connect(NativeFeatures.KeyOf(NativeFeature.AiChat), ProviderSetup.Empty))).Status);
        foreach (var provider in new[] { BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati })
        {
            Assert.Equal(OutcomeStatus.Connected, (await TwiceAsync(Connect(provider.Key, BuiltInSetups.For(provider.Key)))).Status);
        }

        Assert.Equal(OutcomeStatus.AlreadyConnected, (await TwiceAsync(Connect(BuiltInProviders.Wati.Key, BuiltInSetups.Wati))).Status);
        Assert.Equal(OutcomeStatus.LimitReached, (await TwiceAsync(Connect(BuiltInProviders.GoogleAnalytics.Key, BuiltInSetups.GoogleAnalytics))).Status);
        Assert.Equal(OutcomeStatus.AcknowledgementRequired, (await TwiceAsync(new DisconnectAppCommand(StoreId, BuiltInProviders.Razorpay.Key, Merchant, IdempotencyKey.New()))).Status);
        Assert.Equal(OutcomeStatus.DowngradeNeedsDisconnects, (await TwiceAsync(new ChangePlanCommand(StoreId, TestPlans.Free.Id, Merchant, IdempotencyKey.New()))).Status);
        var wati = (await service.AssessImpactAsync(StoreId, BuiltInProviders.Wati.Key, CancellationToken.None))!.Assessment;
        Assert.Equal(OutcomeStatus.Replaced, (await TwiceAsync(new ReplaceAppCommand(
            StoreId, BuiltInProviders.Wati.Key, BuiltInProviders.GoogleAnalytics.Key, BuiltInSetups.GoogleAnalytics, wati.Acknowledge(), Merchant, IdempotencyKey.New()))).Status);
        var razorpay = (await service.AssessImpactAsync(StoreId, BuiltInProviders.Razorpay.Key, CancellationToken.None))!.Assessment;
        Assert.Equal(OutcomeStatus.Disconnected, (await TwiceAsync(new DisconnectAppCommand(StoreId, BuiltInProviders.Razorpay.Key, razorpay.Acknowledge(), Merchant, IdempotencyKey.New()))).Status);
        Assert.Equal(OutcomeStatus.PlanChanged, (await TwiceAsync(new ChangePlanCommand(StoreId, TestPlans.Growth.Id, Merchant, IdempotencyKey.New()))).Status);

        foreach (var (first, again) in answers)
        {
            Assert.False(first.IsReplay, first.ToString());
            Assert.True(again.IsReplay, again.ToString());
            Assert.Equal(ResultText.Of(first), ResultText.Of(again));
            Assert.Equal(first.Details?.GetType(), again.Details?.GetType());
        }

        // Every kind of details the table lists for these answers came back typed.
        Assert.Contains(answers, a => a.Again.Details is LimitGuidance { Options.Count: > 0 });
        Assert.Contains(answers, a => a.Again.Details is SetupInvalidDetails { Errors.Count: > 0 });
        Assert.Contains(answers, a => a.Again.Details is ImpactDetails);
        Assert.Contains(answers, a => a.Again.Details is ReplacementDetails { WorkflowsToTest.Count: > 0 });
        Assert.Contains(answers, a => a.Again.Details is DowngradeDetails { AppsToDisconnect: > 0 });
        Assert.Contains(answers, a => a.Again.Details is PlanDetails);
        Assert.Contains(answers, a => a.Again.Details is NativeFeatureDetails);
        Assert.Contains(answers, a => a.Again.App is not null && a.Again.Status == OutcomeStatus.Connected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("r9.AAAA")]
    [InlineData("r1.AAAAAAAA")]
    [InlineData("r2.not base64!")]
    [InlineData("r2.AQ==")]
    [InlineData("r2.AAAAAAAA")]
    public void ResultData_ThatThisVersionCannotRead_ReplaysWithoutAppAndDetails(string? text)
    {
        var (app, details) = ResultDataFormat.Read(text);

        Assert.Null(app);
        Assert.Null(details);
    }

    [Fact]
    public void ResultData_WithNeitherAppNorDetails_IsNull() => Assert.Null(ResultDataFormat.Write(null, null));
}
