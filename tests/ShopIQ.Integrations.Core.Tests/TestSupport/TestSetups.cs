namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>Setup validations for example tests, imported statically in every test file.</summary>
internal static class TestSetups
{
    /// <summary>
    /// A passed validation of <paramref name="provider"/>'s setup, got the only way there is: by checking a setup that
    /// is valid for it (a built-in provider's from <see cref="BuiltInSetups"/>, otherwise the empty setup).
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither setup is valid for <paramref name="provider"/>.</exception>
    public static SetupValidation Valid(ProviderDescriptor provider)
    {
        if (BuiltInProviders.All.Any(b => b.Key == provider.Key) && provider.CheckFields(BuiltInSetups.For(provider.Key)) is { IsValid: true } builtIn)
        {
            return builtIn;
        }

        var empty = provider.CheckFields(ProviderSetup.Empty);
        return empty.IsValid ? empty : throw new InvalidOperationException($"The tests know no valid setup of {provider}: {empty}");
    }
}
