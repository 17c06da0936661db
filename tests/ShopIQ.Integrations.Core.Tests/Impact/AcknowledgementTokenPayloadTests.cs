using System.Security.Cryptography;
using System.Text;
using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Impact;

/// <summary>
/// A token is trusted only as the service issued it (R8): its MAC covers the token's prefix as well as its payload, and
/// a payload that carries this service's MAC but cannot be read as an acknowledgement (cut short, with bytes left over,
/// a count out of range, an id that is not an id, text that is not UTF-8) is refused as malformed, never thrown.
/// </summary>
public sealed class AcknowledgementTokenPayloadTests
{
    private const string Unreadable = "The acknowledgement token has a payload this version cannot read: assess the impact again.";
    private static readonly byte[] Key = Enumerable.Range(0, AcknowledgementTokens.MinimumKeyLength).Select(i => (byte)i).ToArray();
    private static readonly Duration Lifetime = Duration.FromMinutes(15);
    private static readonly Instant Now = StoreFixture.Start;
    private static readonly AcknowledgementTokens Tokens = new(Key, Lifetime);

    [Fact]
    public void R8_Read_PayloadSignedWithTheKeyOverThePrefixAndPayload_IsTheAcknowledgementItCarries()
    {
        var read = Tokens.Read(Signed(Payload()), Now);

        Assert.True(read.IsValid, read.Message);
        Assert.Equal(new StoreId("store-1"), read.Acknowledgement!.StoreId);
        Assert.Equal(BuiltInProviders.Razorpay.Key, read.Acknowledgement.Provider);
        Assert.Equal(7, read.Acknowledgement.AppsVersion);
        Assert.Equal([CommerceWorkflow.PaymentProcessing], read.Acknowledgement.WorkflowsThatStop);
        Assert.Equal([BuiltInProviders.Shiprocket.Key], read.Acknowledgement.AlongWith);
    }

    [Fact]
    public void R8_Read_MacOverThePayloadAloneWithoutThePrefix_IsForged()
    {
        var payload = Payload();
        var token = AcknowledgementTokens.Prefix + Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(Key, payload));

        Assert.Equal(AcknowledgementTokenProblem.Forged, Tokens.Read(token, Now).Problem);
    }

    [Fact]
    public void R8_Read_SignedPayloadWithBytesLeftOver_IsMalformed() =>
        AssertUnreadable([.. Payload(), 0]);

    [Fact]
    public void R8_Read_SignedPayloadCutShort_IsMalformed() =>
        AssertUnreadable(Payload()[..^1]);

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(10_000)]
    public void R8_Read_SignedPayloadWithACountOutOfRange_IsMalformed(int count) =>
        AssertUnreadable(Payload(workflowCount: count));

    [Fact]
    public void R8_Read_SignedPayloadWhoseStoreIdIsNoId_IsMalformed() =>
        AssertUnreadable(Payload(store: Encoding.UTF8.GetBytes("")));

    [Fact]
    public void R8_Read_SignedPayloadWithTextThatIsNotUtf8_IsMalformed() =>
        AssertUnreadable(Payload(store: [(byte)'s', 0xC3, (byte)'1']));

    private static void AssertUnreadable(byte[] payload)
    {
        var read = Tokens.Read(Signed(payload), Now);

        Assert.Equal(AcknowledgementTokenProblem.Malformed, read.Problem);
        Assert.Null(read.Acknowledgement);
        Assert.Equal(Unreadable, read.Message);
    }

    /// <summary>The payload as the service writes it: store, provider, apps version, workflows, apps going along, issued, expires.</summary>
    private static byte[] Payload(byte[]? store = null, int? workflowCount = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            var storeBytes = store ?? Encoding.UTF8.GetBytes("store-1");
            writer.Write7BitEncodedInt(storeBytes.Length);
            writer.Write(storeBytes);
            writer.Write(BuiltInProviders.Razorpay.Key.Value);
            writer.Write(7L);
            writer.Write7BitEncodedInt(workflowCount ?? 1);
            writer.Write7BitEncodedInt((int)CommerceWorkflow.PaymentProcessing);
            writer.Write7BitEncodedInt(1);
            writer.Write(BuiltInProviders.Shiprocket.Key.Value);
            writer.Write(Now.ToUnixTimeTicks());
            writer.Write((Now + Lifetime).ToUnixTimeTicks());
        }

        return stream.ToArray();
    }

    /// <summary>A token of <paramref name="payload"/> with the MAC the service computes: HMAC-SHA256 under the key over the prefix and the payload.</summary>
    private static string Signed(byte[] payload) =>
        AcknowledgementTokens.Prefix + Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(AcknowledgementTokens.Prefix).Concat(payload).ToArray()));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
