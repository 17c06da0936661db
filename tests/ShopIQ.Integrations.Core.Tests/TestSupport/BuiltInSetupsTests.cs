namespace ShopIQ.Integrations.Core.Tests.TestSupport;

public sealed class BuiltInSetupsTests
{
    [Fact]
    public void For_EveryBuiltInAdapter_PassesItsValidation()
    {
        foreach (var adapter in BuiltInSetups.Adapters)
        {
            var validation = adapter.ValidateSetup(BuiltInSetups.For(adapter.Descriptor.Key));
            Assert.True(validation.IsValid, validation.ToString());
        }
    }
}
