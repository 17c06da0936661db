using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// The Razorpay adapter that asks Razorpay: connect and health read one payment with the merchant's key.
/// </summary>
/// <remarks>
/// <para>
/// Endpoint: <c>GET /v1/payments?count=1</c>, Razorpay API Reference → Payments → "Fetch All Payments" (count is the page
/// size, so this is the cheapest authenticated read). Authentication: API Reference → "API Authentication": HTTP Basic,
/// <c>Authorization: Basic base64(key_id:key_secret)</c>, the scheme spelled exactly "Basic". Success is 200 with a
/// collection (<c>{"entity":"collection","count":n,"items":[...]}</c>). Errors: Payments → Errors → "About Errors":
/// <c>{"error":{"code","description","field","source","step","reason","metadata"}}</c>. Not confirmed in the documentation
/// found: the exact body Razorpay sends with a 401 for a wrong key, so a 401 is mapped by its status alone.
/// </para>
/// <para>
/// The setup is kept in <see cref="IProviderCredentialStore"/> after a successful connect, for the health check, and
/// forgotten on disconnect (Razorpay has no API to revoke a key: the merchant regenerates it in the dashboard).
/// Thread-safe.
/// </para>
/// </remarks>
internal sealed class RazorpayHttpProvider : RazorpayProvider
{
    /// <summary>The named HttpClient (one per provider, so one circuit breaker per provider).</summary>
    public const string ClientName = "ShopIQ.Integrations.Http.razorpay";

    private const string KeyId = "key-id";
    private const string KeySecret = "key-secret";

    private readonly IHttpClientFactory _clients;
    private readonly IProviderCredentialStore _credentials;
    private readonly IOptions<HttpProvidersOptions> _options;

    public RazorpayHttpProvider(IHttpClientFactory clients, IProviderCredentialStore credentials, IOptions<HttpProvidersOptions> options)
    {
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>True: connect asks Razorpay.</summary>
    public override bool ConnectCallsOut => true;

    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(setup);
        var answer = await ReadOnePaymentAsync(setup, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            EnsureCollection(answer);
            await _credentials.SaveAsync(store, Descriptor.Key, setup, cancellationToken).ConfigureAwait(false);
            return ProviderCallResult.Success;
        }

        if (answer.IsTransient)
        {
            throw ProviderHttp.Unavailable(Descriptor.DisplayName, answer);
        }

        return Refusals.Of(Descriptor, FieldErrors(answer), answer);
    }

    public override async Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        await _credentials.RemoveAsync(store, Descriptor.Key, cancellationToken).ConfigureAwait(false);
        return ProviderCallResult.Success;
    }

    public override async Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var setup = await _credentials.FindAsync(store, Descriptor.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new ProviderUnavailableException("No Razorpay credentials are kept for this store, so Razorpay cannot be asked; connect again to keep them.");
        var answer = await ReadOnePaymentAsync(setup, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            EnsureCollection(answer);
            return ProviderHealth.Healthy;
        }

        return answer.Status switch
        {
            HttpStatusCode.Unauthorized => ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked),
            HttpStatusCode.Forbidden => ProviderHealth.NeedsAttention(AttentionReason.PermissionRemoved),
            _ when answer.IsTransient => throw ProviderHttp.Unavailable(Descriptor.DisplayName, answer),
            _ => throw new ProviderUnavailableException($"Razorpay answered HTTP {(int)answer.Status} to the health check; try again later."),
        };
    }

    /// <summary>The field errors a refusal names: by status (401, 403), or by the error body's <c>field</c> (400).</summary>
    internal static IReadOnlyList<SetupFieldError> FieldErrors(ProviderAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        switch (answer.Status)
        {
            case HttpStatusCode.Unauthorized:
                return [new SetupFieldError(KeySecret, "Razorpay did not accept this key id with this key secret (HTTP 401); check both under Account & Settings > API Keys, in the mode (test or live) the key id names.")];
            case HttpStatusCode.Forbidden:
                return [new SetupFieldError(KeyId, "Razorpay accepted the key but it may not read payments (HTTP 403); use a key with access to the Payments API.")];
            case HttpStatusCode.BadRequest:
                // Only the field name is used: the description may quote what was sent.
                return ProviderHttp.GetString(answer.Json, "error", "field") switch
                {
                    "key_id" or "key" => [new SetupFieldError(KeyId, "Razorpay refused this key id (HTTP 400).")],
                    "key_secret" or "secret" => [new SetupFieldError(KeySecret, "Razorpay refused this key secret (HTTP 400).")],
                    _ => [],
                };
            default:
                return [];
        }
    }

    private async Task<ProviderAnswer> ReadOnePaymentAsync(ProviderSetup setup, CancellationToken cancellationToken)
    {
        var keyId = setup.GetValue(KeyId) ?? throw new ArgumentException("The setup has no key id; validate it first.", nameof(setup));
        var keySecret = setup.GetSecret(KeySecret) ?? throw new ArgumentException("The setup has no key secret; validate it first.", nameof(setup));
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{keyId}:{keySecret.Reveal()}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/payments?count=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var client = _clients.CreateClient(ClientName);
        return await ProviderHttp.SendAsync(client, request, Descriptor.DisplayName, _options.Value.TotalTimeout, cancellationToken).ConfigureAwait(false);
    }

    // A 200 that is not a Razorpay collection (an empty body, HTML from a proxy, broken JSON) is not taken as a yes.
    private void EnsureCollection(ProviderAnswer answer)
    {
        if (answer.Json is not { ValueKind: JsonValueKind.Object } json || !json.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw ProviderHttp.Unreadable(Descriptor.DisplayName, answer);
        }
    }
}
