namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>
/// Edits of a <see cref="ProviderSetup"/> that it has no method for (drop a field, put a text in as the kind the
/// descriptor declares, read a field's text back), so each test can start from a valid setup and break one thing.
/// </summary>
internal static class SetupEdits
{
    /// <summary>The setup without <paramref name="field"/>, whatever its kind.</summary>
    public static ProviderSetup Without(this ProviderSetup setup, string field)
    {
        var rebuilt = ProviderSetup.Empty;
        foreach (var name in setup.FieldNames.Where(n => n != field))
        {
            rebuilt = setup.GetSecret(name) is { } secret ? rebuilt.WithSecret(name, secret) : rebuilt.With(name, setup.GetValue(name)!);
        }

        return rebuilt;
    }

    /// <summary>The setup with <paramref name="text"/> in <paramref name="field"/>, as a secret when the descriptor declares the field secret.</summary>
    public static ProviderSetup WithText(this ProviderSetup setup, ProviderDescriptor descriptor, string field, string text) =>
        IsSecret(descriptor, field) ? setup.WithSecret(field, new SecretValue(text)) : setup.With(field, text);

    /// <summary>The text of <paramref name="field"/>, revealed if it is a secret.</summary>
    public static string Text(this ProviderSetup setup, string field) =>
        setup.GetSecret(field)?.Reveal() ?? setup.GetValue(field) ?? throw new ArgumentException($"The setup has no field '{field}'.", nameof(field));

    private static bool IsSecret(ProviderDescriptor descriptor, string field) =>
        descriptor.SetupFields.SingleOrDefault(f => f.Name == field)?.IsSecret
        ?? throw new ArgumentException($"{descriptor.DisplayName} declares no field '{field}'.", nameof(field));
}
