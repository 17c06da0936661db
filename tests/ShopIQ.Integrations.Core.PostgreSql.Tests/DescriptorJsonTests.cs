using System.Text.Json;
using ShopIQ.Integrations.Core.PostgreSql;
namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// The descriptor JSON kept in <c>shopiq.ledger.descriptor</c> reads back as the descriptor an app was connected with,
/// setup formats included, and JSON written before fields had formats still reads (R15). No database is needed.
/// </summary>
public sealed class DescriptorJsonTests
{
    public static TheoryData<string> BuiltInKeys { get; } = [.. BuiltInProviders.All.Select(p => p.Key.Value)];

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R15_Read_JsonOfABuiltInDescriptor_HasTheSameSetupFieldsFormatsIncluded(string key)
    {
        var descriptor = BuiltInProviders.All.Single(p => p.Key.Value == key);

        var read = DescriptorJson.Read(Uncached(DescriptorJson.Write(descriptor)));

        Assert.NotSame(descriptor, read);
        Assert.Equal(descriptor.SetupFields, read.SetupFields);
        Assert.Equal(descriptor.SetupFields.Select(f => f.Format), read.SetupFields.Select(f => f.Format));
    }

    [Fact]
    public void R15_Read_JsonWrittenBeforeSetupFormats_FieldsHaveTheDefaultFormat()
    {
        const string before = """
            {"key":"meta-pixel","displayName":"Meta Pixel","category":"Advertising","workflows":["TrafficAndBehaviourTracking","MarketingAndPerformanceData"],
             "setupFields":[{"name":"pixel-id","displayName":"Pixel id","requirement":"AccountDetails","isSecret":false,"isRequired":true},
                            {"name":"conversions-api-token","displayName":"Conversions API access token","requirement":"ApiKey","isSecret":true,"isRequired":false}],
             "supportsSelfServiceDisconnect":true,"availability":"Available"}
            """;

        var read = DescriptorJson.Read(before);

        Assert.Equal(["pixel-id", "conversions-api-token"], read.SetupFields.Select(f => f.Name));
        Assert.All(read.SetupFields, f => Assert.Equal(SetupFieldFormat.Text(1, SetupFieldFormat.MaxValueLength), f.Format));
    }

    [Fact]
    public void R15_Read_StoredPatternThatIsNotARegularExpression_Throws()
    {
        var json = DescriptorJson.Write(BuiltInProviders.Razorpay).Replace("rzp_(test|live)_", "rzp_(test|live_", StringComparison.Ordinal);

        Assert.ThrowsAny<ArgumentException>(() => DescriptorJson.Read(json));
    }

    /// <summary>The same JSON, indented, so the read cache (keyed by the exact text written) does not answer it.</summary>
    private static string Uncached(string json)
    {
        using var document = JsonDocument.Parse(json);
        var indented = JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true });
        Assert.NotEqual(json, indented);
        return indented;
    }
}
