using FsCheck;
using FsCheck.Fluent;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>A generated text, for properties of the text helpers.</summary>
public sealed record GeneratedText(string Text)
{
    /// <summary>Shows the text escaped.</summary>
    public override string ToString() => $"{Preconditions.Describe(Text)} ({Text.Length} chars)";
}

/// <summary>
/// Texts for <see cref="TextRuleHarness"/>: slug-like ASCII (so ids are often valid), and mixes of plain characters with
/// halves of surrogate pairs, format and bidirectional characters (U+200E, U+202E, U+2066, U+FEFF, zero-width ones), NUL
/// and other controls, line separators, whole emoji and non-ASCII letters, some of them longer than any limit with the
/// cut falling near an emoji. Shrinks by dropping characters.
/// </summary>
public static class TextArbitraries
{
    private static readonly string[] Atoms =
    [
        "a", "m", "z", "0", "7", "-", "_", "A", " ", ".",
        "\uD83D", "\uD800", "\uDE00", "\uDC00",
        "\u200E", "\u202E", "\u2066", "\uFEFF", "\u200B", "\u200D",
        "\0", "\n", "\r", "\t", "\u001b", "\u007f", "\u0085",
        "\u2028", "\u2029",
        "\uD83D\uDE00", "\u00e9", "\u0939",
    ];

    private static readonly Gen<string> PlainGen =
        Gen.Elements("a", "b", "m", "p", "s", "z", "0", "1", "9", "-").ListOf().Select(cs => string.Concat(cs));

    private static readonly Gen<string> MixedGen =
        Gen.Elements(Atoms).ListOf().Select(parts => string.Concat(parts));

    /// <summary>Longer than the free-text limit of 1,000, with something interesting where it is cut.</summary>
    private static readonly Gen<string> LongGen =
        from length in Gen.Choose(990, 1010)
        from atom in Gen.Elements(Atoms)
        from tail in MixedGen
        select new string('x', length) + atom + atom + tail;

    /// <summary>Blank texts: refused as ids and names, "No reason was given." as adapter text.</summary>
    private static readonly Gen<string> BlankGen = Gen.Elements("", " ", "\t", "\u200B", " \u2028 ");

    public static Gen<string> TextGen { get; } = Gen.Frequency((3, PlainGen), (6, MixedGen), (1, LongGen), (1, BlankGen));

    public static Gen<TextCase> CaseGen { get; } =
        from target in Gen.Elements(Enum.GetValues<TextTarget>())
        from text in TextGen
        from callsOut in Gen.Elements(true, false)
        select new TextCase(target, text, callsOut);

    public static Arbitrary<GeneratedText> GeneratedText() =>
        Arb.From(TextGen.Select(t => new GeneratedText(t)), g => ShrinkText(g.Text).Select(t => new GeneratedText(t)));

    public static Arbitrary<TextCase> TextCase() =>
        Arb.From(CaseGen, c => ShrinkText(c.Text).Select(t => c with { Text = t }));

    private static IEnumerable<string> ShrinkText(string text)
    {
        if (text.Length > 40)
        {
            yield return text[..(text.Length / 2)];
        }

        for (var i = 0; i < Math.Min(text.Length, 40); i++)
        {
            yield return text.Remove(i, 1);
        }
    }
}
