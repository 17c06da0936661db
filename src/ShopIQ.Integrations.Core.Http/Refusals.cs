namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// Turns the field errors an adapter made of a provider's answer into one refusal: each as "Field name: reason",
/// joined with "; ". The reasons are the adapter's own words, never the provider's text, which may echo what was sent.
/// </summary>
internal static class Refusals
{
    /// <summary>The refusal; with no field errors, the generic reason naming the provider and the status code.</summary>
    public static ProviderCallResult Of(ProviderDescriptor descriptor, IReadOnlyList<SetupFieldError> errors, ProviderAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(answer);
        if (errors.Count == 0)
        {
            return ProviderCallResult.Refused(Generic(descriptor, answer));
        }

        var parts = errors.Select(e =>
        {
            var field = descriptor.SetupFields.FirstOrDefault(f => f.Name == e.Field);
            return $"{field?.DisplayName ?? e.Field}: {e.Reason}";
        });
        return ProviderCallResult.Refused(string.Join("; ", parts));
    }

    /// <summary>The reason given when the answer names no field: the provider and the status code, never the body.</summary>
    public static string Generic(ProviderDescriptor descriptor, ProviderAnswer answer) =>
        $"{descriptor.DisplayName} refused the connection (HTTP {(int)answer.Status}).";
}
