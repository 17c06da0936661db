using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ShopIQ.Integrations.Core.Diagnostics;

namespace ConnectedAppsApi.Tests;

/// <summary>
/// Every endpoint of the sample through HTTP, as the Apps page calls it: the successes, each refusal as a ProblemDetails
/// (409 at the limit with the guidance options, 400 naming the field, acknowledgement required or invalid), and a
/// replayed Idempotency-Key. <see cref="ApiClient"/> checks every answer for the secrets typed into setup forms.
/// </summary>
public sealed class AppsEndpointsTests(ConnectedAppsApiFactory factory) : IClassFixture<ConnectedAppsApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task OpenStore_ThenListApps_ShowsSlotsUsedAndAllowance()
    {
        var store = ApiClient.NewStore();

        var opened = await _api.OpenStoreAsync(store, "starter");
        await _api.ConnectAsync(store, "razorpay", ApiClient.Razorpay);
        var list = await _api.GetAsync($"/stores/{store}/apps");

        Assert.Equal(HttpStatusCode.Created, opened.Status);
        Assert.Equal("StoreOpened", opened["outcome"]);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal("1", list["slotsInUse"]);
        Assert.Equal("3", list["allowance"]);
        Assert.Equal("starter", list.Json["plan"]!["id"]!.ToString());
        var app = Assert.Single(list.Json["apps"]!.AsArray());
        Assert.Equal("razorpay", app!["provider"]!.ToString());
        Assert.Contains(list.Json["available"]!.AsArray(), p => p!["provider"]!.ToString() == "wati" && !(bool)p["connected"]!);
    }

    [Fact]
    public async Task ListApps_UnknownStore_Is404NamingTheStore()
    {
        var answer = await _api.GetAsync($"/stores/{ApiClient.NewStore()}/apps");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal("storeId", answer["field"]);
    }

    [Fact]
    public async Task Connect_ValidSetup_Is201WithTheAppAndNoSecret()
    {
        var store = await OpenAsync("starter");

        var answer = await _api.ConnectAsync(store, "razorpay", ApiClient.Razorpay);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal($"/stores/{store}/apps/razorpay", answer.Headers["Location"]);
        Assert.Equal("Connected", answer["outcome"]);
        Assert.Equal("Active", answer.Json["app"]!["state"]!.ToString());
        Assert.Equal("Razorpay is connected.", answer["message"]);
        Assert.False(answer.Headers.ContainsKey("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Connect_AtTheLimit_Is409ProblemWithTheGuidanceOptions()
    {
        var store = await OpenAsync("lite");
        await _api.ConnectAsync(store, "razorpay", ApiClient.Razorpay);

        var answer = await _api.ConnectAsync(store, "wati", ApiClient.Wati);

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal("LimitReached", answer["outcome"]);
        Assert.Equal("1", answer["slotsInUse"]);
        Assert.Equal("1", answer["allowance"]);
        var options = answer.Json["options"]!.AsArray();
        Assert.Equal(["ReplaceExistingApp", "UpgradePlan", "ContactSupport"], options.Select(o => o!["kind"]!.ToString()));
        Assert.Equal(["razorpay"], options[0]!["apps"]!.AsArray().Select(a => a!.ToString()));
        Assert.Contains("starter", options[1]!["plans"]!.AsArray().Select(p => p!.ToString()));
        Assert.All(options, o => Assert.False(string.IsNullOrWhiteSpace(o!["description"]!.ToString())));
        Assert.Equal("1", (await _api.GetAsync($"/stores/{store}/apps"))["slotsInUse"]);
    }

    [Fact]
    public async Task Connect_InvalidSetup_Is400NamingTheFieldWithoutItsValue()
    {
        var store = await OpenAsync("starter");

        var tooShort = await _api.ConnectAsync(store, "wati", new Dictionary<string, string> { ["api-endpoint"] = ApiClient.Wati["api-endpoint"], ["access-token"] = ApiClient.ShortToken });
        var missing = await _api.ConnectAsync(store, "razorpay", new Dictionary<string, string> { ["key-id"] = ApiClient.Razorpay["key-id"] });

        Assert.Equal(HttpStatusCode.BadRequest, tooShort.Status);
        Assert.Equal("SetupInvalid", tooShort["outcome"]);
        Assert.Equal(["fields.access-token"], tooShort.Json["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(["fields.key-secret"], missing.Json["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("0", (await _api.GetAsync($"/stores/{store}/apps"))["slotsInUse"]);
    }

    [Theory]
    [InlineData("/stores/bad%20id/apps/razorpay", null, "storeId")]
    [InlineData("/stores/{store}/apps/Not%20A%20Key", null, "provider")]
    [InlineData("/stores/{store}/apps/razorpay", "key with spaces", "Idempotency-Key")]
    public async Task Connect_BadInput_Is400NamingTheField(string path, string? idempotencyKey, string field)
    {
        var store = await OpenAsync("starter");

        var answer = await _api.PostAsync(path.Replace("{store}", store, StringComparison.Ordinal), new { fields = ApiClient.Razorpay }, idempotencyKey);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal([field], answer.Json["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Connect_UnregisteredProvider_Is404NamingTheProvider()
    {
        var store = await OpenAsync("starter");

        var answer = await _api.ConnectAsync(store, "acme-logistics", new Dictionary<string, string> { ["token"] = "not-a-real-acme-token" });

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("ProviderNotRegistered", answer["outcome"]);
        Assert.Equal("provider", answer["field"]);
    }

    [Fact]
    public async Task Connect_ReplayedIdempotencyKey_IsAnsweredAsTheFirstTimeAndNotAppliedTwice()
    {
        var store = await OpenAsync("starter");
        var key = Guid.NewGuid().ToString();

        var first = await _api.PostAsync($"/stores/{store}/apps/razorpay", new { fields = ApiClient.Razorpay }, key);
        var replay = await _api.PostAsync($"/stores/{store}/apps/razorpay", new { fields = ApiClient.Razorpay }, key);
        var list = await _api.GetAsync($"/stores/{store}/apps");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first.Status, replay.Status);
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(first.Headers["Location"], replay.Headers["Location"]);
        Assert.Equal("true", replay.Headers["Idempotent-Replayed"]);
        Assert.Equal("1", list["slotsInUse"]);
        Assert.Single(list.Json["apps"]!.AsArray());
    }

    [Fact]
    public async Task Connect_ReplayedRefusalAtTheLimit_IsAnsweredAsTheFirstTime()
    {
        var store = await OpenAsync("lite");
        await _api.ConnectAsync(store, "razorpay", ApiClient.Razorpay);
        var key = Guid.NewGuid().ToString();

        var first = await _api.PostAsync($"/stores/{store}/apps/wati", new { fields = ApiClient.Wati }, key);
        var replay = await _api.PostAsync($"/stores/{store}/apps/wati", new { fields = ApiClient.Wati }, key);

        Assert.Equal(HttpStatusCode.Conflict, first.Status);
        Assert.Equal(first.Status, replay.Status);
        Assert.Equal(first.Body, replay.Body);
    }

    [Fact]
    public async Task Connect_KeyReusedForAnotherRequest_Is422NamingTheHeader()
    {
        var store = await OpenAsync("starter");
        var key = Guid.NewGuid().ToString();
        await _api.PostAsync($"/stores/{store}/apps/razorpay", new { fields = ApiClient.Razorpay }, key);

        var answer = await _api.PostAsync($"/stores/{store}/apps/wati", new { fields = ApiClient.Wati }, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal("KeyReused", answer["outcome"]);
        Assert.Equal("Idempotency-Key", answer["field"]);
        Assert.Equal("1", (await _api.GetAsync($"/stores/{store}/apps"))["slotsInUse"]);
    }

    [Fact]
    public async Task Impact_ConnectedApp_GivesTheAssessmentAndAnAcknowledgementToken()
    {
        var store = await OpenAsync("starter");
        await _api.ConnectAsync(store, "razorpay", ApiClient.Razorpay);

        var answer = await _api.GetAsync($"/stores/{store}/apps/razorpay/impact");
        var notConnected = await _api.GetAsync($"/stores/{store}/apps/wati/impact");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Critical", answer.Json["impact"]!["severity"]!.ToString());
        Assert.True((bool)answer.Json["impact"]!["requiresAcknowledgement"]!);
        Assert.Contains("PaymentProcessing", answer.Json["impact"]!["workflowsThatStop"]!.AsArray().Select(w => w!.ToString()));
        Assert.StartsWith("ack1.", answer["acknowledgementToken"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notConnected.Status);
        Assert.Equal("provider", notConnected["field"]);
    }

    [Fact]
    public async Task Disconnect_NeedsTheImpactsToken_AndFreesTheSlotWithIt()
    {
        var store = await OpenAsync("starter");
        await _api.ConnectAsync(store, "razorpay", ApiClient.Razorpay);

        var withoutToken = await _api.PostAsync($"/stores/{store}/apps/razorpay/disconnect", new { });
        var forged = await _api.PostAsync($"/stores/{store}/apps/razorpay/disconnect", new { acknowledgementToken = "ack1.forged.token" });
        var token = (await _api.GetAsync($"/stores/{store}/apps/razorpay/impact"))["acknowledgementToken"];
        var disconnected = await _api.PostAsync($"/stores/{store}/apps/razorpay/disconnect", new { acknowledgementToken = token });
        var again = await _api.PostAsync($"/stores/{store}/apps/razorpay/disconnect", new { acknowledgementToken = token });

        Assert.Equal(HttpStatusCode.Conflict, withoutToken.Status);
        Assert.Equal("AcknowledgementRequired", withoutToken["outcome"]);
        Assert.Equal("Critical", withoutToken.Json["impact"]!["severity"]!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal("AcknowledgementInvalid", forged["outcome"]);
        Assert.Equal(["acknowledgementToken"], forged.Json["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.OK, disconnected.Status);
        Assert.Equal("Disconnected", disconnected["outcome"]);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Equal("NotConnected", again["outcome"]);
        Assert.Equal("0", (await _api.GetAsync($"/stores/{store}/apps"))["slotsInUse"]);
    }

    [Fact]
    public async Task Replace_AtTheLimitWithTheToken_SwapsTheAppInItsSlot()
    {
        var store = await OpenAsync("lite");
        await _api.ConnectAsync(store, "wati", ApiClient.Wati);

        var withoutToken = await _api.PostAsync($"/stores/{store}/apps/wati/replace", new { replacement = "google-analytics", fields = ApiClient.GoogleAnalytics });
        var noReplacement = await _api.PostAsync($"/stores/{store}/apps/wati/replace", new { fields = ApiClient.GoogleAnalytics });
        var token = (await _api.GetAsync($"/stores/{store}/apps/wati/impact"))["acknowledgementToken"];
        var replaced = await _api.PostAsync($"/stores/{store}/apps/wati/replace", new { replacement = "google-analytics", fields = ApiClient.GoogleAnalytics, acknowledgementToken = token });
        var list = await _api.GetAsync($"/stores/{store}/apps");

        Assert.Equal(HttpStatusCode.Conflict, withoutToken.Status);
        Assert.Equal("AcknowledgementRequired", withoutToken["outcome"]);
        Assert.Equal(HttpStatusCode.BadRequest, noReplacement.Status);
        Assert.Equal(["replacement"], noReplacement.Json["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal("Replaced", replaced["outcome"]);
        Assert.Contains("TrafficAndBehaviourTracking", replaced.Json["workflowsToTest"]!.AsArray().Select(w => w!.ToString()));
        Assert.Equal("1", list["slotsInUse"]);
        Assert.Equal("google-analytics", Assert.Single(list.Json["apps"]!.AsArray())!["provider"]!.ToString());
    }

    [Fact]
    public async Task ChangePlan_UnknownPlanDowngradeAndUpgrade_AnswerAsTheRulesSay()
    {
        var store = await OpenAsync("starter");
        await _api.ConnectAsync(store, "google-analytics", ApiClient.GoogleAnalytics);
        await _api.ConnectAsync(store, "shiprocket", ApiClient.Shiprocket);

        var unknown = await _api.PutAsync($"/stores/{store}/plan", new { plan = "platinum" });
        var overTheLimit = await _api.PutAsync($"/stores/{store}/plan", new { plan = "lite" });
        var unacknowledged = await _api.PutAsync($"/stores/{store}/plan", new { plan = "lite", appsToDisconnect = new[] { "google-analytics" } });
        var token = (await _api.GetAsync($"/stores/{store}/apps/google-analytics/impact"))["acknowledgementToken"];
        var downgraded = await _api.PutAsync($"/stores/{store}/plan", new { plan = "lite", appsToDisconnect = new[] { "google-analytics" }, acknowledgementTokens = new[] { token } });
        var upgraded = await _api.PutAsync($"/stores/{store}/plan", new { plan = "growth" });
        var list = await _api.GetAsync($"/stores/{store}/apps");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal(["plan"], unknown.Json["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.Conflict, overTheLimit.Status);
        Assert.Equal("DowngradeNeedsDisconnects", overTheLimit["outcome"]);
        Assert.Equal("1", overTheLimit["appsToDisconnect"]);
        Assert.Equal(HttpStatusCode.Conflict, unacknowledged.Status);
        Assert.Equal("AcknowledgementRequired", unacknowledged["outcome"]);
        Assert.True(downgraded.Status == HttpStatusCode.OK, downgraded.ToString());
        Assert.Equal("PlanChanged", downgraded["outcome"]);
        Assert.Equal(HttpStatusCode.OK, upgraded.Status);
        Assert.Equal("growth", upgraded.Json["plan"]!["id"]!.ToString());
        Assert.Equal("5", list["allowance"]);
        Assert.Equal("1", list["slotsInUse"]);
    }

    [Fact]
    public async Task Answers_AcceptLanguageHindi_AreInHindi()
    {
        var store = await OpenAsync("starter");
        var request = ApiClient.Request(HttpMethod.Post, $"/stores/{store}/apps/razorpay", new { fields = ApiClient.Razorpay }, null);
        request.Headers.AcceptLanguage.ParseAdd("hi-IN");

        var answer = await _api.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.NotEqual("Razorpay is connected.", answer["message"]);
        Assert.Contains(answer["message"]!, c => c is >= '\u0900' and <= '\u097F');
    }

    [Fact]
    public async Task Health_InMemoryStore_IsHealthy()
    {
        var answer = await _api.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Healthy", answer.Body);
    }

    [Fact]
    public void Telemetry_TheLibrarysActivitySource_IsListenedTo()
    {
        Assert.NotNull(factory.Services);
        using var source = new ActivitySource(ConnectedAppsDiagnostics.Name);

        Assert.True(source.HasListeners());
    }

    private async Task<string> OpenAsync(string plan)
    {
        var store = ApiClient.NewStore();
        var opened = await _api.OpenStoreAsync(store, plan);
        Assert.Equal(HttpStatusCode.Created, opened.Status);
        return store;
    }
}
