using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// The Amazon Seller Central adapter that asks Amazon: connect and health exchange the seller's refresh token for an
/// access token at Login with Amazon, then read the seller's marketplace participations from the Selling Partner API.
/// </summary>
/// <remarks>
/// <para>
/// Token: <c>POST {AmazonLoginBaseAddress}auth/o2/token</c>, form body <c>grant_type=refresh_token&amp;refresh_token=…&amp;
/// client_id=…&amp;client_secret=…</c>, SP-API guide "Connecting to the Selling Partner API" → "Step 1. Request a Login with
/// Amazon access token"; the answer is <c>{"access_token":"Atza|…","token_type":"bearer","expires_in":3600,…}</c>. The client
/// id and secret are ShopIQ's application's (options), never the merchant's. Not confirmed in Amazon's pages found: the
/// error body, taken as OAuth 2.0's <c>{"error":"invalid_grant"|"invalid_client"|…}</c> (RFC 6749 §5.2); only the error
/// code is read, never its description.
/// </para>
/// <para>
/// Read: <c>GET {AmazonSellingPartnerBaseAddress}sellers/v1/marketplaceParticipations</c> with the access token in the
/// <c>x-amz-access-token</c> header, Sellers API v1 reference → "getMarketplaceParticipations"; the answer is
/// <c>{"payload":[{"marketplace":{"id",…},"participation":{"isParticipating",…}}]}</c>, or <c>{"errors":[{"code","message"}]}</c>
/// with 400, 403, 404, 429, 500 or 503. Not confirmed in Amazon's pages found: the header name (from the same guide's
/// step 3 as summarised by client code, and SP-API client libraries), and that no AWS Signature Version 4 is needed
/// any more (Amazon dropped it for SP-API in 2023 according to client libraries; an endpoint that still wants it answers
/// 403, taken as a removed permission).
/// </para>
/// <para>
/// The seller id cannot be checked by this read (the answer names marketplaces, not the seller); the marketplace id is:
/// a seller that does not participate in the setup's marketplace is refused on that field. Disconnect:
/// Amazon offers no API to revoke a refresh token (the seller removes the app in Seller Central under "Manage Your Apps"),
/// so disconnect forgets the setup only. The access token is not kept: each call exchanges the refresh token again.
/// Thread-safe.
/// </para>
/// <para>
/// Live facts (R19): the open marketplace orders, from <c>GET {AmazonSellingPartnerBaseAddress}orders/v0/orders?MarketplaceIds=…
/// &amp;OrderStatuses=Unshipped,PartiallyShipped&amp;CreatedAfter=…&amp;MaxResultsPerPage=100</c>, Orders API v0 reference →
/// "getOrders" (CreatedAfter or LastUpdatedAfter is required; the answer is <c>{"payload":{"Orders":[…],"NextToken":…}}</c>).
/// Orders created in the last <see cref="OpenOrdersWindow"/> are counted, one page only (getOrders allows about one call a
/// minute, and the assessment waits at most its live-facts budget). When the answer carries a non-empty <c>NextToken</c>
/// (more orders follow, same reference) the fact is <see cref="LiveFact.AtLeast"/> the page's count, which reads
/// "100 or more": enough to warn before a disconnect. The page is read up to <see cref="ProviderHttp.MaxFactBodyBytes"/>.
/// </para>
/// </remarks>
internal sealed class AmazonSellerCentralHttpProvider : AmazonSellerCentralProvider
{
    /// <summary>The named HttpClient (one per provider, so one circuit breaker per provider); absolute URIs, two hosts.</summary>
    public const string ClientName = "ShopIQ.Integrations.Http.amazon-seller-central";

    private const string MarketplaceId = "marketplace-id";
    private const string RefreshToken = "refresh-token";

    private readonly IHttpClientFactory _clients;
    private readonly IProviderCredentialStore _credentials;
    private readonly IOptions<HttpProvidersOptions> _options;
    private readonly IClock _clock;

    public AmazonSellerCentralHttpProvider(IHttpClientFactory clients, IProviderCredentialStore credentials, IOptions<HttpProvidersOptions> options, IClock clock)
    {
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>How far back the open orders counted for an impact assessment were created: 30 days.</summary>
    internal static Duration OpenOrdersWindow { get; } = Duration.FromDays(30);

    /// <summary>True: connect asks Amazon.</summary>
    public override bool ConnectCallsOut => true;

    private bool Configured => !string.IsNullOrWhiteSpace(_options.Value.AmazonClientId) && !string.IsNullOrWhiteSpace(_options.Value.AmazonClientSecret);

    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(setup);
        if (!Configured)
        {
            return ProviderCallResult.Refused("Amazon Seller Central cannot be connected from this ShopIQ service yet (its Amazon app is not set up); contact ShopIQ Support.");
        }

        var check = await CheckAsync(setup, cancellationToken).ConfigureAwait(false);
        if (check.Errors.Count == 0 && check.Answer.IsSuccess)
        {
            await _credentials.SaveAsync(store, Descriptor.Key, setup, cancellationToken).ConfigureAwait(false);
            return ProviderCallResult.Success;
        }

        return Refusals.Of(Descriptor, check.Errors, check.Answer);
    }

    public override async Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        // No revoke call exists for an SP-API refresh token: the seller removes the app in Seller Central.
        await _credentials.RemoveAsync(store, Descriptor.Key, cancellationToken).ConfigureAwait(false);
        return ProviderCallResult.Success;
    }

    public override async Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var setup = await _credentials.FindAsync(store, Descriptor.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new ProviderUnavailableException("No Amazon Seller Central setup is kept for this store, so Amazon cannot be asked; connect again to keep it.");
        if (!Configured)
        {
            throw new ProviderUnavailableException("Amazon Seller Central cannot be asked: this service's Amazon app is not set up.");
        }

        var check = await CheckAsync(setup, cancellationToken).ConfigureAwait(false);
        if (check.Errors.Count == 0 && check.Answer.IsSuccess)
        {
            return ProviderHealth.Healthy;
        }

        return check.Errors.FirstOrDefault()?.Field switch
        {
            MarketplaceId => ProviderHealth.NeedsAttention(AttentionReason.ProviderReported),
            RefreshToken when check.Answer.Status == HttpStatusCode.Forbidden => ProviderHealth.NeedsAttention(AttentionReason.PermissionRemoved),
            RefreshToken => ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked),
            _ => throw new ProviderUnavailableException($"Amazon answered HTTP {(int)check.Answer.Status} to the health check; try again later."),
        };
    }

    public override async Task<IReadOnlyList<LiveFact>> GetLiveFactsAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var setup = await _credentials.FindAsync(store, Descriptor.Key, cancellationToken).ConfigureAwait(false);
        if (setup is null || !Configured)
        {
            // Nothing to ask with: the assessment lists this provider's facts as missing.
            throw new ProviderUnavailableException("No Amazon Seller Central setup is kept for this store, so its open orders cannot be counted.");
        }

        var accessToken = await AccessTokenAsync(setup, cancellationToken).ConfigureAwait(false)
            ?? throw new ProviderUnavailableException("Amazon did not exchange the refresh token, so the open orders cannot be counted.");
        var marketplaceId = setup.GetValue(MarketplaceId)?.Trim()
            ?? throw new ProviderUnavailableException("The Amazon Seller Central setup kept for this store has no marketplace id, so its open orders cannot be counted.");
        var options = _options.Value;
        var since = (_clock.GetCurrentInstant() - OpenOrdersWindow).ToString("uuuu-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var query = $"MarketplaceIds={Uri.EscapeDataString(marketplaceId)}&OrderStatuses=Unshipped,PartiallyShipped&CreatedAfter={Uri.EscapeDataString(since)}&MaxResultsPerPage=100";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.AmazonSellingPartnerBaseAddress, $"orders/v0/orders?{query}"));
        request.Headers.TryAddWithoutValidation("x-amz-access-token", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var answer = await ProviderHttp.SendAsync(_clients.CreateClient(ClientName), request, Descriptor.DisplayName, options.TotalTimeout, ProviderHttp.MaxFactBodyBytes, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess
            || answer.Json is not { ValueKind: JsonValueKind.Object } json
            || !json.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("Orders", out var orders) || orders.ValueKind != JsonValueKind.Array)
        {
            throw answer.IsSuccess ? ProviderHttp.Unreadable(Descriptor.DisplayName, answer) : ProviderHttp.Unavailable(Descriptor.DisplayName, answer);
        }

        var count = orders.GetArrayLength();
        return string.IsNullOrEmpty(ProviderHttp.GetString(payload, "NextToken"))
            ? [new LiveFact(Descriptor.Key, LiveFactKind.OpenMarketplaceOrders, count)]
            : [LiveFact.AtLeast(Descriptor.Key, LiveFactKind.OpenMarketplaceOrders, count)];
    }

    /// <summary>
    /// The field errors of Login with Amazon's answer to the token exchange: invalid_grant (and invalid_request) name the
    /// refresh token; invalid_client and unauthorized_client are this service's app credentials, which the merchant cannot
    /// fix, so they throw.
    /// </summary>
    internal static IReadOnlyList<SetupFieldError> TokenErrors(ProviderAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return ProviderHttp.GetString(answer.Json, "error") switch
        {
            "invalid_grant" => [new SetupFieldError(RefreshToken, "Amazon did not accept this refresh token: it was revoked, has expired or belongs to another app; authorize the ShopIQ app again in Seller Central.")],
            "invalid_client" or "unauthorized_client" => throw new ProviderUnavailableException("Amazon did not accept this service's app credentials (AmazonClientId, AmazonClientSecret); try again later."),
            "invalid_request" or "invalid_scope" or "unsupported_grant_type" => [new SetupFieldError(RefreshToken, $"Amazon refused the token exchange (HTTP {(int)answer.Status}); authorize the ShopIQ app again in Seller Central.")],
            _ => answer.Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
                ? [new SetupFieldError(RefreshToken, $"Amazon did not accept this refresh token (HTTP {(int)answer.Status}); authorize the ShopIQ app again in Seller Central.")]
                : [],
        };
    }

    /// <summary>The field errors of the Sellers API's answer: 401/403 the authorization; a 200 without the marketplace, the marketplace id.</summary>
    internal static IReadOnlyList<SetupFieldError> ReadErrors(ProviderAnswer answer, string marketplaceId)
    {
        ArgumentNullException.ThrowIfNull(answer);
        switch (answer.Status)
        {
            case HttpStatusCode.Unauthorized:
                return [new SetupFieldError(RefreshToken, "Amazon did not accept the access this refresh token gives (HTTP 401); authorize the ShopIQ app again in Seller Central.")];
            case HttpStatusCode.Forbidden:
                return [new SetupFieldError(RefreshToken, "Amazon did not let this authorization read the seller's account (HTTP 403); authorize the ShopIQ app again with the selling-partner permissions.")];
            case HttpStatusCode.OK:
                if (answer.Json is not { ValueKind: JsonValueKind.Object } json || !json.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Array)
                {
                    throw new ProviderUnavailableException("Amazon answered HTTP 200 with a body that could not be read; try again later.");
                }

                var participates = payload.EnumerateArray().Any(p =>
                    ProviderHttp.GetString(p, "marketplace", "id") == marketplaceId
                    && p.TryGetProperty("participation", out var participation) && participation.ValueKind == JsonValueKind.Object
                    && participation.TryGetProperty("isParticipating", out var flag) && flag.ValueKind == JsonValueKind.True);
                return participates
                    ? []
                    : [new SetupFieldError(MarketplaceId, "the seller does not sell in this marketplace, according to Amazon; check the marketplace id (A21TJRUUN4KGV for amazon.in).")];
            default:
                return [];
        }
    }

    // The access token for a kept setup, or null when Amazon refused the exchange.
    private async Task<string?> AccessTokenAsync(ProviderSetup setup, CancellationToken cancellationToken)
    {
        var refreshToken = setup.GetSecret(RefreshToken) ?? throw new ArgumentException("The setup has no refresh token.", nameof(setup));
        var token = await ExchangeAsync(refreshToken, _clients.CreateClient(ClientName), cancellationToken).ConfigureAwait(false);
        if (token.IsTransient)
        {
            throw ProviderHttp.Unavailable(Descriptor.DisplayName, token);
        }

        return token.IsSuccess ? ProviderHttp.GetString(token.Json, "access_token") : null;
    }

    private async Task<ProviderAnswer> ExchangeAsync(SecretValue refreshToken, HttpClient client, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.AmazonLoginBaseAddress, "auth/o2/token"));
        request.Content = new FormUrlEncodedContent(
        [
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken.Reveal().Trim()),
            new("client_id", options.AmazonClientId!),
            new("client_secret", options.AmazonClientSecret!),
        ]);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await ProviderHttp.SendAsync(client, request, Descriptor.DisplayName, options.TotalTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(ProviderAnswer Answer, IReadOnlyList<SetupFieldError> Errors)> CheckAsync(ProviderSetup setup, CancellationToken cancellationToken)
    {
        var refreshToken = setup.GetSecret(RefreshToken) ?? throw new ArgumentException("The setup has no refresh token; validate it first.", nameof(setup));
        var marketplaceId = setup.GetValue(MarketplaceId) ?? throw new ArgumentException("The setup has no marketplace id; validate it first.", nameof(setup));
        var options = _options.Value;
        var client = _clients.CreateClient(ClientName);

        var token = await ExchangeAsync(refreshToken, client, cancellationToken).ConfigureAwait(false);
        if (token.IsTransient)
        {
            throw ProviderHttp.Unavailable(Descriptor.DisplayName, token);
        }

        if (!token.IsSuccess)
        {
            return (token, TokenErrors(token));
        }

        var accessToken = ProviderHttp.GetString(token.Json, "access_token");
        if (string.IsNullOrWhiteSpace(accessToken))
        {
            throw ProviderHttp.Unreadable(Descriptor.DisplayName, token);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.AmazonSellingPartnerBaseAddress, "sellers/v1/marketplaceParticipations")))
        {
            request.Headers.TryAddWithoutValidation("x-amz-access-token", accessToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var read = await ProviderHttp.SendAsync(client, request, Descriptor.DisplayName, options.TotalTimeout, cancellationToken).ConfigureAwait(false);
            if (read.IsTransient)
            {
                throw ProviderHttp.Unavailable(Descriptor.DisplayName, read);
            }

            return (read, ReadErrors(read, marketplaceId.Trim()));
        }
    }
}
