using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// The Shiprocket adapter that asks Shiprocket: connect and health log the API user in.
/// </summary>
/// <remarks>
/// <para>
/// Endpoint: <c>POST /v1/external/auth/login</c> with JSON <c>{"email":…,"password":…}</c> of the API user, from
/// Shiprocket's API documentation (apidocs.shiprocket.in, "Authentication") and its support article on the API
/// ("External API step by step process": base URL apiv2.shiprocket.in; the token it returns is sent afterwards as
/// <c>Authorization: Bearer</c> and is valid for 240 hours). The login is Shiprocket's cheapest authenticated call and
/// changes nothing, so retrying it is safe. Success is 200 with <c>{"token": "…", …}</c>; the token is not kept (each
/// health check logs in again).
/// </para>
/// <para>
/// Not confirmed in the documentation found: which status a wrong email or password gets (400, 401 and 403 are all
/// taken as "not accepted"), and the error body (<c>{"message":…,"status_code":…}</c> in public client code; a 422 with
/// Laravel-style <c>{"errors":{"email":[…],"password":[…]}}</c> is mapped by field name only, never by its text).
/// </para>
/// <para>The setup is kept in <see cref="IProviderCredentialStore"/> after a successful connect and forgotten on disconnect. Thread-safe.</para>
/// </remarks>
internal sealed class ShiprocketHttpProvider : ShiprocketProvider
{
    /// <summary>The named HttpClient (one per provider, so one circuit breaker per provider).</summary>
    public const string ClientName = "ShopIQ.Integrations.Http.shiprocket";

    private const string Email = "api-user-email";
    private const string Password = "api-user-password";

    private readonly IHttpClientFactory _clients;
    private readonly IProviderCredentialStore _credentials;
    private readonly IOptions<HttpProvidersOptions> _options;

    public ShiprocketHttpProvider(IHttpClientFactory clients, IProviderCredentialStore credentials, IOptions<HttpProvidersOptions> options)
    {
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>True: connect asks Shiprocket.</summary>
    public override bool ConnectCallsOut => true;

    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(setup);
        var answer = await LogInAsync(setup, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            EnsureToken(answer);
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
            ?? throw new ProviderUnavailableException("No Shiprocket credentials are kept for this store, so Shiprocket cannot be asked; connect again to keep them.");
        var answer = await LogInAsync(setup, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            EnsureToken(answer);
            return ProviderHealth.Healthy;
        }

        return answer.Status switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.UnprocessableEntity =>
                ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked),
            _ when answer.IsTransient => throw ProviderHttp.Unavailable(Descriptor.DisplayName, answer),
            _ => throw new ProviderUnavailableException($"Shiprocket answered HTTP {(int)answer.Status} to the health check; try again later."),
        };
    }

    /// <summary>The field errors a refusal names: by the 422 body's field names, otherwise by status (400, 401, 403).</summary>
    internal static IReadOnlyList<SetupFieldError> FieldErrors(ProviderAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Status == HttpStatusCode.UnprocessableEntity
            && answer.Json is { ValueKind: JsonValueKind.Object } json
            && json.TryGetProperty("errors", out var errors)
            && errors.ValueKind == JsonValueKind.Object)
        {
            var named = new List<SetupFieldError>();
            if (errors.TryGetProperty("email", out _))
            {
                named.Add(new SetupFieldError(Email, "Shiprocket refused this email address (HTTP 422)."));
            }

            if (errors.TryGetProperty("password", out _))
            {
                named.Add(new SetupFieldError(Password, "Shiprocket refused this password (HTTP 422)."));
            }

            if (named.Count > 0)
            {
                return named;
            }
        }

        return answer.Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? [new SetupFieldError(Password, $"Shiprocket did not accept this API user email and password (HTTP {(int)answer.Status}); use the API user created under Settings > API, not the account's own login.")]
            : [];
    }

    private async Task<ProviderAnswer> LogInAsync(ProviderSetup setup, CancellationToken cancellationToken)
    {
        var email = setup.GetValue(Email) ?? throw new ArgumentException("The setup has no API user email; validate it first.", nameof(setup));
        var password = setup.GetSecret(Password) ?? throw new ArgumentException("The setup has no API user password; validate it first.", nameof(setup));
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["email"] = email, ["password"] = password.Reveal() });
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/external/auth/login");
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var client = _clients.CreateClient(ClientName);
        return await ProviderHttp.SendAsync(client, request, Descriptor.DisplayName, _options.Value.TotalTimeout, cancellationToken).ConfigureAwait(false);
    }

    // A 200 without a token (an empty body, HTML from a proxy, broken JSON) is not taken as a yes.
    private void EnsureToken(ProviderAnswer answer)
    {
        if (string.IsNullOrWhiteSpace(ProviderHttp.GetString(answer.Json, "token")))
        {
            throw ProviderHttp.Unreadable(Descriptor.DisplayName, answer);
        }
    }
}
