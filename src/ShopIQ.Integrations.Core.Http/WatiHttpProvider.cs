using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// The WATI adapter that asks WATI: connect and health read one contact from the merchant's own WATI tenant.
/// </summary>
/// <remarks>
/// <para>
/// Endpoint: <c>GET {api-endpoint}/api/v1/getContacts?pageSize=1&amp;pageNumber=1</c>. WATI's API reference
/// (docs.wati.io → Reference → "Authentication") shows <c>GET https://live-mt-server.wati.io/&lt;tenant&gt;/api/v1/getContacts</c>
/// with <c>Authorization: Bearer &lt;token&gt;</c>; the API endpoint URL and the token are both on the merchant's "API Docs"
/// page (support.wati.io, "How to find your Wati API endpoint URL and bearer token"). Not confirmed in the documentation
/// found: the paging parameter names (pageSize, pageNumber), the success body's shape (any JSON object is taken as
/// success), and the bodies of 401 and 403 (mapped by status alone). Legacy tokens are rotated when the user changes
/// password (confirmed), which is what a 401 on the health check usually means.
/// </para>
/// <para>
/// The endpoint is the merchant's: the token is sent only to an https endpoint whose host is one of
/// <see cref="HttpProvidersOptions.WatiAllowedHostSuffixes"/> (or a loopback address, for local fakes), so a setup cannot
/// aim the token at another host. The setup is kept in <see cref="IProviderCredentialStore"/> after a successful
/// connect and forgotten on disconnect. Thread-safe.
/// </para>
/// </remarks>
internal sealed class WatiHttpProvider : WatiProvider
{
    /// <summary>The named HttpClient (one per provider, so one circuit breaker per provider); it has no base address.</summary>
    public const string ClientName = "ShopIQ.Integrations.Http.wati";

    private const string Endpoint = "api-endpoint";
    private const string AccessToken = "access-token";

    private readonly IHttpClientFactory _clients;
    private readonly IProviderCredentialStore _credentials;
    private readonly IOptions<HttpProvidersOptions> _options;

    public WatiHttpProvider(IHttpClientFactory clients, IProviderCredentialStore credentials, IOptions<HttpProvidersOptions> options)
    {
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>True: connect asks WATI.</summary>
    public override bool ConnectCallsOut => true;

    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(setup);
        if (!TryGetEndpoint(setup, out var endpoint))
        {
            return Refusals.Of(Descriptor, [new SetupFieldError(Endpoint, $"the API endpoint must be an https URL on {string.Join(" or ", _options.Value.WatiAllowedHostSuffixes)}, as shown on WATI's API Docs page.")], new ProviderAnswer(HttpStatusCode.BadRequest, null, null));
        }

        var answer = await ReadOneContactAsync(endpoint, setup, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            EnsureObject(answer);
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
            ?? throw new ProviderUnavailableException("No WATI credentials are kept for this store, so WATI cannot be asked; connect again to keep them.");
        if (!TryGetEndpoint(setup, out var endpoint))
        {
            // The allowed hosts changed since the connect: the merchant must enter an endpoint that is allowed now.
            return ProviderHealth.NeedsAttention(AttentionReason.ProviderReported);
        }

        var answer = await ReadOneContactAsync(endpoint, setup, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            EnsureObject(answer);
            return ProviderHealth.Healthy;
        }

        return answer.Status switch
        {
            HttpStatusCode.Unauthorized => ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked),
            HttpStatusCode.Forbidden => ProviderHealth.NeedsAttention(AttentionReason.PermissionRemoved),
            HttpStatusCode.NotFound => ProviderHealth.NeedsAttention(AttentionReason.ProviderReported),
            _ when answer.IsTransient => throw ProviderHttp.Unavailable(Descriptor.DisplayName, answer),
            _ => throw new ProviderUnavailableException($"WATI answered HTTP {(int)answer.Status} to the health check; try again later."),
        };
    }

    /// <summary>The field errors a refusal names, by status: 401 the token, 403 its permissions, 404 the endpoint.</summary>
    internal static IReadOnlyList<SetupFieldError> FieldErrors(ProviderAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Status switch
        {
            HttpStatusCode.Unauthorized => [new SetupFieldError(AccessToken, "WATI did not accept this access token (HTTP 401); copy the current token from WATI's API Docs page (changing the password replaces it).")],
            HttpStatusCode.Forbidden => [new SetupFieldError(AccessToken, "WATI accepted the token but it may not read contacts (HTTP 403); give it the contacts:read permission.")],
            HttpStatusCode.NotFound => [new SetupFieldError(Endpoint, "WATI has no API at this endpoint (HTTP 404); copy the API endpoint URL from WATI's API Docs page.")],
            _ => [],
        };
    }

    private bool TryGetEndpoint(ProviderSetup setup, out Uri endpoint)
    {
        endpoint = null!;
        var text = setup.GetValue(Endpoint);
        if (text is null || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        var loopback = uri.IsLoopback;
        var allowed = loopback || _options.Value.WatiAllowedHostSuffixes.Any(suffix =>
            string.Equals(uri.Host, suffix, StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase));
        if (!allowed || !(uri.Scheme == Uri.UriSchemeHttps || (loopback && uri.Scheme == Uri.UriSchemeHttp)))
        {
            return false;
        }

        endpoint = uri;
        return true;
    }

    private async Task<ProviderAnswer> ReadOneContactAsync(Uri endpoint, ProviderSetup setup, CancellationToken cancellationToken)
    {
        var secret = setup.GetSecret(AccessToken) ?? throw new ArgumentException("The setup has no access token; validate it first.", nameof(setup));
        var token = secret.Reveal().Trim();
        // The setup field accepts the token with or without the word Bearer in front (as WATI's page shows it).
        if (token.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) && token.Length > 6 && char.IsWhiteSpace(token[6]))
        {
            token = token[6..].TrimStart();
        }

        var path = endpoint.AbsolutePath.TrimEnd('/');
        var uri = new UriBuilder(endpoint) { Path = $"{path}/api/v1/getContacts", Query = "pageSize=1&pageNumber=1" }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var client = _clients.CreateClient(ClientName);
        return await ProviderHttp.SendAsync(client, request, Descriptor.DisplayName, _options.Value.TotalTimeout, cancellationToken).ConfigureAwait(false);
    }

    // A 200 that is not a JSON object (an empty body, HTML from a proxy, broken JSON) is not taken as a yes.
    private void EnsureObject(ProviderAnswer answer)
    {
        if (answer.Json is not { ValueKind: JsonValueKind.Object })
        {
            throw ProviderHttp.Unreadable(Descriptor.DisplayName, answer);
        }
    }
}
