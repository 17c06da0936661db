using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ShopIQ.Integrations.Core;

/// <summary>
/// The format a setup field's value must have, part of the field's declaration, so that
/// <see cref="ProviderDescriptor.CheckFields"/> refuses a malformed value offline, before any slot is taken (R5).
/// </summary>
/// <remarks>
/// <para>
/// Immutable and thread-safe; value equality over <see cref="Kind"/>, <see cref="MinLength"/>, <see cref="MaxLength"/>,
/// <see cref="RegularExpression"/> and <see cref="Description"/>. Made by the static factories only.
/// </para>
/// <para>
/// Every kind except <see cref="SetupFieldFormatKind.Text"/> refuses a value that starts or ends with a space or line
/// break, with a reason of its own: values reach the adapter exactly as entered, so a pasted value with a space
/// around it is refused rather than trimmed here and sent untrimmed. <see cref="SetupFieldFormatKind.Text"/> is for
/// values the merchant chose (a password may end with a space) and takes the value as entered.
/// </para>
/// <para>
/// <see cref="Description"/> tells the merchant what is expected, and where to find it; the reason given for a value
/// that does not fit is "<c>{field display name} must be {description}.</c>". It is written when the field is declared,
/// so a reason never contains the value checked.
/// </para>
/// <para>
/// A <see cref="SetupFieldFormatKind.Pattern"/> must match the whole value (it is anchored at both ends), is matched
/// culture-invariant, and a match that takes longer than 100 ms counts as no match, so a slow pattern can refuse a
/// value but never hold a request.
/// </para>
/// </remarks>
public sealed record SetupFieldFormat
{
    /// <summary>The longest value any format accepts: the longest plain value a <see cref="ProviderSetup"/> holds.</summary>
    public const int MaxValueLength = 4096;

    private const int MaxDescriptionLength = 500;
    private const int MaxPatternLength = 1000;
    private const int MaxDigits = 64;
    private const int MaxEmailLength = 254;
    private const int MaxUrlLength = 2048;
    private const int CompiledCapacity = 1024;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    // Formats are read back from storage for every app of every store loaded: the compiled pattern is shared.
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    private static readonly Regex EmailAddress = new(@"\A[^@\s:]+@[^@\s:]+\.[^@\s:]+\z", RegexOptions.CultureInvariant, MatchTimeout);

    private SetupFieldFormat(SetupFieldFormatKind kind, int minLength, int maxLength, string? pattern, string description)
    {
        Kind = kind;
        MinLength = minLength;
        MaxLength = maxLength;
        RegularExpression = pattern;
        Description = description;
    }

    /// <summary>What the value is checked against.</summary>
    public SetupFieldFormatKind Kind { get; }

    /// <summary>The fewest characters accepted.</summary>
    public int MinLength { get; }

    /// <summary>The most characters accepted.</summary>
    public int MaxLength { get; }

    /// <summary>The regular expression the whole value must match, for <see cref="SetupFieldFormatKind.Pattern"/>; otherwise null.</summary>
    public string? RegularExpression { get; }

    /// <summary>What is expected, for the merchant: it completes "<c>{field} must be …</c>", without a full stop, and never quotes a value.</summary>
    public string Description { get; }

    /// <summary>The format of a field declared without one: any text of 1 to <see cref="MaxValueLength"/> characters.</summary>
    internal static SetupFieldFormat AnyText { get; } = Text(1, MaxValueLength);

    /// <summary>Any text of <paramref name="minLength"/> to <paramref name="maxLength"/> characters, taken exactly as entered.</summary>
    /// <param name="minLength">The fewest characters; at least 1.</param>
    /// <param name="maxLength">The most characters; at least <paramref name="minLength"/>, at most <see cref="MaxValueLength"/>.</param>
    /// <returns>The format, described as "<c>at most {maxLength} characters long</c>", "<c>exactly {n} characters long</c>" or "<c>{minLength} to {maxLength} characters long</c>".</returns>
    /// <exception cref="ArgumentOutOfRangeException">A bound is out of range.</exception>
    public static SetupFieldFormat Text(int minLength, int maxLength)
    {
        CheckBounds(minLength, maxLength, MaxValueLength, nameof(minLength), nameof(maxLength));
        var description = minLength == maxLength
            ? Invariant($"exactly {minLength} characters long")
            : minLength == 1 ? Invariant($"at most {maxLength} characters long") : Invariant($"{minLength} to {maxLength} characters long");
        return new SetupFieldFormat(SetupFieldFormatKind.Text, minLength, maxLength, null, description);
    }

    /// <summary>A value the whole of which matches <paramref name="pattern"/>, such as an API key the provider issues.</summary>
    /// <param name="pattern">A .NET regular expression; it is anchored at both ends, so <c>^</c> and <c>$</c> are not needed. Put length bounds in it (<c>{14}</c>); any value is at most <see cref="MaxValueLength"/> characters.</param>
    /// <param name="description">What is expected and where the merchant finds it, completing "<c>{field} must be …</c>" without a full stop.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is blank, longer than 1,000 characters, holds a raw half of a surrogate pair, control, line-separator or invisible format character (write those as <c>\uXXXX</c> escapes) or is not a valid regular expression, or <paramref name="description"/> is not a clean text of at most 500 characters or ends with a full stop.</exception>
    public static SetupFieldFormat Pattern(string pattern, string description)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (string.IsNullOrWhiteSpace(pattern) || pattern.Length > MaxPatternLength)
        {
            throw new ArgumentException($"A setup field pattern must not be blank and must be at most {MaxPatternLength} characters long.", nameof(pattern));
        }

        if (Preconditions.FindBadCharacter(pattern) is { } problem)
        {
            throw new ArgumentException($"The setup field pattern {Preconditions.Describe(pattern)} {problem}: write such a character as a \\uXXXX escape.", nameof(pattern));
        }

        var checkedDescription = CheckDescription(description, nameof(description));
        try
        {
            // Parsed alone first, so that the anchoring group cannot be closed or bypassed from inside the pattern.
            _ = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
            _ = Compile(pattern);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The setup field pattern is not a valid regular expression: {e.Message}", nameof(pattern), e);
        }

        return new SetupFieldFormat(SetupFieldFormatKind.Pattern, 1, MaxValueLength, pattern, checkedDescription);
    }

    /// <summary>An absolute <c>https://</c> URL with a host and without credentials in it, at most 2,048 characters.</summary>
    /// <returns>The format, described as "<c>an absolute https:// URL without credentials in it</c>".</returns>
    public static SetupFieldFormat HttpsUrl() =>
        new(SetupFieldFormatKind.HttpsUrl, 1, MaxUrlLength, null, "an absolute https:// URL without credentials in it");

    /// <summary>An email address (one <c>@</c>, a dot in the domain, no spaces or colons), at most 254 characters.</summary>
    /// <returns>The format, described as "<c>an email address, such as name@example.com</c>".</returns>
    public static SetupFieldFormat Email() =>
        new(SetupFieldFormatKind.Email, 1, MaxEmailLength, null, "an email address, such as name@example.com");

    /// <summary>A number of <paramref name="minDigits"/> to <paramref name="maxDigits"/> ASCII digits, nothing else; leading zeros are kept.</summary>
    /// <param name="minDigits">The fewest digits; at least 1.</param>
    /// <param name="maxDigits">The most digits; at least <paramref name="minDigits"/>, at most 64.</param>
    /// <returns>The format, described as "<c>exactly {n} digits</c>" or "<c>{minDigits} to {maxDigits} digits</c>".</returns>
    /// <exception cref="ArgumentOutOfRangeException">A bound is out of range.</exception>
    public static SetupFieldFormat NumericId(int minDigits, int maxDigits)
    {
        CheckBounds(minDigits, maxDigits, MaxDigits, nameof(minDigits), nameof(maxDigits));
        var description = minDigits == maxDigits ? Invariant($"exactly {minDigits} digits") : Invariant($"{minDigits} to {maxDigits} digits");
        return new SetupFieldFormat(SetupFieldFormatKind.NumericId, minDigits, maxDigits, null, description);
    }

    /// <summary>Returns the same format with another description, for example one that says where the merchant finds the value.</summary>
    /// <param name="description">What is expected, completing "<c>{field} must be …</c>" without a full stop.</param>
    /// <returns>The new format.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="description"/> is not a clean text of at most 500 characters, or ends with a full stop.</exception>
    public SetupFieldFormat WithDescription(string description) =>
        new(Kind, MinLength, MaxLength, RegularExpression, CheckDescription(description, nameof(description)));

    /// <summary>
    /// A format read back from storage by its parts, made by the factory of its kind so it is checked as one declared
    /// in code. The bounds of the kinds that have fixed ones (<see cref="HttpsUrl"/>, <see cref="Email"/>) are this
    /// library's, not the stored ones.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="minLength">The fewest characters or digits.</param>
    /// <param name="maxLength">The most characters or digits.</param>
    /// <param name="regularExpression">The pattern of <see cref="SetupFieldFormatKind.Pattern"/>; ignored for the other kinds.</param>
    /// <param name="description">The description.</param>
    /// <exception cref="ArgumentException">A part is not valid for the kind.</exception>
    internal static SetupFieldFormat Restore(SetupFieldFormatKind kind, int minLength, int maxLength, string? regularExpression, string description)
    {
        var format = kind switch
        {
            SetupFieldFormatKind.Text => Text(minLength, maxLength),
            SetupFieldFormatKind.Pattern => Pattern(regularExpression!, description),
            SetupFieldFormatKind.HttpsUrl => HttpsUrl(),
            SetupFieldFormatKind.Email => Email(),
            SetupFieldFormatKind.NumericId => NumericId(minLength, maxLength),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"{kind} is not a defined {nameof(SetupFieldFormatKind)}."),
        };
        return format.Description == description ? format : format.WithDescription(description);
    }

    /// <summary>Whether a value starts or ends with white space, which every kind but <see cref="SetupFieldFormatKind.Text"/> refuses.</summary>
    internal bool RefusesSpaceAround(string value) =>
        Kind != SetupFieldFormatKind.Text && value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]));

    /// <summary>Whether a value has this format (spaces around it aside: see <see cref="RefusesSpaceAround"/>).</summary>
    internal bool Accepts(string value)
    {
        if (value.Length < MinLength || value.Length > MaxLength)
        {
            return false;
        }

        try
        {
            return Kind switch
            {
                SetupFieldFormatKind.Text => true,
                SetupFieldFormatKind.Pattern => Compile(RegularExpression!).IsMatch(value),
                SetupFieldFormatKind.HttpsUrl => Uri.TryCreate(value, UriKind.Absolute, out var uri)
                    && uri.Scheme == Uri.UriSchemeHttps
                    && uri.Host.Length > 0
                    && uri.UserInfo.Length == 0,
                SetupFieldFormatKind.Email => EmailAddress.IsMatch(value),
                SetupFieldFormatKind.NumericId => value.All(char.IsAsciiDigit),
                _ => false,
            };
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex Compile(string pattern)
    {
        if (Compiled.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        regex = new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant, MatchTimeout);
        return Compiled.Count < CompiledCapacity ? Compiled.GetOrAdd(pattern, regex) : regex;
    }

    private static void CheckBounds(int min, int max, int limit, string minName, string maxName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(min, 1, minName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(min, limit, minName);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min, maxName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(max, limit, maxName);
    }

    private static string CheckDescription(string description, string paramName)
    {
        Preconditions.CheckText(description, paramName, "Setup field format description", MaxDescriptionLength);
        if (description.EndsWith('.'))
        {
            throw new ArgumentException("A setup field format description completes a sentence that adds its own full stop: leave it out.", paramName);
        }

        return description;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
