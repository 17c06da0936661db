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

        if (HasControlCharacter(value))
        {
            throw new ArgumentException($"{what} {Describe(value)} contains a control character.", paramName);
        }

        return value;
    }

    internal static bool HasControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
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
    /// Quotes a rejected value for an error message: control characters become <c>\uXXXX</c> and long
    /// values are cut, so a message never carries raw control characters or a whole pasted blob.
    /// Never call this with a secret.
    /// </summary>
    internal static string Describe(string value)
    {
        const int shown = 40;
        var builder = new StringBuilder("'");
        foreach (var c in value.Length > shown ? value[..shown] : value)
        {
            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append('\'');
        if (value.Length > shown)
        {
            builder.Append(CultureInfo.InvariantCulture, $" (cut, {value.Length} characters)");
        }

        return builder.ToString();
    }
}
