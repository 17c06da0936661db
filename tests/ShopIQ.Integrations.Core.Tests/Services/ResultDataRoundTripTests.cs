using System.Buffers.Binary;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// A result's app and details are kept with its idempotency record, so a resend answers them as the first run did:
/// every kind of details reads back as written, and a stored text that is damaged (bytes left over, a value no enum
/// has) reads as neither app nor details rather than as something else.
/// </summary>
public sealed class ResultDataRoundTripTests
{
    public static TheoryData<string, OutcomeDetails> Details => new()
    {
        { "not in region", new AvailabilityDetails(ProviderAvailability.NotInRegion) },
        { "a native feature", new NativeFeatureDetails(NativeFeature.ProductCatalog) },
        { "support", new SupportDetails(new SupportRoute("help@shopiq.example", "partners@shopiq.example")) },
    };

    [Theory]
    [MemberData(nameof(Details))]
    public void DetailsOfEveryKind_ReadBackAsWritten(string what, OutcomeDetails details)
    {
        var (app, read) = ResultDataFormat.Read(ResultDataFormat.Write(null, details));

        Assert.Null(app);
        Assert.NotNull(read);
        Assert.Equal(details.GetType(), read.GetType());
        Assert.True(details.ToString() == read.ToString(), what);
        if (details is SupportDetails support)
        {
            Assert.Equal(
                (support.Support.Support, support.Support.ImplementationPartner),
                (((SupportDetails)read).Support.Support, ((SupportDetails)read).Support.ImplementationPartner));
        }
    }

    [Fact]
    public void AnAppNeedingAttention_ReadsBackWithItsStateAndReason()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        fixture.Store.MarkNeedsAttention(BuiltInProviders.MetaPixel.Key, AttentionReason.PermissionRemoved, StoreFixture.Merchant);
        var app = Assert.Single(fixture.Store.GetApps());

        var (read, details) = ResultDataFormat.Read(ResultDataFormat.Write(app, null));

        Assert.Null(details);
        Assert.NotNull(read);
        Assert.Equal((app.Key, app.ConnectionId, app.State, app.AttentionReason, app.ConnectedAt), (read.Key, read.ConnectionId, read.State, read.AttentionReason, read.ConnectedAt));
    }

    [Theory]
    [MemberData(nameof(Details))]
    public void AStoredTextWithABytePastItsEnd_ReadsAsNothing(string what, OutcomeDetails details)
    {
        var bytes = Bytes(ResultDataFormat.Write(null, details)!);

        var (app, read) = ResultDataFormat.Read(Text([.. bytes, 0]));

        Assert.True(app is null && read is null, what);
    }

    [Theory]
    [InlineData(ProviderAvailability.NotInRegion)]
    [InlineData(NativeFeature.Dashboard)]
    public void AStoredEnumValueNoEnumHas_ReadsAsNothing(object value)
    {
        OutcomeDetails details = value is NativeFeature feature ? new NativeFeatureDetails(feature) : new AvailabilityDetails((ProviderAvailability)value);
        var bytes = Bytes(ResultDataFormat.Write(null, details)!);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - sizeof(int)), 99);

        var (app, read) = ResultDataFormat.Read(Text(bytes));

        Assert.Null(app);
        Assert.Null(read);
    }

    private static byte[] Bytes(string text)
    {
        Assert.StartsWith("r2.", text, StringComparison.Ordinal);
        return Convert.FromBase64String(text[3..]);
    }

    private static string Text(byte[] bytes) => "r2." + Convert.ToBase64String(bytes);
}
