namespace ShopIQ.Integrations.Core;

/// <summary>
/// An adapter for one third-party provider: what it is, how its setup is checked offline, and the calls
/// that reach the provider (connect, disconnect, health, live facts).
/// </summary>
/// <remarks>
/// <para>
/// The connected-apps service calls an adapter; the adapter never changes a store itself. While
/// <see cref="ConnectAsync"/> runs, the service holds a pending reservation for the app (R6), so a connect
/// may take as long as the provider needs, up to the service's connect timeout.
/// </para>
/// <para>
/// The library never stores setup values. An adapter that needs credentials after connecting keeps
/// them itself (for example in a secret store), keyed by store.
/// </para>
/// <para>
/// Implementations must be thread-safe: one instance serves every store. Secret values reach an adapter
/// as <see cref="SecretValue"/>; call <see cref="SecretValue.Reveal"/> only to send them to the provider,
/// and never put them into exception messages or results.
/// </para>
/// </remarks>
public interface IIntegrationProvider
{
    /// <summary>The provider's description: key, name, category, workflows, setup fields, disconnect support, availability.</summary>
    ProviderDescriptor Descriptor { get; }

    /// <summary>Checks a setup offline (no network): required fields and formats, with a reason per field (R5).</summary>
    /// <param name="setup">The values the merchant entered.</param>
    /// <returns>The validation, made for <see cref="Descriptor"/>'s key; reasons never contain a value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="setup"/> is null.</exception>
    SetupValidation ValidateSetup(ProviderSetup setup);

    /// <summary>
    /// Whether <see cref="ConnectAsync"/> calls the provider over the network (or otherwise may take long). When it does,
    /// the service first saves a pending reservation that holds the slot while the call runs (R6), then completes or
    /// releases it: two saves. An adapter that only checks what it was given answers false, and its connect is saved
    /// once: it is asked before the store decides, so its connect must change nothing at the provider (a store at its
    /// limit refuses after it said yes, and it is not told to let go). True unless an adapter says otherwise.
    /// </summary>
    bool ConnectCallsOut => true;

    /// <summary>Connects the store at the provider with a setup that passed <see cref="ValidateSetup"/>.</summary>
    /// <param name="store">The store being connected.</param>
    /// <param name="setup">The validated setup.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up or the connect timeout passes.</param>
    /// <returns>Whether the provider accepted the connection; a refusal carries a reason without secrets.</returns>
    Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken);

    /// <summary>Tells the provider the store disconnected (revoke tokens, remove webhooks). Best effort: the slot is already free.</summary>
    /// <param name="store">The store that disconnected.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up.</param>
    /// <returns>Whether the provider confirmed.</returns>
    Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken);

    /// <summary>Checks that the connection still works: credentials valid, permissions in place (R17).</summary>
    /// <param name="store">The connected store.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up.</param>
    /// <returns>The connection's health; unhealthy answers name the reason.</returns>
    Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken);

    /// <summary>
    /// Live facts for an impact assessment (R19): orders awaiting payment or refund through this gateway,
    /// shipments in transit, scheduled campaigns. The service gives the call a time budget; an adapter
    /// that is slow or throws never blocks the assessment, which then lists this provider's facts as missing.
    /// </summary>
    /// <param name="store">The store being assessed.</param>
    /// <param name="cancellationToken">Cancelled when the time budget runs out.</param>
    /// <returns>The facts; empty when the provider has none to report.</returns>
    Task<IReadOnlyList<LiveFact>> GetLiveFactsAsync(StoreId store, CancellationToken cancellationToken);
}
