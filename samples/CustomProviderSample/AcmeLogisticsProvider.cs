using System.Text.RegularExpressions;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

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
internal sealed partial class AcmeLogisticsProvider(AcmeLogisticsApi api) : IntegrationProviderBase
{
    /// <summary>What connecting Acme Logistics needs, and what it does for a store.</summary>
    public static ProviderDescriptor Acme { get; } = new(
        new ProviderKey("acme-logistics"),
        "Acme Logistics",
        ProviderCategory.Logistics,
        [CommerceWorkflow.ShipmentCreationAndTracking],
        [
            new SetupField("account-code", "Account code", SetupRequirement.AccountDetails, isSecret: false, isRequired: true),
            new SetupField("api-key", "API key", SetupRequirement.ApiKey, isSecret: true, isRequired: true),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    public override ProviderDescriptor Descriptor => Acme;

    /// <summary>
    /// Offline checks, run before any slot is taken (R5). The base class has already checked that required fields
    /// are present and secrets are given as secrets; a field that failed those is not checked again here.
    /// </summary>
    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(errors);
        if (setup.GetValue("account-code") is { } code && !AccountCode().IsMatch(code.Trim()))
        {
            errors.Add(new SetupFieldError("account-code", "Account code must be ACME- followed by 6 digits, as shown at the top of the Acme dashboard."));
        }

        // The reason never quotes the value: this field is a secret.
        if (setup.GetSecret("api-key") is { } key && !ApiKey().IsMatch(key.Reveal().Trim()))
        {
            errors.Add(new SetupFieldError("api-key", "API key must be ak_live_ or ak_test_ followed by 24 letters or digits."));
        }
    }

    /// <summary>
    /// Asks Acme to link the store to the account. The service calls this while the slot is reserved, and
    /// releases the slot if the answer is a refusal, an exception or too slow (R6). Linking twice is harmless,
    /// as the service requires of a connect.
    /// </summary>
    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(setup);
        var accountCode = setup.GetValue("account-code")!.Trim();
        var apiKey = setup.GetSecret("api-key")!.Reveal().Trim();
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

    [GeneratedRegex("^ACME-[0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountCode();

    [GeneratedRegex("^ak_(live|test)_[A-Za-z0-9]{24}$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKey();
}
