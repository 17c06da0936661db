using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
namespace ShopIQ.Integrations.Core.PostgreSql;

/// <summary>Writes and reads a <see cref="ProviderDescriptor"/> as the JSON kept in <c>shopiq.ledger.descriptor</c>.</summary>
/// <remarks>
/// Enum values are written by name, so reordering an enum never changes what a stored ledger means. Each setup field
/// keeps its <see cref="SetupFieldFormat"/> (<c>format</c>), so a descriptor reads back as the one the app was connected
/// with; JSON written before fields had formats has no <c>format</c>, and its fields read back with the default format
/// of a field declared without one.
/// </remarks>
internal static class DescriptorJson
{
    /// <summary>Descriptors read back are shared by every load: a ledger names few distinct ones.</summary>
    private const int CacheCapacity = 4_096;

    private static readonly ConcurrentDictionary<string, ProviderDescriptor> ReadCache = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<ProviderDescriptor, string> WriteCache = [];

    public static string Write(ProviderDescriptor descriptor)
    {
        if (WriteCache.TryGetValue(descriptor, out var cached))
        {
            return cached;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key", descriptor.Key.Value);
            writer.WriteString("displayName", descriptor.DisplayName);
            writer.WriteString("category", descriptor.Category.ToString());
            writer.WriteStartArray("workflows");
            foreach (var flow in descriptor.Workflows)
            {
                writer.WriteStringValue(flow.ToString());
            }

            writer.WriteEndArray();
            writer.WriteStartArray("setupFields");
            foreach (var field in descriptor.SetupFields)
            {
                writer.WriteStartObject();
                writer.WriteString("name", field.Name);
                writer.WriteString("displayName", field.DisplayName);
                writer.WriteString("requirement", field.Requirement.ToString());
                writer.WriteBoolean("isSecret", field.IsSecret);
                writer.WriteBoolean("isRequired", field.IsRequired);
                WriteFormat(writer, field.Format);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("supportsSelfServiceDisconnect", descriptor.SupportsSelfServiceDisconnect);
            writer.WriteString("availability", descriptor.Availability.ToString());
            writer.WriteEndObject();
        }

        var json = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        WriteCache.AddOrUpdate(descriptor, json);
        if (ReadCache.Count < CacheCapacity)
        {
            // Reading back what this process wrote gives the very same descriptor (descriptors compare by reference).
            ReadCache.TryAdd(json, descriptor);
        }

        return json;
    }

    public static ProviderDescriptor Read(string json)
    {
        if (ReadCache.TryGetValue(json, out var cached))
        {
            return cached;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var descriptor = new ProviderDescriptor(
            new ProviderKey(root.GetProperty("key").GetString()!),
            root.GetProperty("displayName").GetString()!,
            Enum.Parse<ProviderCategory>(root.GetProperty("category").GetString()!),
            root.GetProperty("workflows").EnumerateArray().Select(w => Enum.Parse<CommerceWorkflow>(w.GetString()!)).ToArray(),
            root.GetProperty("setupFields").EnumerateArray().Select(ReadField).ToArray(),
            root.GetProperty("supportsSelfServiceDisconnect").GetBoolean(),
            Enum.Parse<ProviderAvailability>(root.GetProperty("availability").GetString()!));
        if (ReadCache.Count < CacheCapacity)
        {
            ReadCache.TryAdd(json, descriptor);
        }

        return descriptor;
    }

    private static void WriteFormat(Utf8JsonWriter writer, SetupFieldFormat format)
    {
        writer.WriteStartObject("format");
        writer.WriteString("kind", format.Kind.ToString());
        writer.WriteNumber("minLength", format.MinLength);
        writer.WriteNumber("maxLength", format.MaxLength);
        if (format.RegularExpression is { } pattern)
        {
            writer.WriteString("regularExpression", pattern);
        }

        writer.WriteString("description", format.Description);
        writer.WriteEndObject();
    }

    private static SetupField ReadField(JsonElement field)
    {
        var name = field.GetProperty("name").GetString()!;
        var displayName = field.GetProperty("displayName").GetString()!;
        var requirement = Enum.Parse<SetupRequirement>(field.GetProperty("requirement").GetString()!);
        var isSecret = field.GetProperty("isSecret").GetBoolean();
        var isRequired = field.GetProperty("isRequired").GetBoolean();
        return field.TryGetProperty("format", out var format)
            ? new SetupField(name, displayName, requirement, isSecret, isRequired, ReadFormat(format))
            : new SetupField(name, displayName, requirement, isSecret, isRequired);
    }

    // Through the public factories, so a format read back is checked as one declared in code. HttpsUrl and Email have
    // the bounds of this version of the library.
    private static SetupFieldFormat ReadFormat(JsonElement json)
    {
        var kind = Enum.Parse<SetupFieldFormatKind>(json.GetProperty("kind").GetString()!);
        var minLength = json.GetProperty("minLength").GetInt32();
        var maxLength = json.GetProperty("maxLength").GetInt32();
        var description = json.GetProperty("description").GetString()!;
        var format = kind switch
        {
            SetupFieldFormatKind.Text => SetupFieldFormat.Text(minLength, maxLength),
            SetupFieldFormatKind.Pattern => SetupFieldFormat.Pattern(json.GetProperty("regularExpression").GetString()!, description),
            SetupFieldFormatKind.HttpsUrl => SetupFieldFormat.HttpsUrl(),
            SetupFieldFormatKind.Email => SetupFieldFormat.Email(),
            SetupFieldFormatKind.NumericId => SetupFieldFormat.NumericId(minLength, maxLength),
            _ => throw new JsonException($"Setup field format kind {kind} is not known."),
        };
        return format.Description == description ? format : format.WithDescription(description);
    }
}
