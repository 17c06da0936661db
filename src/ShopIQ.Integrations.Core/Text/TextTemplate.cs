using System.Text;

namespace ShopIQ.Integrations.Core;

/// <summary>Fills the named placeholders (<c>{provider}</c>, <c>{count}</c>, ...) of a merchant text.</summary>
/// <remarks>
/// Named rather than numbered, so a translation may put them in any order and a reviewer sees what each one holds.
/// Braces are not escaped: the texts never show a literal one, and the values are inserted as they are, never parsed.
/// </remarks>
internal static class TextTemplate
{
    /// <summary>The placeholder names in <paramref name="template"/>, in order of appearance.</summary>
    internal static IEnumerable<string> Placeholders(string template)
    {
        var start = template.IndexOf('{', StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = template.IndexOf('}', start + 1);
            if (end < 0)
            {
                yield break;
            }

            yield return template[(start + 1)..end];
            start = template.IndexOf('{', end + 1);
        }
    }

    /// <summary>Replaces each placeholder of <paramref name="template"/> with its value; values no placeholder names are ignored.</summary>
    /// <exception cref="InvalidOperationException">A placeholder has no value, or a brace is unmatched: the text <paramref name="code"/> is broken.</exception>
    internal static string Fill(string code, string template, ReadOnlySpan<(string Name, string Value)> values)
    {
        if (template.IndexOfAny(['{', '}']) < 0)
        {
            return template;
        }

        var text = new StringBuilder(template.Length + 32);
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            var close = template.IndexOf('}', position);
            if (open < 0 && close < 0)
            {
                text.Append(template, position, template.Length - position);
                break;
            }

            if (open < 0 || close < open)
            {
                throw new InvalidOperationException($"The merchant text '{code}' has an unmatched brace.");
            }

            var end = template.IndexOf('}', open + 1);
            if (end < 0)
            {
                throw new InvalidOperationException($"The merchant text '{code}' has an unmatched brace.");
            }

            text.Append(template, position, open - position);
            text.Append(ValueOf(code, template[(open + 1)..end], values));
            position = end + 1;
        }

        return text.ToString();
    }

    private static string ValueOf(string code, string name, ReadOnlySpan<(string Name, string Value)> values)
    {
        foreach (var (placeholder, value) in values)
        {
            if (string.Equals(placeholder, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        throw new InvalidOperationException($"The merchant text '{code}' needs a value for {{{name}}}.");
    }
}
