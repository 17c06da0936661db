using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ShopIQ.Integrations.Core.Providers;

namespace ShopIQ.Integrations.Core.PostgreSql;

/// <summary>Writes and reads a <see cref="ProviderDescriptor"/> as the JSON kept in <c>shopiq.ledger.descriptor</c>.</summary>
/// <remarks>Enum values are written by name, so reordering an enum never changes what a stored ledger means.</remarks>
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
            root.GetProperty("setupFields").EnumerateArray().Select(f => new SetupField(
                f.GetProperty("name").GetString()!,
                f.GetProperty("displayName").GetString()!,
                Enum.Parse<SetupRequirement>(f.GetProperty("requirement").GetString()!),
                f.GetProperty("isSecret").GetBoolean(),
                f.GetProperty("isRequired").GetBoolean())).ToArray(),
            root.GetProperty("supportsSelfServiceDisconnect").GetBoolean(),
            Enum.Parse<ProviderAvailability>(root.GetProperty("availability").GetString()!));
        if (ReadCache.Count < CacheCapacity)
        {
            ReadCache.TryAdd(json, descriptor);
        }

        return descriptor;
    }
}
