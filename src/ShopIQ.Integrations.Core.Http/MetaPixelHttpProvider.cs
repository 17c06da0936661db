using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// The Meta Pixel adapter that asks Meta: connect and health read the pixel through the Graph API with the merchant's
/// Conversions API token; the pixel's last fired time is its activity.
/// </summary>
/// <remarks>
/// <para>
/// Endpoint: <c>GET /{version}/{pixel-id}?fields=id,name,last_fired_time</c>, Marketing API reference → "Ads Pixel"
/// (Reading: <c>GET /v24.0/{ads-pixel-id}</c>; <c>last_fired_time</c> is one of the AdsPixel fields, also listed by Meta's
/// Business SDK). The token goes in <c>Authorization: Bearer</c>, never in the <c>access_token</c> query parameter, so
/// that it is never part of a URI. Not confirmed in Meta's own pages found: that Graph accepts the header (OAuth 2.0
/// bearer usage, RFC 6750, and public client code use it; Meta's examples show the query parameter).
/// </para>
/// <para>
/// Errors: Graph API → Guides → "Handling Errors": <c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c>.
/// Code 190 is an invalid or expired token, 10 and 200–299 a permission not granted, 100 an invalid parameter (here, a
/// pixel id the token cannot see), 4, 17, 32, 341, 613 and 80004 throttling, 1 and 2 a temporary problem. Only the code is
/// read, never the message, which may quote the request.
/// </para>
/// <para>
/// The Conversions API token is optional in the setup: without one there is nothing to ask Meta with, so connect and
/// health answer as the offline adapter does (the pixel id's format is checked offline). Meta offers no call to revoke a
/// Conversions API token (the merchant removes it in Events Manager), so disconnect forgets the setup only. Live facts:
/// none of the kinds an assessment counts (orders, shipments, campaigns) is a pixel's, so none. Thread-safe.
/// </para>
/// </remarks>
internal sealed class MetaPixelHttpProvider : MetaPixelProvider, IProviderActivityReader
{
    /// <summary>The named HttpClient (one per provider, so one circuit breaker per provider).</summary>
    public const string ClientName = "ShopIQ.Integrations.Http.meta-pixel";

    private const string PixelId = "pixel-id";
    private const string Token = "conversions-api-token";

    private readonly IHttpClientFactory _clients;
    private readonly IProviderCredentialStore _credentials;
    private readonly IOptions<HttpProvidersOptions> _options;

    public MetaPixelHttpProvider(IHttpClientFactory clients, IProviderCredentialStore credentials, IOptions<HttpProvidersOptions> options)
    {
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>True: connect asks Meta when the setup has a token.</summary>
    public override bool ConnectCallsOut => true;

    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.GetSecret(Token) is null)
        {
            await _credentials.SaveAsync(store, Descriptor.Key, setup, cancellationToken).ConfigureAwait(false);
            return ProviderCallResult.Success;
        }

        var answer = await ReadPixelAsync(setup, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            EnsurePixel(answer, setup);
            await _credentials.SaveAsync(store, Descriptor.Key, setup, cancellationToken).ConfigureAwait(false);
            return ProviderCallResult.Success;
        }

        if (IsTransient(answer))
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
            ?? throw new ProviderUnavailableException("No Meta Pixel setup is kept for this store, so Meta cannot be asked; connect again to keep it.");
        if (setup.GetSecret(Token) is null)
        {
            return ProviderHealth.Healthy;
        }

        var answer = await ReadPixelAsync(setup, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            EnsurePixel(answer, setup);
            return ProviderHealth.Healthy;
        }

        if (IsTransient(answer))
        {
            throw ProviderHttp.Unavailable(Descriptor.DisplayName, answer);
        }

        return ErrorCode(answer) switch
        {
            190 => ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked),
            10 or (>= 200 and <= 299) => ProviderHealth.NeedsAttention(AttentionReason.PermissionRemoved),
            100 => ProviderHealth.NeedsAttention(AttentionReason.ProviderReported),
            _ => answer.Status switch
            {
                HttpStatusCode.Unauthorized => ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked),
                HttpStatusCode.Forbidden => ProviderHealth.NeedsAttention(AttentionReason.PermissionRemoved),
                _ => throw new ProviderUnavailableException($"Meta answered HTTP {(int)answer.Status} to the health check; try again later."),
            },
        };
    }

    /// <summary>The Meta Pixel.</summary>
    public ProviderKey Provider => Descriptor.Key;

    /// <summary>The pixel's last fired time, from the same read; null without a token, or when the pixel never fired.</summary>
    public async Task<Instant?> GetLastActivityAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var setup = await _credentials.FindAsync(store, Descriptor.Key, cancellationToken).ConfigureAwait(false);
        if (setup?.GetSecret(Token) is null)
        {
            return null;
        }

        var answer = await ReadPixelAsync(setup, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw IsTransient(answer)
                ? ProviderHttp.Unavailable(Descriptor.DisplayName, answer)
                : new ProviderUnavailableException($"Meta answered HTTP {(int)answer.Status} to the pixel read.");
        }

        EnsurePixel(answer, setup);
        return ParseGraphTime(ProviderHttp.GetString(answer.Json, "last_fired_time"));
    }

    /// <summary>The Graph API's error code (error.code), or null.</summary>
    internal static int? ErrorCode(ProviderAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Json is { ValueKind: JsonValueKind.Object } json
            && json.TryGetProperty("error", out var error)
            && error.ValueKind == JsonValueKind.Object
            && error.TryGetProperty("code", out var code)
            && code.ValueKind == JsonValueKind.Number
            && code.TryGetInt32(out var value)
            ? value
            : null;
    }

    /// <summary>The field errors a refusal names: by the Graph error code, otherwise by status (401, 403).</summary>
    internal static IReadOnlyList<SetupFieldError> FieldErrors(ProviderAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return ErrorCode(answer) switch
        {
            190 => [new SetupFieldError(Token, "Meta did not accept this token: it is invalid, expired or revoked (Graph error 190); generate a new one in Events Manager.")],
            10 or (>= 200 and <= 299) => [new SetupFieldError(Token, "Meta accepted the token but it may not read this pixel (a permission is missing); generate it from the pixel's own settings in Events Manager.")],
            100 => [new SetupFieldError(PixelId, "Meta has no pixel with this id that the token can see (Graph error 100); copy the id from Events Manager.")],
            _ => answer.Status switch
            {
                HttpStatusCode.Unauthorized => [new SetupFieldError(Token, "Meta did not accept this token (HTTP 401); generate a new one in Events Manager.")],
                HttpStatusCode.Forbidden => [new SetupFieldError(Token, "Meta accepted the token but it may not read this pixel (HTTP 403).")],
                HttpStatusCode.NotFound => [new SetupFieldError(PixelId, "Meta has no pixel with this id (HTTP 404); copy the id from Events Manager.")],
                _ => [],
            },
        };
    }

    /// <summary>A Graph time such as <c>2026-12-01T10:20:30+0000</c>, or null.</summary>
    internal static Instant? ParseGraphTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:sszzzz", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss'+0000'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
            ? Instant.FromDateTimeOffset(time)
            : null;
    }

    // Throttling (4, 17, 32, 341, 613, 80004) and temporary (1, 2) codes mean "not now", whatever the status.
    private static bool IsTransient(ProviderAnswer answer) =>
        answer.IsTransient || ErrorCode(answer) is 1 or 2 or 4 or 17 or 32 or 341 or 613 or 80004;

    private async Task<ProviderAnswer> ReadPixelAsync(ProviderSetup setup, CancellationToken cancellationToken)
    {
        var pixelId = setup.GetValue(PixelId) ?? throw new ArgumentException("The setup has no pixel id; validate it first.", nameof(setup));
        var token = setup.GetSecret(Token) ?? throw new ArgumentException("The setup has no token.", nameof(setup));
        var options = _options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{options.MetaGraphApiVersion}/{Uri.EscapeDataString(pixelId.Trim())}?fields=id,name,last_fired_time");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal().Trim());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var client = _clients.CreateClient(ClientName);
        return await ProviderHttp.SendAsync(client, request, Descriptor.DisplayName, options.TotalTimeout, cancellationToken).ConfigureAwait(false);
    }

    // A 200 that is not this pixel (an empty body, HTML from a proxy, another node) is not taken as a yes.
    private void EnsurePixel(ProviderAnswer answer, ProviderSetup setup)
    {
        if (ProviderHttp.GetString(answer.Json, "id") != setup.GetValue(PixelId)?.Trim())
        {
            throw ProviderHttp.Unreadable(Descriptor.DisplayName, answer);
        }
    }
}
