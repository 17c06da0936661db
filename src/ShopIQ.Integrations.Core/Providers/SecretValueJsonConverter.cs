using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShopIQ.Integrations.Core;

/// <summary>
/// Writes a <see cref="SecretValue"/> as <c>"[redacted]"</c> and reads one from a JSON string, so a request
/// body can carry a secret in while no serialized response, log or event can carry it out.
/// </summary>
/// <remarks>Applied to <see cref="SecretValue"/> by attribute; stateless and thread-safe.</remarks>
internal sealed class SecretValueJsonConverter : JsonConverter<SecretValue>
{
    /// <inheritdoc />
    public override SecretValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A secret value must be a JSON string.");
        }

        var text = reader.GetString();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new JsonException("A secret value must not be empty or white space.");
        }

        return new SecretValue(text);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SecretValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(SecretValue.Redacted);
    }
}
