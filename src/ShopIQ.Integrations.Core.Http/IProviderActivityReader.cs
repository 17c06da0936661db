using NodaTime;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// An HTTP adapter whose provider reports when a store's app was last in use, such as the Meta Pixel's last fired time,
/// so that the unused-app guidance (R11) reads real data. Resolve every reader with
/// <c>GetServices&lt;IProviderActivityReader&gt;()</c>; when a store's app was used within the service's unused-app window,
/// record it with <c>ConnectedAppsService.RecordActivityAsync</c> (activity already on record within the recording
/// resolution saves nothing, so calling it on every sweep is cheap).
/// </summary>
/// <remarks>Implementations are thread-safe; one instance serves every store.</remarks>
public interface IProviderActivityReader
{
    /// <summary>The provider whose activity this reader reports.</summary>
    ProviderKey Provider { get; }

    /// <summary>When the provider last saw the store's app in use.</summary>
    /// <param name="store">The connected store.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The time, or null when the provider has none to report (never used, or no credentials to ask with).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    Task<Instant?> GetLastActivityAsync(StoreId store, CancellationToken cancellationToken);
}
