// docs/adapters.md: an adapter for a provider ShopIQ does not ship.
using ShopIQ.Integrations.Core;

namespace DocSnippets;

/// <summary>The provider's own client, as your service has it (an HttpClient wrapper, typically).</summary>
public interface IAcmeLogisticsApi
{
    /// <summary>Links the store to the account; answers a refusal reason, or null when linked.</summary>
    Task<string?> LinkStoreAsync(StoreId store, string accountCode, string apiKey, CancellationToken ct);

    /// <summary>Unlinks the store.</summary>
    Task UnlinkStoreAsync(StoreId store, CancellationToken ct);

    /// <summary>Whether Acme still accepts the store's key; null when Acme could not say.</summary>
    Task<bool?> IsKeyValidAsync(StoreId store, CancellationToken ct);

    /// <summary>Shipments in transit for the store.</summary>
    Task<int> CountShipmentsInTransitAsync(StoreId store, CancellationToken ct);
}

#region Adapter
public sealed class AcmeLogisticsProvider(IAcmeLogisticsApi api) : IntegrationProviderBase
{
    public static ProviderDescriptor Acme { get; } = new(
        new ProviderKey("acme-logistics"),
        "Acme Logistics",
        ProviderCategory.Logistics,
        [CommerceWorkflow.ShipmentCreationAndTracking],
        [
            new SetupField("account-code", "Account code", SetupRequirement.AccountDetails, isSecret: false, isRequired: true,
                SetupFieldFormat.Pattern("ACME-[0-9]{6}", "ACME- followed by 6 digits, as shown at the top of the Acme dashboard")),
            new SetupField("api-key", "API key", SetupRequirement.ApiKey, isSecret: true, isRequired: true,
                SetupFieldFormat.Pattern("ak_(live|test)_[A-Za-z0-9]{24}", "ak_live_ or ak_test_ followed by 24 letters or digits")),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    public override ProviderDescriptor Descriptor => Acme;

    // Called while the slot is reserved; a refusal, an exception or a timeout releases it. Idempotent per store.
    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        var refusal = await api.LinkStoreAsync(
            store, setup.GetValue("account-code")!, setup.GetSecret("api-key")!.Reveal(), cancellationToken);
        return refusal is null ? ProviderCallResult.Success : ProviderCallResult.Refused(refusal);
    }

    // Called after the slot is already free, best effort.
    public override async Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken)
    {
        await api.UnlinkStoreAsync(store, cancellationToken);
        return ProviderCallResult.Success;
    }

    // A key the provider no longer accepts: the service marks the app needs-attention; it keeps its slot.
    public override async Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) =>
        await api.IsKeyValidAsync(store, cancellationToken) == false
            ? ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked)
            : ProviderHealth.Healthy;

    // Optional: facts for the impact assessment. Slow or throwing, the assessment lists them as missing.
    public override async Task<IReadOnlyList<LiveFact>> GetLiveFactsAsync(StoreId store, CancellationToken cancellationToken) =>
        [new LiveFact(Acme.Key, LiveFactKind.ShipmentsInTransit, await api.CountShipmentsInTransitAsync(store, cancellationToken))];
}
#endregion
