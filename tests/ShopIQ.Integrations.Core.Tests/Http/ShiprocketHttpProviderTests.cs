using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core.Http;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>The Shiprocket HTTP adapter against a loopback fake Shiprocket: the exact login request, the status matrix, no secret anywhere.</summary>
public sealed class ShiprocketHttpProviderTests : IAsyncLifetime
{
    private const string Email = "api-user@example.com";
    private const string Password = "Pa55 word with \"quotes\" and spaces ";
    private const string Token = """{"company_id":1,"email":"api-user@example.com","token":"eyJhbGciOiJIUzI1NiJ9.x.y"}""";

    private static readonly StoreId Store = new("store-1");
    private static readonly ProviderSetup Setup = ProviderSetup.Empty.With("api-user-email", Email).WithSecret("api-user-password", new SecretValue(Password));

    private readonly CapturingLoggerProvider _logs = new();
    private FakeProviderServer _shiprocket = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _shiprocket = await FakeProviderServer.StartAsync();
        _services = RazorpayHttpProviderTests.Build(new Uri("http://127.0.0.1:9/"), _logs, o => o.ShiprocketBaseAddress = _shiprocket.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _shiprocket.DisposeAsync();
    }

    private IIntegrationProvider Adapter => _services.GetServices<IIntegrationProvider>().Single(p => p.Descriptor.Key == BuiltInProviders.Shiprocket.Key);

    [Fact]
    public async Task Connect_logs_the_api_user_in_with_the_documented_request()
    {
        _shiprocket.Enqueue(new FakeResponse(200, Token));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.Equal(ProviderCallResult.Success, result);
        Assert.True(Adapter.ConnectCallsOut);
        var request = Assert.Single(_shiprocket.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/external/auth/login", request.Path);
        Assert.Equal("", request.Query);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("application/json", request.Headers["Accept"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(Email, body.RootElement.GetProperty("email").GetString());
        Assert.Equal(Password, body.RootElement.GetProperty("password").GetString()); // taken as entered, spaces and quotes too
        Assert.Equal(2, body.RootElement.EnumerateObject().Count());
    }

    [Theory]
    [InlineData(400, """{"message":"Invalid email and password combination","status_code":400}""", "API user password: Shiprocket did not accept this API user email and password (HTTP 400)")]
    [InlineData(401, null, "API user password: Shiprocket did not accept this API user email and password (HTTP 401)")]
    [InlineData(403, "not json", "API user password: Shiprocket did not accept this API user email and password (HTTP 403)")]
    [InlineData(422, """{"message":"The given data was invalid.","errors":{"email":["The email must be a valid email address."]}}""", "API user email: Shiprocket refused this email address (HTTP 422).")]
    [InlineData(422, """{"errors":{"password":["secret echoed"]}}""", "API user password: Shiprocket refused this password (HTTP 422).")]
    [InlineData(422, "<html>echoed</html>", "Shiprocket refused the connection (HTTP 422).")]
    [InlineData(404, "", "Shiprocket refused the connection (HTTP 404).")]
    public async Task Connect_refusals_name_the_field_and_never_quote_the_body(int status, string? body, string expected)
    {
        _shiprocket.Enqueue(new FakeResponse(status, body));

        var result = await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("echoed", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("combination", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Connect_throws_unavailable_when_the_retries_are_spent(int status)
    {
        _shiprocket.Default = new FakeResponse(status);

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        Assert.Equal($"Shiprocket answered HTTP {status}; try again later.", thrown.Message);
        Assert.Equal(3, _shiprocket.Requests.Count);
        Assert.All(_shiprocket.Requests, r => Assert.Equal(_shiprocket.Requests.First().Body, r.Body)); // each retry sends the body again
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"token":""}""")]
    public async Task A_success_without_a_token_is_not_taken_as_a_yes(string body)
    {
        _shiprocket.Enqueue(new FakeResponse(200, body));

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None));
    }

    [Theory]
    [InlineData(200, null)]
    [InlineData(401, AttentionReason.CredentialsRevoked)]
    [InlineData(403, AttentionReason.CredentialsRevoked)]
    [InlineData(400, AttentionReason.CredentialsRevoked)]
    public async Task Health_logs_in_again_with_the_kept_credentials(int status, AttentionReason? problem)
    {
        _shiprocket.Enqueue(new FakeResponse(200, Token), new FakeResponse(status, status == 200 ? Token : "{}"));
        Assert.Equal(ProviderCallResult.Success, await Adapter.ConnectAsync(Store, Setup, CancellationToken.None));

        var health = await Adapter.CheckHealthAsync(Store, CancellationToken.None);

        Assert.Equal(problem, health.Problem);
        var requests = _shiprocket.Requests.ToArray();
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task Health_is_unhealthy_for_now_on_a_503_and_without_kept_credentials()
    {
        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.CheckHealthAsync(Store, CancellationToken.None));
        _shiprocket.Enqueue(new FakeResponse(200, Token));
        await Adapter.ConnectAsync(Store, Setup, CancellationToken.None);
        _shiprocket.Default = new FakeResponse(503);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.CheckHealthAsync(Store, CancellationToken.None));
    }

    [Fact]
    public async Task No_password_reaches_the_logs_or_the_exceptions()
    {
        var messages = new List<string>();
        _shiprocket.Enqueue(new FakeResponse(200, Token), new FakeResponse(401, "{\"message\":\"" + Password.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"}"));
        messages.Add((await Adapter.ConnectAsync(Store, Setup, CancellationToken.None)).ToString());
        messages.Add((await Adapter.ConnectAsync(Store, Setup, CancellationToken.None)).ToString());
        _shiprocket.Default = new FakeResponse(500, Password);
        messages.Add((await Assert.ThrowsAsync<ProviderUnavailableException>(() => Adapter.ConnectAsync(Store, Setup, CancellationToken.None))).ToString());

        foreach (var text in messages.Concat(_logs.Messages))
        {
            Assert.DoesNotContain(Password.Trim(), text, StringComparison.Ordinal);
            Assert.DoesNotContain("eyJhbGciOiJIUzI1NiJ9", text, StringComparison.Ordinal);
        }
    }
}
