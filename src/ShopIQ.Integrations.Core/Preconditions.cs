using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ShopIQ.Integrations.Core;

/// <summary>
/// Argument checks shared by the public entry points, so every type refuses bad input with the same
/// clear wording (after NodaTime's <c>Preconditions</c>).
/// </summary>
internal static class Preconditions
{
    /// <summary>The longest identifier (store id, plan id, provider key, field name) we accept.</summary>
    internal const int MaxIdentifierLength = 64;

    /// <summary>The longest display text (names, contacts) we accept.</summary>
    internal const int MaxTextLength = 200;

    internal static string CheckSlug(string? value, string paramName, string what)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsSlug(value, MaxIdentifierLength))
        {
            throw new ArgumentException(
                $"{what} {Describe(value)} is not a lower-case slug: use a-z, 0-9 and single hyphens, start and end with a letter or digit, at most {MaxIdentifierLength} characters.",
                paramName);
        }

        return value;
    }

    internal static bool IsSlug(string value, int maxLength)
    {
        if (value.Length == 0 || value.Length > maxLength || value[0] == '-' || value[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (c == '-' && value[i - 1] != '-');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    internal static string CheckText(string? value, string paramName, string what) => CheckText(value, paramName, what, MaxTextLength);

    internal static string CheckText(string? value, string paramName, string what, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{what} must not be empty or white space.", paramName);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{what} is {value.Length} characters long; at most {maxLength} are allowed.", paramName);
        }

        if (FindBadCharacter(value) is { } problem)
        {
            throw new ArgumentException($"{what} {Describe(value)} {problem}.", paramName);
        }

        return value;
    }

    /// <summary>
    /// What is wrong with a text's characters for an id, a key, a name or a setup value, or null when nothing is: the
    /// one text rule. A text must be well-formed UTF-16 (no half of a surrogate pair, which no UTF-8 store or log can
    /// hold; a whole pair such as an emoji is fine) and must hold no control character, no line or paragraph separator,
    /// and no invisible format character (Unicode category Cf: bidirectional overrides such as U+202E, zero-width
    /// characters, the byte order mark), which could make a log line or a screen show something other than the text.
    /// </summary>
    /// <returns>The problem as words that complete "<c>{what} '{value}' …</c>", or null.</returns>
    internal static string? FindBadCharacter(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            var problem = Classify(c);
            if (problem != Kind.Fine)
            {
                return problem switch
                {
                    Kind.Surrogate => "contains half of a surrogate pair (a character such as an emoji cut in two), which is not well-formed text",
                    Kind.Control => "contains a control character",
                    Kind.Separator => "contains a line or paragraph separator",
                    _ => "contains an invisible format character (such as a bidirectional override or a zero-width character)",
                };
            }
        }

        return null;
    }

    /// <summary>The reason or message used when free text from an adapter is blank once cleaned.</summary>
    internal const string NoReasonGiven = "No reason was given.";

    /// <summary>
    /// Makes free text from outside the caller's control (an adapter's refusal reason or setup error, an exception's
    /// message) fit to store, log and return, and never throws for its content: half of a surrogate pair becomes
    /// U+FFFD, a control character or line separator becomes a space, an invisible format character (Cf) is removed,
    /// the ends are trimmed, and a text longer than <paramref name="maxLength"/> is cut to it, ending with "…", never
    /// between the halves of a surrogate pair. A text blank once cleaned (or null) becomes <see cref="NoReasonGiven"/>.
    /// Cleaning a cleaned text changes nothing. Redact secrets before cleaning: cleaning may change how a secret reads.
    /// </summary>
    internal static string CleanFreeText(string? text, int maxLength)
    {
        Debug.Assert(maxLength > NoReasonGiven.Length, "Too short a limit for the fallback text.");
        if (text is null)
        {
            return NoReasonGiven;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }

            switch (Classify(c))
            {
                case Kind.Fine:
                    builder.Append(c);
                    break;
                case Kind.Surrogate:
                    builder.Append('\uFFFD');
                    break;
                case Kind.Control or Kind.Separator:
                    builder.Append(' ');
                    break;
                default:
                    break;
            }
        }

        var cleaned = builder.ToString().Trim();
        if (cleaned.Length == 0)
        {
            return NoReasonGiven;
        }

        if (cleaned.Length <= maxLength)
        {
            return cleaned;
        }

        var cut = maxLength - 1;
        if (char.IsHighSurrogate(cleaned[cut - 1]))
        {
            cut--;
        }

        return cleaned[..cut].TrimEnd() + "\u2026";
    }

    private enum Kind
    {
        Fine,
        Surrogate,
        Control,
        Separator,
        Format,
    }

    /// <summary>What one UTF-16 code unit is, taken alone: a surrogate here is one without its other half.</summary>
    private static Kind Classify(char c)
    {
        if (char.IsSurrogate(c))
        {
            return Kind.Surrogate;
        }

        if (char.IsControl(c))
        {
            return Kind.Control;
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => Kind.Separator,
            UnicodeCategory.Format => Kind.Format,
            _ => Kind.Fine,
        };
    }

    internal static T CheckDefined<T>(T value, string paramName)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{value} is not a defined {typeof(T).Name}.");
        }

        return value;
    }

    /// <summary>
    /// Quotes a rejected value for an error message: control characters, line separators, invisible format characters
    /// (Cf) and halves of surrogate pairs become <c>\uXXXX</c>, and long values are cut (never between the halves of a
    /// pair), so a message never carries them raw, nor a whole pasted blob. Never call this with a secret.
    /// </summary>
    internal static string Describe(string value)
    {
        const int shown = 40;
        var end = value.Length > shown ? shown : value.Length;
        if (end < value.Length && char.IsHighSurrogate(value[end - 1]) && char.IsLowSurrogate(value[end]))
        {
            end--;
        }

        var builder = new StringBuilder("'");
        for (var i = 0; i < end; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (Classify(c) != Kind.Fine)
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append('\'');
        if (end < value.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $" (cut, {value.Length} characters)");
        }

        return builder.ToString();
    }
}
