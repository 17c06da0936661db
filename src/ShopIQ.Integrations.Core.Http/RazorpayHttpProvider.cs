using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// The Razorpay adapter that asks Razorpay: connect and health read one payment with the merchant's key; the live fact
/// counts the orders awaiting payment.
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
/// <para>
/// Live facts (R19): the orders awaiting payment, from <c>GET /v1/orders?from=…&amp;to=…&amp;count=100</c>, Razorpay API
/// Reference → Orders → "Fetch All Orders" (query parameters <c>authorized</c>, <c>receipt</c>, <c>from</c> and <c>to</c> as
/// Unix timestamps, <c>count</c> default 10 and at most 100, <c>skip</c>, <c>expand[]</c>; the answer is a collection of order
/// entities with <c>status</c>). Orders → "Fetch an Order With Id" → the order entity's <c>status</c>: <c>created</c> until a
/// payment is attempted, <c>attempted</c> from the first payment attempt until a payment is captured, <c>paid</c> after. The
/// orders created in the last <see cref="OrdersWindow"/> whose status is <c>attempted</c> are counted: a customer started to
/// pay and no payment is captured yet (an authorized payment still waiting for capture included), which is what a
/// disconnect would leave stranded; <c>created</c> orders are mostly abandoned checkouts and are not counted. The reference
/// lists no status filter, so the status is read from each order. One page only: the assessment waits at most its
/// live-facts budget (2 s by default), so no paging through <c>skip</c>. When the page is full (100 orders), more orders of
/// the window may follow, and the fact is <see cref="LiveFact.AtLeast"/> the page's count ("… or more"). The page is read up
/// to <see cref="ProviderHttp.MaxFactBodyBytes"/>. Not confirmed in the reference found: the order in which the list comes
/// (taken as newest first, as its examples show; it only matters for which orders a full page holds).
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
    private readonly IClock _clock;

    public RazorpayHttpProvider(IHttpClientFactory clients, IProviderCredentialStore credentials, IOptions<HttpProvidersOptions> options, IClock clock)
    {
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>How far back the orders counted for an impact assessment were created: 30 days.</summary>
    internal static Duration OrdersWindow { get; } = Duration.FromDays(30);

    /// <summary>The page size asked for the live fact: Fetch All Orders' maximum <c>count</c>.</summary>
    internal const int OrdersPageSize = 100;

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

    public override async Task<IReadOnlyList<LiveFact>> GetLiveFactsAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var setup = await _credentials.FindAsync(store, Descriptor.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new ProviderUnavailableException("No Razorpay credentials are kept for this store, so its orders awaiting payment cannot be counted.");
        var now = _clock.GetCurrentInstant();
        var from = (now - OrdersWindow).ToUnixTimeSeconds();
        var to = now.ToUnixTimeSeconds();
        var query = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"from={from}&to={to}&count={OrdersPageSize}");
        using var request = Authorized(setup, $"v1/orders?{query}");
        var answer = await ProviderHttp.SendAsync(_clients.CreateClient(ClientName), request, Descriptor.DisplayName, _options.Value.TotalTimeout, ProviderHttp.MaxFactBodyBytes, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess
            || answer.Json is not { ValueKind: JsonValueKind.Object } json
            || !json.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw answer.IsSuccess ? ProviderHttp.Unreadable(Descriptor.DisplayName, answer) : ProviderHttp.Unavailable(Descriptor.DisplayName, answer);
        }

        var attempted = items.EnumerateArray().Count(order => ProviderHttp.GetString(order, "status") == "attempted");
        return items.GetArrayLength() >= OrdersPageSize
            ? [LiveFact.AtLeast(Descriptor.Key, LiveFactKind.OrdersAwaitingPayment, attempted)]
            : [new LiveFact(Descriptor.Key, LiveFactKind.OrdersAwaitingPayment, attempted)];
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
        using var request = Authorized(setup, "v1/payments?count=1");
        var client = _clients.CreateClient(ClientName);
        return await ProviderHttp.SendAsync(client, request, Descriptor.DisplayName, _options.Value.TotalTimeout, cancellationToken).ConfigureAwait(false);
    }

    // A GET of a relative address with the key in HTTP Basic (API Reference → "API Authentication").
    private static HttpRequestMessage Authorized(ProviderSetup setup, string relativeUri)
    {
        var keyId = setup.GetValue(KeyId) ?? throw new ArgumentException("The setup has no key id; validate it first.", nameof(setup));
        var keySecret = setup.GetSecret(KeySecret) ?? throw new ArgumentException("The setup has no key secret; validate it first.", nameof(setup));
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{keyId}:{keySecret.Reveal()}"));
        var request = new HttpRequestMessage(HttpMethod.Get, relativeUri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
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
