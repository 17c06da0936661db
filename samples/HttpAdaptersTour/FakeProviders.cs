using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// The six providers, faked in this process on 127.0.0.1: an <see cref="HttpListener"/> that answers each provider's
/// documented request as that provider would, valid, revoked or down per provider. Nothing leaves loopback.
/// </summary>
internal sealed class FakeProviders : IAsyncDisposable
{
    public const string AccessToken = "Atza|SampleAccessTokenNotReal0001";

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, string> _state = new(StringComparer.Ordinal);
    private Task _loop = Task.CompletedTask;

    private FakeProviders(Uri address)
    {
        Address = address;
        _listener.Prefixes.Add(address.ToString());
    }

    /// <summary>The fake's address: every base address of the HTTP adapters points here.</summary>
    public Uri Address { get; }

    /// <summary>Every request the fake answered, as "METHOD /path".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static FakeProviders Start()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var fake = new FakeProviders(new Uri($"http://127.0.0.1:{port}/"));
        fake._listener.Start();
        fake._loop = Task.Run(fake.LoopAsync);
        return fake;
    }

    /// <summary>From now on the provider answers as when its credentials were revoked.</summary>
    public void Revoke(string provider) => _state[provider] = "revoked";

    /// <summary>From now on the provider answers 503 Service Unavailable.</summary>
    public void TakeDown(string provider) => _state[provider] = "down";

    public void Restore(string provider) => _state.TryRemove(provider, out _);

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is ObjectDisposedException or HttpListenerException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or HttpListenerException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            Requests.Enqueue($"{context.Request.HttpMethod} {path}");
            var (status, body) = Answer(path);
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    // Each provider as its API reference shows it (see docs/http-adapters.md).
    private (int Status, string Body) Answer(string path)
    {
        var provider = path switch
        {
            "/v1/payments" => "razorpay",
            "/v1/external/auth/login" => "shiprocket",
            "/tenant-42/api/v1/getContacts" => "wati",
            "/debug/mp/collect" => "google-analytics",
            _ when path.StartsWith("/v25.0/", StringComparison.Ordinal) => "meta-pixel",
            _ when path.StartsWith("/lwa/", StringComparison.Ordinal) || path.StartsWith("/sp/", StringComparison.Ordinal) => "amazon-seller-central",
            _ => "none",
        };
        var state = _state.GetValueOrDefault(provider, "valid");
        if (state == "down")
        {
            return (503, """{"error":"unavailable"}""");
        }

        var valid = state == "valid";
        return path switch
        {
            "/v1/payments" => valid ? (200, """{"entity":"collection","count":0,"items":[]}""") : (401, """{"error":{"code":"BAD_REQUEST_ERROR","description":"The api key provided is invalid"}}"""),
            "/v1/external/auth/login" => valid ? (200, """{"token":"eyJSampleShiprocketSession"}""") : (401, """{"message":"Invalid email and password combination"}"""),
            "/tenant-42/api/v1/getContacts" => valid ? (200, """{"result":"success","contact_list":[]}""") : (401, ""),
            "/debug/mp/collect" => valid ? (200, """{"validationMessages":[]}""") : (200, """{"validationMessages":[{"fieldPath":"api_secret","validationCode":"VALUE_INVALID"}]}"""),
            "/lwa/auth/o2/token" => valid ? (200, $$"""{"access_token":"{{AccessToken}}","token_type":"bearer","expires_in":3600}""") : (400, """{"error":"invalid_grant"}"""),
            "/sp/sellers/v1/marketplaceParticipations" => (200, """{"payload":[{"marketplace":{"id":"A21TJRUUN4KGV","name":"Amazon.in"},"participation":{"isParticipating":true,"hasSuspendedListings":false}}]}"""),
            "/sp/orders/v0/orders" => (200, """{"payload":{"Orders":[{"AmazonOrderId":"403-0000001-0000001"},{"AmazonOrderId":"403-0000002-0000002"}]}}"""),
            _ when provider == "meta-pixel" => valid
                ? (200, """{"id":"123456789012345","name":"Store pixel","last_fired_time":"2026-12-01T10:20:30+0000"}""")
                : (400, """{"error":{"message":"Error validating access token","type":"OAuthException","code":190}}"""),
            _ => (404, "{}"),
        };
    }
}

/// <summary>Refuses any request that would leave loopback, and stands in for TLS: https://127.0.0.1 goes to the plain-http fake.</summary>
internal sealed class LoopbackOnly : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("A request without a URI.");
        if (!uri.IsLoopback)
        {
            throw new InvalidOperationException("The sample tried to leave loopback.");
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
