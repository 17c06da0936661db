using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// The Google Analytics 4 adapter that asks Google: connect and health send one test event to the Measurement Protocol
/// validation server, which checks the request and records nothing.
/// </summary>
/// <remarks>
/// <para>
/// Endpoint: <c>POST /debug/mp/collect?measurement_id=…&amp;api_secret=…</c> with a JSON body
/// <c>{"client_id":…,"events":[{"name":…,"params":{}}]}</c>, Measurement Protocol (GA4) → "Validate events" (the only
/// difference from <c>/mp/collect</c> is the path) and → "Reference" (measurement_id and api_secret are query
/// parameters; client_id is required for a web stream). The answer is 200 with <c>{"validationMessages":[{"fieldPath",
/// "description","validationCode"}]}</c>, empty when the request is valid. Only fieldPath and validationCode are read.
/// </para>
/// <para>
/// What this cannot prove (confirmed on the same page): the validation server does not check the API secret, and the
/// Measurement Protocol answers no HTTP error for bad input. So a revoked secret is not detected; a measurement id or
/// secret the server names in a validation message is refused on that field. Checking the secret for real needs the GA
/// Admin API with OAuth for the property, which the setup does not carry.
/// </para>
/// <para>
/// The api_secret travels in the query string, so the request URI is a secret: the client has no request logging, and no
/// exception or message of this adapter contains the URI. The API secret is optional in the setup: without one there is
/// nothing to send with, so connect and health answer as the offline adapter does. An API secret can only be deleted in
/// the GA admin screens (or the Admin API with OAuth), so disconnect forgets the setup only. No live facts: analytics
/// has no orders, shipments or campaigns. Thread-safe.
/// </para>
/// </remarks>
internal sealed class GoogleAnalyticsHttpProvider : GoogleAnalyticsProvider
{
    /// <summary>The named HttpClient (one per provider, so one circuit breaker per provider).</summary>
    public const string ClientName = "ShopIQ.Integrations.Http.google-analytics";

    /// <summary>The test event's name and client id: recognisable in a debug view, never recorded by the validation server.</summary>
    internal const string CheckEvent = "shopiq_connection_check";

    private const string MeasurementId = "measurement-id";
    private const string ApiSecret = "api-secret";

    private readonly IHttpClientFactory _clients;
    private readonly IProviderCredentialStore _credentials;
    private readonly IOptions<HttpProvidersOptions> _options;

    public GoogleAnalyticsHttpProvider(IHttpClientFactory clients, IProviderCredentialStore credentials, IOptions<HttpProvidersOptions> options)
    {
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>True: connect asks Google when the setup has an API secret.</summary>
    public override bool ConnectCallsOut => true;

    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.GetSecret(ApiSecret) is not null)
        {
            var answer = await ValidateAsync(setup, cancellationToken).ConfigureAwait(false);
            if (answer.IsTransient)
            {
                throw ProviderHttp.Unavailable(Descriptor.DisplayName, answer);
            }

            var errors = FieldErrors(answer);
            if (!answer.IsSuccess || errors.Count > 0)
            {
                return Refusals.Of(Descriptor, errors, answer);
            }
        }

        await _credentials.SaveAsync(store, Descriptor.Key, setup, cancellationToken).ConfigureAwait(false);
        return ProviderCallResult.Success;
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
            ?? throw new ProviderUnavailableException("No Google Analytics setup is kept for this store, so Google cannot be asked; connect again to keep it.");
        if (setup.GetSecret(ApiSecret) is null)
        {
            return ProviderHealth.Healthy;
        }

        var answer = await ValidateAsync(setup, cancellationToken).ConfigureAwait(false);
        if (answer.IsTransient)
        {
            throw ProviderHttp.Unavailable(Descriptor.DisplayName, answer);
        }

        if (!answer.IsSuccess)
        {
            // 401 and 403 are not documented for the Measurement Protocol; if Google ever sends them, the secret is the cause.
            return (int)answer.Status is 401 or 403
                ? ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked)
                : throw new ProviderUnavailableException($"Google Analytics answered HTTP {(int)answer.Status} to the health check; try again later.");
        }

        return FieldErrors(answer).Count > 0 ? ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked) : ProviderHealth.Healthy;
    }

    /// <summary>
    /// The field errors a validation answer names: a message whose fieldPath names measurement_id or api_secret refuses
    /// that field; other messages are about the test event itself (this adapter's request, not the merchant's setup) and
    /// name no field, so they do not refuse; a 200 that is not a validation answer is unreadable.
    /// </summary>
    internal static IReadOnlyList<SetupFieldError> FieldErrors(ProviderAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if ((int)answer.Status is 401 or 403)
        {
            return [new SetupFieldError(ApiSecret, $"Google did not accept this API secret (HTTP {(int)answer.Status}); create one under Measurement Protocol API secrets in the web stream's details.")];
        }

        if (!answer.IsSuccess)
        {
            return [];
        }

        if (answer.Json is not { ValueKind: JsonValueKind.Object } json
            || !json.TryGetProperty("validationMessages", out var messages)
            || messages.ValueKind != JsonValueKind.Array)
        {
            throw new ProviderUnavailableException($"Google Analytics answered HTTP {(int)answer.Status} with a body that could not be read; try again later.");
        }

        var errors = new List<SetupFieldError>();
        foreach (var message in messages.EnumerateArray())
        {
            var path = ProviderHttp.GetString(message, "fieldPath") ?? "";
            var code = ProviderHttp.GetString(message, "validationCode") ?? "VALUE_INVALID";
            if (path.Contains("measurement_id", StringComparison.OrdinalIgnoreCase) && errors.All(e => e.Field != MeasurementId))
            {
                errors.Add(new SetupFieldError(MeasurementId, $"Google refused this measurement id ({code}); copy it from the GA4 web stream's details."));
            }
            else if (path.Contains("api_secret", StringComparison.OrdinalIgnoreCase) && errors.All(e => e.Field != ApiSecret))
            {
                errors.Add(new SetupFieldError(ApiSecret, $"Google refused this API secret ({code}); copy it from Measurement Protocol API secrets in the web stream's details."));
            }
        }

        return errors;
    }

    private async Task<ProviderAnswer> ValidateAsync(ProviderSetup setup, CancellationToken cancellationToken)
    {
        var measurementId = setup.GetValue(MeasurementId) ?? throw new ArgumentException("The setup has no measurement id; validate it first.", nameof(setup));
        var secret = setup.GetSecret(ApiSecret) ?? throw new ArgumentException("The setup has no API secret.", nameof(setup));
        var query = $"measurement_id={Uri.EscapeDataString(measurementId.Trim())}&api_secret={Uri.EscapeDataString(secret.Reveal().Trim())}";
        var body = JsonSerializer.Serialize(new
        {
            client_id = CheckEvent,
            events = new[] { new { name = CheckEvent, @params = new Dictionary<string, string>() } },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"debug/mp/collect?{query}");
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var client = _clients.CreateClient(ClientName);
        return await ProviderHttp.SendAsync(client, request, Descriptor.DisplayName, _options.Value.TotalTimeout, cancellationToken).ConfigureAwait(false);
    }
}
