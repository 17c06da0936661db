using System.Text.RegularExpressions;

namespace ShopIQ.Integrations.Core.Providers.BuiltIn;

/// <summary>The format checks the built-in adapters share. Each adds at most one reason per field, never quoting the value.</summary>
internal static partial class SetupFormats
{
    /// <summary>Adds a reason when the plain field is present and does not match (or has spaces around it).</summary>
    internal static void Plain(ProviderSetup setup, string field, string what, Regex format, string reason, ICollection<SetupFieldError> errors) =>
        Check(setup.GetValue(field), field, what, format, reason, errors);

    /// <summary>Adds a reason when the secret field is present and does not match (or has spaces around it).</summary>
    internal static void Secret(ProviderSetup setup, string field, string what, Regex format, string reason, ICollection<SetupFieldError> errors) =>
        Check(setup.GetSecret(field)?.Reveal(), field, what, format, reason, errors);

    // Values reach the adapter exactly as entered, so a pasted value with a space around it is refused
    // with its own reason rather than trimmed here and sent untrimmed.
    private static void Check(string? value, string field, string what, Regex format, string reason, ICollection<SetupFieldError> errors)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
        {
            errors.Add(new SetupFieldError(field, $"{what} must not start or end with a space or line break; remove them and try again."));
        }
        else if (!format.IsMatch(value))
        {
            errors.Add(new SetupFieldError(field, reason));
        }
    }

    /// <summary>Adds a reason when the plain field is present and not an absolute https URL with a host.</summary>
    internal static void HttpsUrl(ProviderSetup setup, string field, string what, ICollection<SetupFieldError> errors)
    {
        if (setup.GetValue(field) is { } value && value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
        {
            errors.Add(new SetupFieldError(field, $"{what} must not start or end with a space or line break; remove them and try again."));
        }
        else if (setup.GetValue(field) is { } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && uri.Scheme == Uri.UriSchemeHttps
                && uri.Host.Length > 0
                && uri.UserInfo.Length == 0))
        {
            errors.Add(new SetupFieldError(field, $"{what} must be an absolute https:// URL without credentials in it."));
        }
    }

    [GeneratedRegex("^rzp_(test|live)_[A-Za-z0-9]{14}$", RegexOptions.CultureInvariant)]
    internal static partial Regex RazorpayKeyId();

    [GeneratedRegex("^[A-Za-z0-9]{16,64}$", RegexOptions.CultureInvariant)]
    internal static partial Regex RazorpaySecret();

    [GeneratedRegex(@"^[^@\s:]+@[^@\s:]+\.[^@\s:]+$", RegexOptions.CultureInvariant)]
    internal static partial Regex Email();

    [GeneratedRegex(@"^([Bb]earer\s+)?[A-Za-z0-9\-_.~+/]{20,}=*$", RegexOptions.CultureInvariant)]
    internal static partial Regex BearerToken();

    [GeneratedRegex("^G-[A-Z0-9]{4,12}$", RegexOptions.CultureInvariant)]
    internal static partial Regex Ga4MeasurementId();

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$", RegexOptions.CultureInvariant)]
    internal static partial Regex Ga4ApiSecret();

    [GeneratedRegex("^[0-9]{15,16}$", RegexOptions.CultureInvariant)]
    internal static partial Regex MetaPixelId();

    [GeneratedRegex("^EAA[A-Za-z0-9]{20,}$", RegexOptions.CultureInvariant)]
    internal static partial Regex MetaAccessToken();

    [GeneratedRegex("^A[0-9A-Z]{9,20}$", RegexOptions.CultureInvariant)]
    internal static partial Regex AmazonId();

    [GeneratedRegex(@"^Atzr\|[!-~]{20,}$", RegexOptions.CultureInvariant)]
    internal static partial Regex AmazonRefreshToken();
}
