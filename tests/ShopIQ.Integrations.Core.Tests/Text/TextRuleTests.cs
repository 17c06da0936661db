using FsCheck.Xunit;
using ShopIQ.Integrations.Core.Tests.Properties;

namespace ShopIQ.Integrations.Core.Tests.Text;

/// <summary>
/// The one text rule and its helpers: which ids, keys and names are refused (halves of surrogate pairs, control, separator
/// and format characters), how adapters' free text is cleaned and cut, and how a refused value is quoted in a message.
/// </summary>
public sealed class TextRuleTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData("Growth \uD83D\uDE80")]
    [InlineData("\u0939\u093f\u0902\u0926\u0940")]
    [InlineData("caf\u00e9 \uFFFD")]
    public void FindBadCharacter_WellFormedTextWithoutControlsOrFormatCharacters_FindsNothing(string text) =>
        Assert.Null(Preconditions.FindBadCharacter(text));

    [Theory]
    [InlineData("m\u0000", "control character")]
    [InlineData("m\u0085", "control character")]
    [InlineData("m\u2028", "line or paragraph separator")]
    [InlineData("m\u202E", "format character")]
    [InlineData("m\u200E", "format character")]
    [InlineData("m\u2066", "format character")]
    [InlineData("\uFEFFm", "format character")]
    [InlineData("m\u200Dn", "format character")]
    public void FindBadCharacter_NamesWhatIsWrong(string text, string problem) =>
        Assert.Contains(problem, Preconditions.FindBadCharacter(text), StringComparison.Ordinal);

    [Theory]
    [InlineData("m\u202Eabc", "'m\\u202eabc'")]
    [InlineData("a\u2028b\u0000", "'a\\u2028b\\u0000'")]
    [InlineData("emoji \uD83D\uDE00", "'emoji \uD83D\uDE00'")]
    public void Describe_EscapesHalvesOfPairsAndFormatCharactersButKeepsWholeEmoji(string value, string described) =>
        Assert.Equal(described, Preconditions.Describe(value));

    /// <summary>Facts, not theory data: xunit passes theory data through UTF-8, which turns a lone surrogate into U+FFFD.</summary>
    [Fact]
    public void FindBadCharacter_HalfOfASurrogatePair_IsNamedAndDescribeEscapesIt()
    {
        foreach (var (text, shown) in new[] { ("m\uD800", "'m\\ud800'"), ("\uDC00m", "'\\udc00m'"), ("\uDE00\uD83D", "'\\ude00\\ud83d'"), ("a\uD83D\uDE00\uD83D", "'a\uD83D\uDE00\\ud83d'") })
        {
            Assert.Contains("surrogate", Preconditions.FindBadCharacter(text), StringComparison.Ordinal);
            Assert.Equal(shown, Preconditions.Describe(text));
        }
    }

    [Fact]
    public void Describe_CutsALongValueNeverBetweenTheHalvesOfAPair()
    {
        var value = new string('a', 39) + "\uD83D\uDE00" + new string('b', 10);

        var described = Preconditions.Describe(value);

        Assert.Equal("'" + new string('a', 39) + "' (cut, 51 characters)", described);
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 500, QuietOnSuccess = true)]
    public void CleanFreeText_AnyText_IsWellFormedBoundedIdempotentAndAsTheOracleSays(GeneratedText input)
    {
        var cleaned = Preconditions.CleanFreeText(input.Text, SetupFieldError.MaxReasonLength);

        Assert.False(TextOracle.MustRefuse(cleaned), Preconditions.Describe(cleaned));
        Assert.InRange(cleaned.Length, 1, SetupFieldError.MaxReasonLength);
        Assert.Equal(cleaned, Preconditions.CleanFreeText(cleaned, SetupFieldError.MaxReasonLength));
        Assert.Equal(TextOracle.Clean(input.Text), cleaned);
    }

    [Fact]
    public void CleanFreeText_CleanShortText_IsKeptAsItIs() =>
        Assert.Equal("The key id and key secret do not match. \uD83D\uDE00", Preconditions.CleanFreeText("The key id and key secret do not match. \uD83D\uDE00", 1000));

    [Fact]
    public void CleanFreeText_Null_IsNoReasonGiven() =>
        Assert.Equal("No reason was given.", Preconditions.CleanFreeText(null, 1000));
}
