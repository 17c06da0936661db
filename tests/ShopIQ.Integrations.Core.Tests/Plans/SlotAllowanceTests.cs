namespace ShopIQ.Integrations.Core.Tests.Plans;

/// <summary>The allowance a slot count is checked against (R3), the excess a downgrade must shed (R12), and "raised" for catalog edits (R13).</summary>
public sealed class SlotAllowanceTests
{
    [Theory]
    [InlineData(3, 0, true)]
    [InlineData(3, 2, true)]
    [InlineData(3, 3, true)]
    [InlineData(3, 4, false)]
    [InlineData(0, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(10, 11, false)]
    public void R3_Covers_SlotCount_IsTrueOnlyWithinTheAllowance(int slots, int used, bool covered)
    {
        Assert.Equal(covered, SlotAllowance.Of(slots).Covers(used));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public void R3_Covers_Unlimited_CoversAnyCount(int used)
    {
        Assert.True(SlotAllowance.Unlimited.Covers(used));
    }

    [Fact]
    public void R3_Default_IsAZeroSlotAllowance()
    {
        var allowance = default(SlotAllowance);

        Assert.Equal(SlotAllowance.Of(0), allowance);
        Assert.False(allowance.IsUnlimited);
        Assert.Equal(0, allowance.Slots);
        Assert.False(allowance.Covers(1));
    }

    [Fact]
    public void R3_Unlimited_HasNoSlotCount()
    {
        Assert.True(SlotAllowance.Unlimited.IsUnlimited);
        Assert.Null(SlotAllowance.Unlimited.Slots);
        Assert.Equal("unlimited", SlotAllowance.Unlimited.ToString());
        Assert.NotEqual(SlotAllowance.Of(0), SlotAllowance.Unlimited);
    }

    [Theory]
    [InlineData(3, 5, 2)]
    [InlineData(3, 4, 1)]
    [InlineData(3, 3, 0)]
    [InlineData(3, 1, 0)]
    [InlineData(0, 5, 5)]
    public void R12_Excess_SlotsInUse_IsHowManyAppsMustGo(int slots, int used, int excess)
    {
        Assert.Equal(excess, SlotAllowance.Of(slots).Excess(used));
    }

    [Fact]
    public void R12_Excess_Unlimited_IsZero()
    {
        Assert.Equal(0, SlotAllowance.Unlimited.Excess(1_000_000));
    }

    [Theory]
    [InlineData(4, 3, true)]
    [InlineData(3, 3, false)]
    [InlineData(2, 3, false)]
    [InlineData(1, 0, true)]
    public void R13_IsGreaterThan_TwoCounts_ComparesSlots(int left, int right, bool greater)
    {
        Assert.Equal(greater, SlotAllowance.Of(left).IsGreaterThan(SlotAllowance.Of(right)));
    }

    [Fact]
    public void R13_IsGreaterThan_Unlimited_IsAboveEveryCountButNotItself()
    {
        Assert.True(SlotAllowance.Unlimited.IsGreaterThan(SlotAllowance.Of(1_000)));
        Assert.False(SlotAllowance.Of(1_000).IsGreaterThan(SlotAllowance.Unlimited));
        Assert.False(SlotAllowance.Unlimited.IsGreaterThan(SlotAllowance.Unlimited));
    }
}
