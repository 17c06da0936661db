using ShopIQ.Integrations.Core.Tests.BadInput;

namespace ShopIQ.Integrations.Core.Tests.Providers;

/// <summary>One live fact for an impact assessment: a provider, what is counted, and a count of zero or more (R19).</summary>
public sealed class LiveFactTests
{
    private static readonly ProviderKey Shiprocket = new("shiprocket");

    [Theory]
    [InlineData(LiveFactKind.ShipmentsInTransit, 0)]
    [InlineData(LiveFactKind.OrdersAwaitingPayment, 3)]
    [InlineData(LiveFactKind.OpenMarketplaceOrders, int.MaxValue)]
    public void R19_Constructor_ValidFact_KeepsItsValues(LiveFactKind kind, int count)
    {
        var fact = new LiveFact(Shiprocket, kind, count);

        Assert.Equal(Shiprocket, fact.Provider);
        Assert.Equal(kind, fact.Kind);
        Assert.Equal(count, fact.Count);
        Assert.Equal($"shiprocket: {count} {kind}", fact.ToString());
    }

    [Fact]
    public void Equality_IsByProviderKindAndCount()
    {
        var fact = new LiveFact(Shiprocket, LiveFactKind.ShipmentsInTransit, 3);

        Assert.Equal(new LiveFact(new ProviderKey("shiprocket"), LiveFactKind.ShipmentsInTransit, 3), fact);
        Assert.NotEqual(new LiveFact(new ProviderKey("delhivery"), LiveFactKind.ShipmentsInTransit, 3), fact);
        Assert.NotEqual(new LiveFact(Shiprocket, LiveFactKind.ScheduledCampaigns, 3), fact);
        Assert.NotEqual(new LiveFact(Shiprocket, LiveFactKind.ShipmentsInTransit, 4), fact);
    }

    [Fact]
    public void R19_AtLeast_IsALowerBoundThatReadsOrMore()
    {
        var fact = LiveFact.AtLeast(Shiprocket, LiveFactKind.ShipmentsInTransit, 100);

        Assert.True(fact.IsLowerBound);
        Assert.False(new LiveFact(Shiprocket, LiveFactKind.ShipmentsInTransit, 100).IsLowerBound);
        Assert.Equal(100, fact.Count);
        Assert.Equal("shiprocket: 100 or more ShipmentsInTransit", fact.ToString());
        Assert.NotEqual(new LiveFact(Shiprocket, LiveFactKind.ShipmentsInTransit, 100), fact);
        Assert.Equal(LiveFact.AtLeast(new ProviderKey("shiprocket"), LiveFactKind.ShipmentsInTransit, 100), fact);
    }

    [Fact]
    public void AtLeast_ChecksItsArguments()
    {
        BadInputAssert.Throws<ArgumentNullException>("provider", () => LiveFact.AtLeast(null!, LiveFactKind.ShipmentsInTransit, 1));
        BadInputAssert.Throws<ArgumentOutOfRangeException>("count", () => LiveFact.AtLeast(Shiprocket, LiveFactKind.ShipmentsInTransit, -1), "-1");
        BadInputAssert.Throws<ArgumentOutOfRangeException>("kind", () => LiveFact.AtLeast(Shiprocket, (LiveFactKind)99, 1), "99", nameof(LiveFactKind));
    }

    [Fact]
    public void Constructor_NullProvider_ThrowsArgumentNullException() =>
        BadInputAssert.Throws<ArgumentNullException>("provider", () => new LiveFact(null!, LiveFactKind.ShipmentsInTransit, 1));

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Constructor_NegativeCount_ThrowsArgumentOutOfRangeExceptionNamingCount(int count) =>
        BadInputAssert.Throws<ArgumentOutOfRangeException>("count", () => new LiveFact(Shiprocket, LiveFactKind.ShipmentsInTransit, count), $"{count}");

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    [InlineData(99)]
    public void Constructor_UndefinedKind_ThrowsArgumentOutOfRangeExceptionNamingKind(int undefined) =>
        BadInputAssert.Throws<ArgumentOutOfRangeException>("kind", () => new LiveFact(Shiprocket, (LiveFactKind)undefined, 1), $"{undefined}", nameof(LiveFactKind));
}
