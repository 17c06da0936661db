namespace ShopIQ.Integrations.Core.Tests.DependencyInjection;

/// <summary>A third-party adapter as a ShopIQ team would write one: a logistics provider with one plain field.</summary>
internal class TestLogisticsProvider : OfflineProvider
{
    public static readonly ProviderKey Key = new("acme-logistics");

    public override ProviderDescriptor Descriptor { get; } = new(
        Key,
        "Acme Logistics",
        ProviderCategory.Logistics,
        [CommerceWorkflow.ShipmentCreationAndTracking],
        [new SetupField("account", "Account", SetupRequirement.AccountDetails, isSecret: false, isRequired: true)],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
    }
}
