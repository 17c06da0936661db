namespace ShopIQ.Integrations.Core.Tests.DependencyInjection;

/// <summary>One adapter type configured per provider, as a generic HTTP adapter would be: the key comes from its settings.</summary>
internal sealed class ParameterisedLogisticsProvider(string key) : OfflineProvider
{
    public override ProviderDescriptor Descriptor { get; } = new(
        new ProviderKey(key),
        key,
        ProviderCategory.Logistics,
        [CommerceWorkflow.ShipmentCreationAndTracking],
        [new SetupField("account", "Account", SetupRequirement.AccountDetails, isSecret: false, isRequired: true)],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
    }
}
