using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShopIQ.Integrations.Core;

/// <summary>
/// Writes a <see cref="ProviderSetup"/> the way <see cref="ProviderSetup.ToString"/> shows it: field names,
/// with every value redacted (a merchant may paste a secret into a plain field). Reading is refused:
/// build a setup from a request with <see cref="ProviderSetup.With"/> and <see cref="ProviderSetup.WithSecret"/>,
/// so each value is deliberately marked plain or secret.
/// </summary>
/// <remarks>Applied to <see cref="ProviderSetup"/> by attribute; stateless and thread-safe.</remarks>
internal sealed class ProviderSetupJsonConverter : JsonConverter<ProviderSetup>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">Always: a setup is not read from JSON.</exception>
    public override ProviderSetup Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("A ProviderSetup is not read from JSON; build it with ProviderSetup.With and WithSecret.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ProviderSetup value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var name in value.FieldNames)
        {
            writer.WriteString(name, SecretValue.Redacted);
        }

        writer.WriteEndObject();
    }
}
