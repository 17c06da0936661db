using ShopIQ.Integrations.Core;

/// <summary>
/// A third-party adapter, written outside the library: it connects ShopIQ stores to Acme Logistics (a
/// fictional courier aggregator) for shipment creation and tracking, and tells the impact assessment how
/// many shipments are in transit (R19).
/// </summary>
/// <remarks>
/// Registered with <c>.AddProvider&lt;AcmeLogisticsProvider&gt;()</c>, so DI creates one instance and gives it
/// what its constructor asks for. The service calls it from many requests at once, so it keeps no state of its
/// own: Acme keeps the link between a store and its account.
/// </remarks>
internal sealed class AcmeLogisticsProvider(AcmeLogisticsApi api) : IntegrationProviderBase
{
    /// <summary>
    /// What connecting Acme Logistics needs, and what it does for a store. Each field declares its format, so the
    /// descriptor's own check (R5, before any slot is taken) refuses a malformed value with a reason that says where to
    /// find the right one, and never quotes the value.
    /// </summary>
    public static ProviderDescriptor Acme { get; } = new(
        new ProviderKey("acme-logistics"),
        "Acme Logistics",
        ProviderCategory.Logistics,
        [CommerceWorkflow.ShipmentCreationAndTracking],
        [
            new SetupField("account-code", "Account code", SetupRequirement.AccountDetails, isSecret: false, isRequired: true, SetupFieldFormat.Pattern(
                "ACME-[0-9]{6}",
                "ACME- followed by 6 digits, as shown at the top of the Acme dashboard")),
            new SetupField("api-key", "API key", SetupRequirement.ApiKey, isSecret: true, isRequired: true, SetupFieldFormat.Pattern(
                "ak_(live|test)_[A-Za-z0-9]{24}",
                "ak_live_ or ak_test_ followed by 24 letters or digits")),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    public override ProviderDescriptor Descriptor => Acme;

    /// <summary>
    /// Asks Acme to link the store to the account. The service calls this while the slot is reserved, and
    /// releases the slot if the answer is a refusal, an exception or too slow (R6). Linking twice is harmless,
    /// as the service requires of a connect.
    /// </summary>
    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(setup);
        var accountCode = setup.GetValue("account-code")!;
        var apiKey = setup.GetSecret("api-key")!.Reveal();
        var refusal = await api.LinkStoreAsync(store, accountCode, apiKey, cancellationToken);
        return refusal is null ? ProviderCallResult.Success : ProviderCallResult.Refused(refusal);
    }

    /// <summary>Tells Acme the store let it go; the slot is already free when this is called (R7).</summary>
    public override async Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        await api.UnlinkStoreAsync(store, cancellationToken);
        return ProviderCallResult.Success;
    }

    /// <summary>A store whose key Acme no longer accepts needs the merchant's attention (R17).</summary>
    public override async Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await api.IsKeyValidAsync(store, cancellationToken) == false
            ? ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked)
            : ProviderHealth.Healthy;
    }

    /// <summary>
    /// Shipments in transit, for the impact assessment (R19). If Acme fails or is slow, the service stops
    /// waiting and the assessment lists the facts as missing, so this may simply throw.
    /// </summary>
    public override async Task<IReadOnlyList<LiveFact>> GetLiveFactsAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var inTransit = await api.CountShipmentsInTransitAsync(store, cancellationToken);
        return inTransit is { } count ? [new LiveFact(Acme.Key, LiveFactKind.ShipmentsInTransit, count)] : [];
    }
}
