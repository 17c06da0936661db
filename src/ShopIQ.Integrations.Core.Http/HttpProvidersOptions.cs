namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// Settings of the HTTP adapters: the providers' base addresses, the Graph API version, Amazon's app credentials and the
/// resilience pipeline's limits. Validated when the host starts (and when an adapter is first created): every base address
/// absolute, https (plain http only for a loopback address, for local fakes), without credentials, query or fragment; the
/// Graph version like v25.0; Amazon's client id and secret together or not at all; the limits positive and consistent.
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

    /// <summary>
    /// Meta's Graph API (graph.facebook.com, from the Graph API overview); the Meta Pixel adapter reads the pixel there.
    /// </summary>
    public Uri MetaGraphBaseAddress { get; set; } = new("https://graph.facebook.com/");

    /// <summary>
    /// The Graph API version the Meta Pixel adapter calls, such as <c>v25.0</c> (the version the Marketing API reference
    /// showed when the adapter was written). Meta retires each version about two years after its release: raise it then.
    /// </summary>
    public string MetaGraphApiVersion { get; set; } = "v25.0";

    /// <summary>The Google Analytics collection host (www.google-analytics.com, from the Measurement Protocol reference).</summary>
    public Uri GoogleAnalyticsBaseAddress { get; set; } = new("https://www.google-analytics.com/");

    /// <summary>
    /// Login with Amazon's token service (api.amazon.com, where <c>/auth/o2/token</c> exchanges a refresh token; from the
    /// SP-API guide "Connecting to the Selling Partner API", step 1).
    /// </summary>
    public Uri AmazonLoginBaseAddress { get; set; } = new("https://api.amazon.com/");

    /// <summary>
    /// The Selling Partner API's regional endpoint; the Europe endpoint by default (https://sellingpartnerapi-eu.amazon.com/),
    /// which serves amazon.in. Use https://sellingpartnerapi-na.amazon.com/ or https://sellingpartnerapi-fe.amazon.com/
    /// for sellers of the other regions.
    /// </summary>
    public Uri AmazonSellingPartnerBaseAddress { get; set; } = new("https://sellingpartnerapi-eu.amazon.com/");

    /// <summary>
    /// The LWA client id of ShopIQ's registered SP-API application (app-level, never a merchant's setup). Set it together with
    /// <see cref="AmazonClientSecret"/>, or leave both unset: Amazon Seller Central connects are then refused with a reason
    /// saying this service is not set up for Amazon.
    /// </summary>
    public string? AmazonClientId { get; set; }

    /// <summary>The LWA client secret of ShopIQ's SP-API application; kept out of every log and message. See <see cref="AmazonClientId"/>.</summary>
    public string? AmazonClientSecret { get; set; }

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
