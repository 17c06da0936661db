using ShopIQ.Integrations.Core.Providers;

namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>Setup validations for example tests, imported statically in every test file.</summary>
internal static class TestSetups
{
    /// <summary>A passed validation of <paramref name="provider"/>'s setup.</summary>
    public static SetupValidation Valid(ProviderDescriptor provider) => SetupValidation.ValidFor(provider.Key);
}
