using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConnectedAppsApi.Tests;

/// <summary>
/// Sends requests to the in-memory server and reads the answers as JSON. Every answer's body is checked for the
/// secret values the tests type into setup forms: none may ever come back.
/// </summary>
internal sealed class ApiClient(HttpClient http)
{
    /// <summary>A WATI token too short to be one: the setup is refused, naming the field, and the value is not echoed.</summary>
    public const string ShortToken = "tok-x9q-short";

    /// <summary>Every secret value any test posts; no answer may hold one.</summary>
    public static readonly string[] Secrets =
    [
        "NotARealRazorpaySecret00",
        "Bearer not-a-real-wati-token.000",
        "not-a-real-ga-secret-0000",
        "not-a-real-shiprocket-password",
        ShortToken,
    ];

    public static readonly Dictionary<string, string> Razorpay = new()
    {
        ["key-id"] = "rzp_test_FAKEKEY0000000",
        ["key-secret"] = "NotARealRazorpaySecret00",
    };

    public static readonly Dictionary<string, string> Wati = new()
    {
        ["api-endpoint"] = "https://live-mt-server.wati.io/000000",
        ["access-token"] = "Bearer not-a-real-wati-token.000",
    };

    public static readonly Dictionary<string, string> GoogleAnalytics = new()
    {
        ["measurement-id"] = "G-SAMPLE0000",
        ["api-secret"] = "not-a-real-ga-secret-0000",
    };

    public static readonly Dictionary<string, string> Shiprocket = new()
    {
        ["api-user-email"] = "api-user@store.example",
        ["api-user-password"] = "not-a-real-shiprocket-password",
    };

    /// <summary>A store id no other test uses.</summary>
    public static string NewStore() => "store-" + Guid.NewGuid().ToString("N")[..12];

    public Task<Answer> OpenStoreAsync(string store, string plan) => PostAsync($"/stores/{store}", new { plan });

    public Task<Answer> ConnectAsync(string store, string provider, object fields) => PostAsync($"/stores/{store}/apps/{provider}", new { fields });

    public Task<Answer> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<Answer> PostAsync(string path, object? body) => PostAsync(path, body, null);

    public Task<Answer> PostAsync(string path, object? body, string? idempotencyKey) => SendAsync(Request(HttpMethod.Post, path, body, idempotencyKey));

    public Task<Answer> PutAsync(string path, object? body) => SendAsync(Request(HttpMethod.Put, path, body, null));

    public async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        var headers = response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, headers, text);
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, object? body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}

/// <summary>An answer: status, media type, headers and body.</summary>
internal sealed record Answer(HttpStatusCode Status, string? MediaType, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new JsonException("The body is JSON null.");

    public string? this[string property] => Json[property]?.ToString();

    public override string ToString() => $"{(int)Status} {Body}";
}
