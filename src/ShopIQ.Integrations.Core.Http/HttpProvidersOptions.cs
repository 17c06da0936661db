namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// Settings of the HTTP adapters: the providers' base addresses and the resilience pipeline's limits. Validated when the
/// host starts (and when an adapter is first created): every base address absolute, https (plain http only for a
/// loopback address, for local fakes), without credentials, query or fragment; the limits positive and consistent.
/// </summary>
public sealed class HttpProvidersOptions
{
    /// <summary>Razorpay's API (API Reference: https://api.razorpay.com/v1 is its server).</summary>
    public Uri RazorpayBaseAddress { get; set; } = new("https://api.razorpay.com/");

    /// <summary>Shiprocket's external API (base URL apiv2.shiprocket.in, from Shiprocket's API documentation).</summary>
    public Uri ShiprocketBaseAddress { get; set; } = new("https://apiv2.shiprocket.in/");

    /// <summary>
    /// The hosts a WATI setup's API endpoint may name (each one itself or any of its subdomains); <c>wati.io</c> by default
    /// (WATI's endpoints look like https://live-mt-server.wati.io/&lt;tenant id&gt;). The merchant enters the endpoint, and
    /// the access token is sent to it, so it must be a host of WATI's.
    /// </summary>
    public IList<string> WatiAllowedHostSuffixes { get; } = ["wati.io"];

    /// <summary>How long one attempt may take before it is abandoned and retried; 10 seconds by default.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one call may take with all its retries, including reading the answer; 30 seconds by default.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a failed attempt (429, 408, 5xx, a network failure or an attempt timeout) is retried; 3 by default.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// The first retry's delay when the provider sent no Retry-After; later retries back off exponentially, with jitter.
    /// 2 seconds by default. A Retry-After the provider sends is honoured instead.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
}
