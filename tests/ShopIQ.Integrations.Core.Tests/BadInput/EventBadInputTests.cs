using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.BadInput;

/// <summary>Events check their arguments: an event that exists says something true about its shape (R18).</summary>
public sealed class EventBadInputTests
{
    private static readonly StoreId Store = new("store-1");
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly Instant At = StoreFixture.Start;
    private static readonly ProviderKey Key = new("razorpay");
    private static readonly ConnectionId Id = ConnectionId.New();
    private static readonly SlotAllowance Three = SlotAllowance.Of(3);

    [Fact]
    public void Constructors_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new AppConnected(null!, Merchant, At, Key, Id, ProviderCategory.Payments, 1, Three));
        Assert.Throws<ArgumentNullException>(() => new AppConnected(Store, null!, At, Key, Id, ProviderCategory.Payments, 1, Three));
        Assert.Throws<ArgumentNullException>(() => new AppConnected(Store, Merchant, At, null!, Id, ProviderCategory.Payments, 1, Three));
        Assert.Throws<ArgumentNullException>(() => new ConnectionReserved(Store, Merchant, At, Key, null!, At, 1, Three));
        Assert.Throws<ArgumentNullException>(() => new ConnectionActivated(Store, Merchant, At, Key, null!));
        Assert.Throws<ArgumentNullException>(() => new ReservationReleased(Store, Merchant, At, Key, null!, 0, Three));
        Assert.Throws<ArgumentNullException>(() => new ReservationExpired(Store, Merchant, At, Key, null!, At, 0, Three));
        Assert.Throws<ArgumentNullException>(() => new AppDisconnected(Store, Merchant, At, Key, null!, 0, Three));
        Assert.Throws<ArgumentNullException>(() => new AppReplaced(Store, Merchant, At, Key, null!, Key, Id, 1, Three));
        Assert.Throws<ArgumentNullException>(() => new AppNeedsAttention(Store, Merchant, At, Key, null!, AttentionReason.CredentialsExpired));
        Assert.Throws<ArgumentNullException>(() => new AppReconnected(Store, Merchant, At, Key, null!));
        Assert.Throws<ArgumentNullException>(() => new PlanChanged(Store, Merchant, At, null!, TestPlans.Starter.Id, Three, 0));
        Assert.Throws<ArgumentNullException>(() => new AllowanceRaised(Store, Merchant, At, null!, Three, Three));
        Assert.Throws<ArgumentNullException>(() => new ConnectRefusedAtLimit(Store, Merchant, At, null!, 3, Three));
    }

    [Fact]
    public void Constructors_UndefinedEnumsNegativeCountsAndBadThresholds_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AppConnected(Store, Merchant, At, Key, Id, (ProviderCategory)999, 1, Three));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AppNeedsAttention(Store, Merchant, At, Key, Id, (AttentionReason)999));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AppDisconnected(Store, Merchant, At, Key, Id, -1, Three));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlanChanged(Store, Merchant, At, TestPlans.Free.Id, TestPlans.Starter.Id, Three, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlotsNearlyFull(Store, Merchant, At, 2, Three, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlotsNearlyFull(Store, Merchant, At, 2, Three, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlotsNearlyFull(Store, Merchant, At, -2, Three, 0.8));
    }

    [Fact]
    public void ToString_NamesTheEventAndEveryProperty_AndEqualityIsByReference()
    {
        var one = new AppReconnected(Store, Merchant, At, Key, Id);
        var same = new AppReconnected(Store, Merchant, At, Key, Id);

        Assert.Equal($"AppReconnected {{ StoreId = store-1, Actor = {Merchant}, At = {At}, Provider = razorpay, ConnectionId = {Id} }}", one.ToString());
        Assert.Equal(one.ToString(), same.ToString());
        Assert.NotEqual<StoreEvent>(one, same);
    }
}
