namespace ShopIQ.Integrations.Core;

/// <summary>A secret setup value (key secret, password, access token) that never prints itself.</summary>
/// <remarks>
/// <see cref="ToString"/> shows <c>[redacted]</c>; only <see cref="Reveal"/> gives the text, and only code
/// that sends it to the provider should call it. Equality is by reference, so a secret is never
/// compared or hashed by accident. Immutable and thread-safe.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(SecretValueJsonConverter))]
public sealed class SecretValue
{
    /// <summary>The text shown instead of a secret.</summary>
    public const string Redacted = "[redacted]";

    private readonly string _value;

    /// <summary>Wraps a secret.</summary>
    /// <param name="value">The secret text; not empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space (the message never contains the value).</exception>
    public SecretValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("A secret value must not be empty or white space.", nameof(value));
        }

        _value = value;
    }

    /// <summary>The secret text. Call only to hand it to the provider.</summary>
    /// <returns>The secret.</returns>
    public string Reveal() => _value;

    /// <summary>Always <c>[redacted]</c>.</summary>
    /// <returns>The redacted form.</returns>
    public override string ToString() => Redacted;
}
