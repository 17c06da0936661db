using System.Collections;
using System.Globalization;
using System.Resources;
namespace ShopIQ.Integrations.Core.Tests.Text;

/// <summary>
/// The translations are complete and say the same things: every code has a Hindi and an Assamese text, no satellite
/// has a code English lacks, and every translation fills exactly the placeholders of its English text.
/// </summary>
public sealed class MerchantTextResourcesTests
{
    /// <summary>Texts that are the same in every language: a plan name with its allowance, and a name that is an acronym.</summary>
    private static readonly string[] SameInEveryLanguage = ["Option.UpgradePlan.Plan", "Feature.Cms"];

    public static TheoryData<string> Translations => new() { "hi", "as" };

    [Fact]
    public void Neutral_Texts_AreEnglishAndNotEmpty()
    {
        var english = Texts(CultureInfo.InvariantCulture);

        Assert.True(english.Count > 50, $"only {english.Count} texts");
        Assert.All(english, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), t.Key));
        Assert.Equal("Customers may not be able to pay online through {provider}.", english["Impact.Stops.PaymentProcessing"]);
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void Translation_EveryCode_HasANonEmptyTextAndNoCodeIsOnlyInTheSatellite(string culture)
    {
        var english = Texts(CultureInfo.InvariantCulture);
        var translated = Texts(CultureInfo.GetCultureInfo(culture));

        Assert.Empty(english.Keys.Except(translated.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(translated.Keys.Except(english.Keys).Order(StringComparer.Ordinal));
        Assert.All(translated, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), t.Key));
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void Translation_EveryText_UsesExactlyTheEnglishPlaceholders(string culture)
    {
        var english = Texts(CultureInfo.InvariantCulture);
        var translated = Texts(CultureInfo.GetCultureInfo(culture));

        var mismatches = english.Keys.Intersect(translated.Keys)
            .Where(code => !Placeholders(english[code]).SequenceEqual(Placeholders(translated[code])))
            .Select(code => $"{code}: en {{{string.Join(",", Placeholders(english[code]))}}}, {culture} {{{string.Join(",", Placeholders(translated[code]))}}}")
            .ToArray();

        Assert.Empty(mismatches);
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void Translation_EveryText_IsWrittenInTheLanguagesScript(string culture)
    {
        // Devanagari for Hindi, the Bengali-Assamese block for Assamese: an English text copied over would have neither.
        var (first, last) = culture == "hi" ? ('\u0900', '\u097F') : ('\u0980', '\u09FF');
        var translated = Texts(CultureInfo.GetCultureInfo(culture));

        var untranslated = translated
            .Where(t => !SameInEveryLanguage.Contains(t.Key) && !t.Value.Any(c => c >= first && c <= last))
            .Select(t => t.Key)
            .ToArray();

        Assert.Empty(untranslated);
    }

    [Fact]
    public void Assamese_Texts_UseTheAssameseLetters()
    {
        // ৰ and ৱ are Assamese, not Bengali: a Bengali text pasted in would use র and ব instead.
        var assamese = string.Concat(Texts(CultureInfo.GetCultureInfo("as")).Values);

        Assert.Contains('\u09F0', assamese);
        Assert.Contains('\u09F1', assamese);
        Assert.DoesNotContain('\u09B0', assamese);
    }

    [Fact]
    public void Placeholders_OfAText_AreReadInOrder()
    {
        Assert.Equal(["provider", "replaced"], Placeholders("{provider} replaced {replaced} in the same slot."));
        Assert.Empty(Placeholders("No placeholder."));
    }

    /// <summary>The texts of exactly one culture's resources: no fallback to the parent (tryParents false).</summary>
    internal static Dictionary<string, string> Texts(CultureInfo culture)
    {
        var set = MerchantText.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new MissingManifestResourceException($"No merchant texts for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    /// <summary>The placeholder names in a text, sorted, so that a translation may reorder them.</summary>
    internal static string[] Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{([^{}]*)\}").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToArray();
}
