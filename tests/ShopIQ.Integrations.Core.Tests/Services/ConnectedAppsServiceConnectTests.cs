using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>The connect flow of the service: setup check, reservation, the adapter's answer, release (R1, R2, R4, R5, R6, R11).</summary>
public sealed class ConnectedAppsServiceConnectTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public async Task R5_Connect_InvalidSetup_AnswersSetupInvalidWithoutASlotOrACallToTheProvider()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var versionBefore = (await fixture.StoreAsync()).Version;
        var key = IdempotencyKey.New();
        var withoutToken = ProviderSetup.Empty.With(FakeAdapter.AccountField, "acct-1001");

        var result = await fixture.Service.ConnectAsync(new ConnectAppCommand(StoreId, adapter.Key, withoutToken, Merchant, key), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.SetupInvalid, result.Status);
        Assert.Contains(result.SetupErrors(), e => e.Field == FakeAdapter.TokenField);
        Assert.Equal(0, adapter.ConnectCalls);
        var store = await fixture.StoreAsync();
        Assert.Equal(0, store.SlotsInUse);
        Assert.Equal(versionBefore, store.Version);
        var record = (await fixture.Repository.LoadAsync(StoreId, key, CancellationToken.None)).Record;
        Assert.NotNull(record);
        Assert.True(record.IsFinal);
        Assert.Equal(OutcomeStatus.SetupInvalid, record.Status);
    }

    [Fact]
    public async Task R6_Connect_ValidSetup_SavesThePendingReservationBeforeCallingTheProvider()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);

        var connect = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await gate.WaitUntilCalledAsync(connect);

        var during = await fixture.StoreAsync();
        var pending = Assert.Single(during.GetApps());
        Assert.Equal(adapter.Key, pending.Key);
        Assert.Equal(ConnectionState.Pending, pending.State);
        Assert.Equal(1, during.SlotsInUse);
        Assert.Equal(SlotEntryKind.Reserved, (await fixture.LedgerAsync()).Entries[^1].Kind);
        Assert.Contains(fixture.Sink.Events, e => e is ConnectionReserved r && r.Provider == adapter.Key);
        Assert.DoesNotContain(fixture.Sink.Events, e => e is ConnectionActivated);

        gate.Answer(ProviderCallResult.Success);
        var result = await connect;

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.Connected, result.Status);
        var after = await fixture.StoreAsync();
        Assert.Equal(ConnectionState.Active, Assert.Single(after.GetApps()).State);
        Assert.Equal(1, after.SlotsInUse);
        Assert.Equal(SlotEntryKind.Activated, (await fixture.LedgerAsync()).Entries[^1].Kind);
        Assert.Contains(fixture.Sink.Events, e => e is ConnectionActivated a && a.Provider == adapter.Key);
    }

    [Fact]
    public async Task R6_Connect_ProviderRefuses_AnswersProviderRefusedWithTheReasonAndReleasesTheSlot()
    {
        const string reason = "The account id does not belong to this API token.";
        var adapter = FakeAdapter.Advertising().Refusing(reason);
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);

        var result = await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.Equal(OutcomeStatus.ProviderRefused, result.Status);
        Assert.False(result.IsSuccess);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
        await AssertReleasedAsync(fixture, adapter.Key);
    }

    [Fact]
    public async Task R5_Connect_ProviderThrowsWithTheSecretInItsMessage_AnswersProviderFailedWithoutTheSecret()
    {
        var adapter = FakeAdapter.Advertising().ThrowingWithSecret();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var key = IdempotencyKey.New();

        var result = await fixture.Service.ConnectAsync(new ConnectAppCommand(StoreId, adapter.Key, FakeAdapter.ValidSetup, Merchant, key), CancellationToken.None);

        Assert.Equal(1, adapter.ConnectCalls);
        Assert.Equal(OutcomeStatus.ProviderFailed, result.Status);
        Assert.DoesNotContain(FakeAdapter.Token, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeAdapter.Token, result.ToString(), StringComparison.Ordinal);
        var record = (await fixture.Repository.LoadAsync(StoreId, key, CancellationToken.None)).Record;
        Assert.DoesNotContain(FakeAdapter.Token, record!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeAdapter.Token, record.Fingerprint, StringComparison.Ordinal);
        var store = await AssertReleasedAsync(fixture, adapter.Key);
        Assert.All((await fixture.LedgerAsync()).Entries, e => Assert.DoesNotContain(FakeAdapter.Token, e.ToString(), StringComparison.Ordinal));
        Assert.All(fixture.Sink.Events, e => Assert.DoesNotContain(FakeAdapter.Token, e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task R5_Connect_ProviderRefusesRepeatingTheSecret_AnswersTheReasonWithTheSecretRedacted()
    {
        var adapter = FakeAdapter.Advertising();
        adapter.OnConnect = (setup, _) => Task.FromResult(ProviderCallResult.Refused($"Token {setup.GetSecret(FakeAdapter.TokenField)!.Reveal()} was revoked."));
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);

        var result = await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.Equal(OutcomeStatus.ProviderRefused, result.Status);
        Assert.Contains($"Token {SecretValue.Redacted} was revoked.", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeAdapter.Token, result.Message, StringComparison.Ordinal);
        await AssertReleasedAsync(fixture, adapter.Key);
    }

    [Fact]
    public async Task R6_Connect_ProviderNeverAnswers_AnswersProviderFailedAfterTheConnectTimeoutAndReleasesTheSlot()
    {
        var adapter = FakeAdapter.Advertising().NeverAnswering();
        using var fixture = await new ServiceFixture([adapter], o => o.ConnectTimeout = TimeSpan.FromMilliseconds(50)).OpenAsync(TestPlans.Starter);

        var result = await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.Equal(OutcomeStatus.ProviderFailed, result.Status);
        await AssertReleasedAsync(fixture, adapter.Key);
    }

    [Fact]
    public async Task R6_Connect_CallerCancelsWhileTheProviderWaits_ThrowsAndReleasesTheReservation()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        using var cancellation = new CancellationTokenSource();

        var connect = fixture.Service.ConnectAsync(new ConnectAppCommand(StoreId, adapter.Key, FakeAdapter.ValidSetup, Merchant, IdempotencyKey.New()), cancellation.Token);
        await gate.WaitUntilCalledAsync(connect);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect);
        await AssertReleasedAsync(fixture, adapter.Key);
    }

    [Fact]
    public async Task R11_Connect_AtTheLimit_AnswersLimitReachedWithGuidanceInOrderAndNeverCallsTheProvider()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        fixture.Clock.Advance(Duration.FromDays(31));
        var versionBefore = (await fixture.StoreAsync()).Version;

        var result = await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.LimitReached, result.Status);
        Assert.Equal(0, adapter.ConnectCalls);
        var guidance = result.Guidance();
        Assert.NotNull(guidance);
        Assert.Equal(
            [LimitOptionKind.DisconnectUnusedApp, LimitOptionKind.ReplaceExistingApp, LimitOptionKind.UpgradePlan, LimitOptionKind.ContactSupport],
            guidance.Options.Select(o => o.Kind));
        Assert.Equal(TestPlans.Growth.Id, guidance.Options[2].Plans[0].Id);
        Assert.Equal(versionBefore, (await fixture.StoreAsync()).Version);
        Assert.Contains(fixture.Sink.Events, e => e is ConnectRefusedAtLimit r && r.Provider == adapter.Key);
    }

    [Fact]
    public async Task R2_Connect_NativeFeatureKey_AnswersNativeFeatureWithoutASlot()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);

        var result = await fixture.ConnectAsync(new ProviderKey("ai-chat"), ProviderSetup.Empty);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.NativeFeature, result.Status);
        Assert.Equal(NativeFeature.AiChat, result.NativeFeature());
        Assert.Equal(0, (await fixture.StoreAsync()).SlotsInUse);
    }

    [Fact]
    public async Task Connect_ProviderWithoutAnAdapter_AnswersProviderNotRegisteredAndChangesNothing()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        var versionBefore = (await fixture.StoreAsync()).Version;

        var result = await fixture.ConnectAsync(new ProviderKey("no-such-provider"), ProviderSetup.Empty);

        Assert.Equal(OutcomeStatus.ProviderNotRegistered, result.Status);
        Assert.Contains("no-such-provider", result.Message, StringComparison.Ordinal);
        Assert.Equal(versionBefore, (await fixture.StoreAsync()).Version);
    }

    [Fact]
    public async Task Connect_StoreDoesNotExist_AnswersStoreNotFoundWithoutCallingTheProvider()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = new ServiceFixture([adapter], _ => { });

        var result = await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.Equal(OutcomeStatus.StoreNotFound, result.Status);
        Assert.Equal(0, adapter.ConnectCalls);
        Assert.Null(await fixture.Service.GetStoreAsync(StoreId, CancellationToken.None));
    }

    [Fact]
    public async Task R4_Connect_AlreadyConnected_AnswersAlreadyConnectedWithoutASecondSlotOrCall()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        var result = await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.AlreadyConnected, result.Status);
        Assert.Equal(1, adapter.ConnectCalls);
        Assert.Equal(1, (await fixture.StoreAsync()).SlotsInUse);
    }

    /// <summary>The app is gone, its slot free, and the ledger's last entry is its release.</summary>
    private static async Task<Store> AssertReleasedAsync(ServiceFixture fixture, ProviderKey provider)
    {
        var store = await fixture.StoreAsync();
        Assert.Empty(store.GetApps());
        Assert.Equal(0, store.SlotsInUse);
        var last = (await fixture.LedgerAsync()).Entries[^1];
        Assert.Equal(SlotEntryKind.Released, last.Kind);
        Assert.Equal(provider, last.Provider);
        Assert.Contains(fixture.Sink.Events, e => e is ReservationReleased r && r.Provider == provider);
        return store;
    }
}
