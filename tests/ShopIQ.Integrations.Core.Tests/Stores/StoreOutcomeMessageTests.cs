using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// The busiest outcomes write their message only when it is read. It must still say what the operation did, with
/// the counts right after it, however much the store changed before the message was read (R18: merchants are told
/// what happened, not what is true now).
/// </summary>
public sealed class StoreOutcomeMessageTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public void R3_ConnectedAndDisconnected_MessagesReadLater_GiveTheCountsRightAfterEachOperation()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;

        var first = store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);
        var second = store.Connect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), Merchant);
        var gone = store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant);
        store.Disconnect(BuiltInProviders.AmazonSellerCentral.Key, Merchant);
        store.ChangePlan(TestPlans.Growth.Id, Merchant);

        Assert.Equal("Meta Pixel is connected; 1 of 3 slots in use.", first.Message);
        Assert.Equal("Amazon Seller Central is connected; 2 of 3 slots in use.", second.Message);
        Assert.Equal("Meta Pixel is disconnected; its slot is free (1 of 3 in use).", gone.Message);
        Assert.Same(first.Message, first.Message);
        Assert.Equal($"{OutcomeStatus.Connected}: {first.Message}", first.ToString());
    }

    [Fact]
    public void R6_Reserved_MessageReadAfterTheSetupCompleted_StillGivesTheDeadlineAndCount()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var deadline = fixture.Clock.GetCurrentInstant() + store.Policy.PendingReservationLifetime;

        var reserved = store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);
        store.CompleteConnect(BuiltInProviders.Shiprocket.Key, Merchant);
        fixture.Clock.Advance(Duration.FromHours(2));
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.Equal($"A slot is reserved for Shiprocket until {deadline}; 1 of 3 in use.", reserved.Message);
    }

    [Fact]
    public async Task R18_LazyMessage_ReadFromManyThreadsAtOnce_IsTheSameText()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;
        var outcome = store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        var messages = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => outcome.Message)));

        Assert.All(messages, m => Assert.Equal("Meta Pixel is connected; 1 of 3 slots in use.", m));
    }
}
