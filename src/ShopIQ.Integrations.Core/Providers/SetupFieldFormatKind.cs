namespace ShopIQ.Integrations.Core;

/// <summary>What a <see cref="SetupFieldFormat"/> checks a setup value against.</summary>
public enum SetupFieldFormatKind
{
    /// <summary>Any text within length bounds, taken exactly as entered (spaces at either end included): for values the merchant chose, such as a password.</summary>
    Text,

    /// <summary>A regular expression the whole value must match: for values the provider issues, such as API keys.</summary>
    Pattern,

    /// <summary>An absolute <c>https://</c> URL with a host and without credentials in it.</summary>
    HttpsUrl,

    /// <summary>An email address.</summary>
    Email,

    /// <summary>A number of ASCII digits within bounds, such as an account or pixel id.</summary>
    NumericId,
}
