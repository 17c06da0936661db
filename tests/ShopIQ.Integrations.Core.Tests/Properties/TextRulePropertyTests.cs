using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// The text rule through the service, in memory (the PostgreSQL twin, which also compares the two repositories, is
/// PostgreSqlTextRuleTests): any text as any id, key, name, setup value or adapter text is refused clearly with nothing
/// changed, or kept and read back equal; adapter text never throws and is kept only cleaned.
/// </summary>
public sealed class TextRulePropertyTests
{
    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 400, QuietOnSuccess = true)]
    public void AnyTextThroughTheServiceInMemory_IsRefusedClearlyOrKeptEqualOrKeptCleaned(TextCase input) =>
        TextRuleHarness.Run(input, new InMemoryStoreRepository(), Guid.NewGuid().ToString("N"));
}

/// <summary>The text generator reaches what the property is about: for every caller input, texts it takes and texts it refuses, for the right reasons.</summary>
public sealed class TextRuleCoverageTests
{
    [Fact]
    public void TextCaseGenerator_SampledCases_ReachTakenAndRefusedTextsOfEveryKind()
    {
        var cases = TextArbitraries.CaseGen.Sample(2000, new FsCheck.Rnd(20261204UL), 60);
        var texts = cases.Select(c => c.Text).ToArray();

        Assert.Contains(texts, t => t.Length > SetupFieldError.MaxReasonLength);
        Assert.Contains(texts, t => t.Length == 0);
        Assert.Contains(texts, t => t.Contains("\uD83D\uDE00", StringComparison.Ordinal));
        foreach (var half in new[] { '\uD83D', '\uD800', '\uDE00', '\uDC00' })
        {
            Assert.Contains(texts, t => t.Contains(half, StringComparison.Ordinal) && TextOracle.MustRefuse(t));
        }

        foreach (var format in new[] { '\u200E', '\u202E', '\u2066', '\uFEFF', '\0', '\u2028' })
        {
            Assert.Contains(texts, t => t.Contains(format, StringComparison.Ordinal));
        }

        // Every caller input is both taken (a text its value type accepts) and refused, in one save and in two.
        foreach (var target in Enum.GetValues<TextTarget>().Where(t => t < TextTarget.RefusalReason))
        {
            Assert.True(cases.Any(c => c.Target == target && Takes(target, c.Text)), $"{target} is never taken");
            Assert.True(cases.Any(c => c.Target == target && !Takes(target, c.Text)), $"{target} is never refused");
            Assert.True(cases.Any(c => c.Target == target && TextOracle.MustRefuse(c.Text) && c.Text.Length is > 0 and <= 64), $"{target} never gets a short text the rule refuses");
        }

        Assert.Contains(cases, c => c.CallsOut);
        Assert.Contains(cases, c => !c.CallsOut);
    }

    private static bool Takes(TextTarget target, string text) => target switch
    {
        TextTarget.StoreId => StoreId.TryCreate(text, out _),
        TextTarget.PlanId => PlanId.TryCreate(text, out _),
        TextTarget.ProviderKey => ProviderKey.TryCreate(text, out _),
        TextTarget.IdempotencyKey => text.Length is > 0 and <= IdempotencyKey.MaxLength && text.All(c => c is > ' ' and <= '~'),
        TextTarget.ActorId => !string.IsNullOrWhiteSpace(text) && text.Length <= 64 && !TextOracle.MustRefuse(text),
        TextTarget.SetupValue => text.Length <= 4096 && !TextOracle.MustRefuse(text),
        _ => ProviderKey.TryCreate(text, out _),
    };
}
