using NodaTime;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// A connection id made from a name is the first 16 bytes of the name's SHA-256 marked as a version-8, RFC 4122
/// variant UUID (R15): ledgers and snapshots already written hold these ids, so a store rebuilt by any later version
/// of the library must make the very same ones. The expected ids were worked out apart from the library, from that
/// rule alone.
/// </summary>
public sealed class ConnectionIdFormatTests
{
    [Theory]
    [InlineData("store-1", 1, "c3aed598-4838-8904-bdba-efe3946f5dd6")]
    [InlineData("store-1", 2, "8e79cb14-66b7-8bf7-8e1c-1026d42c14d6")]
    [InlineData("store-2", 1, "998833f7-7c9b-8a6e-a6b9-6d16844908c9")]
    public void R15_ForEntry_IsTheMarkedHashOfTheStoreAndTheSequence(string store, long sequence, string expected)
    {
        var id = ConnectionId.ForEntry(new StoreId(store), sequence);

        Assert.Equal(expected, id.ToString());
        Assert.Equal('8', expected[14]); // the version
        Assert.Contains(expected[19], "89ab"); // the variant
    }

    [Fact]
    public void R15_Derive_IsTheMarkedHashOfTheStoreTheProviderAndTheConnectedAtTicks()
    {
        var id = ConnectionId.Derive(new StoreId("store-1"), new ProviderKey("meta-pixel"), Instant.FromUnixTimeTicks(17_000_000_000_000_000));

        Assert.Equal("1f423782-c565-8c8c-8f25-2d739c20600a", id.ToString());
    }

    [Fact]
    public void New_GivesADifferentNonEmptyIdEachTime()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => ConnectionId.New()).ToHashSet();

        Assert.Equal(100, ids.Count);
        Assert.DoesNotContain(ids, i => i.Value == Guid.Empty);
    }

    [Fact]
    public void BadIds_AreRefusedWithTheArgumentNamedAndTheTextQuoted()
    {
        var empty = Assert.Throws<ArgumentException>(() => new ConnectionId(Guid.Empty));
        Assert.Equal("value", empty.ParamName);
        Assert.StartsWith("A connection id is never the empty GUID.", empty.Message, StringComparison.Ordinal);

        var notAnId = Assert.Throws<ArgumentException>(() => ConnectionId.Parse("x"));
        Assert.Equal("value", notAnId.ParamName);
        Assert.Contains("'x'", notAnId.Message, StringComparison.Ordinal);
        Assert.Contains("36-character hyphenated form", notAnId.Message, StringComparison.Ordinal);

        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => ConnectionId.Parse(null!)).ParamName);
        Assert.Throws<ArgumentException>(() => ConnectionId.Parse(Guid.Empty.ToString()));

        // Only the hyphenated form: the braced, bare and parenthesised forms of a good GUID are refused.
        var good = ConnectionId.New().Value;
        foreach (var form in new[] { "B", "N", "P" })
        {
            Assert.False(ConnectionId.TryCreate(good.ToString(form), out var refused));
            Assert.Null(refused);
        }

        Assert.True(ConnectionId.TryCreate(good.ToString("D"), out var read));
        Assert.Equal(good, read.Value);
    }
}
