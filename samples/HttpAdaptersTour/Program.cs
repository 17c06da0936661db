// The HTTP adapters (ShopIQ.Integrations.Core.Http) asking the six providers, here faked in this process on
// 127.0.0.1: a revoked key is refused before it takes a slot, a health check finds a token revoked later, an outage
// is retried and answered as failed without changing anything, Amazon's open orders reach the impact assessment and
// the pixel's last fired time becomes activity. Every step checks what it expects and exits with 1 on the first
// surprise; no secret may be printed.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Http;
using static SampleSteps;

var guard = SecretGuard.Install();
await using var fake = FakeProviders.Start();
Console.WriteLine("ShopIQ connected apps, asking the providers over HTTP (faked on 127.0.0.1)");

// 1. AddHttpProviders puts the six HTTP adapters in place of the offline ones. In production the options keep their
//    defaults (the providers' APIs) and Amazon's app credentials come from a secret store; here every address is the fake.
Heading("1. AddHttpProviders, pointed at the fake providers");
var services = new ServiceCollection();
services.AddLogging();
services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new LoopbackOnly()));
services
    .AddShopIQIntegrations(options => options.Plans.Add(new PlanOptions { Id = "growth", Name = "Growth", Tier = 2, ConnectedApps = 6, AiCredits = 500 }))
    .AddHttpProviders(options =>
    {
        options.RazorpayBaseAddress = fake.Address;
        options.ShiprocketBaseAddress = fake.Address;
        options.GoogleAnalyticsBaseAddress = fake.Address;
        options.MetaGraphBaseAddress = fake.Address;
        options.AmazonLoginBaseAddress = new Uri(fake.Address, "lwa/");
        options.AmazonSellingPartnerBaseAddress = new Uri(fake.Address, "sp/");
        options.AmazonClientId = "amzn1.application-oa2-client.sample";
        options.AmazonClientSecret = guard.Secret("amzn1.oa2-cs.v1.NotARealClientSecret").Reveal();
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
        options.MaxRetryAttempts = 2;
    });
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
provider.GetRequiredService<IStartupValidator>().Validate();
var service = provider.GetRequiredService<ConnectedAppsService>();
var adapters = provider.GetServices<IIntegrationProvider>().ToList();
Check(adapters.Count == 6 && adapters.All(a => a.GetType().Assembly == typeof(HttpProvidersOptions).Assembly), "the six adapters are not the HTTP ones");
Console.WriteLine($"   Adapters over HTTP: {string.Join(", ", service.Providers.Select(p => p.DisplayName))}");

var storeId = new StoreId("store-4001");
var merchant = Actor.Merchant("asha");
Expect(await service.OpenStoreAsync(new OpenStoreCommand(storeId, new PlanId("growth"), merchant, IdempotencyKey.New()), CancellationToken.None), OutcomeStatus.StoreOpened);

var setups = new Dictionary<ProviderDescriptor, ProviderSetup>
{
    [BuiltInProviders.Razorpay] = ProviderSetup.Empty.With("key-id", "rzp_test_SAMPLEKEY00001").WithSecret("key-secret", guard.Secret("NotARealRazorpaySecret02")),
    [BuiltInProviders.Shiprocket] = ProviderSetup.Empty.With("api-user-email", "api-user@store-4001.example").WithSecret("api-user-password", guard.Secret("not-a-real-shiprocket-password-2")),
    [BuiltInProviders.Wati] = ProviderSetup.Empty.With("api-endpoint", new UriBuilder(fake.Address) { Scheme = "https", Path = "tenant-42" }.Uri.ToString()).WithSecret("access-token", guard.Secret("NotARealWatiAccessToken0002")),
    [BuiltInProviders.GoogleAnalytics] = ProviderSetup.Empty.With("measurement-id", "G-SAMPLE0002").WithSecret("api-secret", guard.Secret("not-a-real-ga-secret-0002")),
    [BuiltInProviders.MetaPixel] = ProviderSetup.Empty.With("pixel-id", "123456789012345").WithSecret("conversions-api-token", guard.Secret("EAANotARealConversionsToken0002")),
    [BuiltInProviders.AmazonSellerCentral] = ProviderSetup.Empty.With("seller-id", "A1SAMPLESELLER").With("marketplace-id", "A21TJRUUN4KGV").WithSecret("refresh-token", guard.Secret("Atzr|NotARealRefreshToken0002")),
};

// 2. A revoked Razorpay key is refused with Razorpay's reason, before it takes a slot.
Heading("2. A revoked Razorpay key is refused");
fake.Revoke("razorpay");
var refused = await ConnectAsync(BuiltInProviders.Razorpay, OutcomeStatus.ProviderRefused);
Check(refused.Message.Contains("did not accept this key id", StringComparison.Ordinal), $"the refusal does not give Razorpay's reason: {refused.Message}");
Check((await LoadStoreAsync()).SlotsInUse == 0, "the refused connect took a slot");
fake.Restore("razorpay");

// 3. Every provider asked with valid credentials: six apps connect.
Heading("3. Connect all six");
foreach (var descriptor in setups.Keys)
{
    await ConnectAsync(descriptor, OutcomeStatus.Connected);
}

Check((await LoadStoreAsync()).SlotsInUse == 6, "not every app took its slot");

// 4. The impact of removing Amazon carries Amazon's live facts (R19): its open orders.
Heading("4. What removing Amazon would affect");
var report = Require(await service.AssessImpactAsync(storeId, BuiltInProviders.AmazonSellerCentral.Key, CancellationToken.None), "Amazon is not connected");
var openOrders = report.Facts.SingleOrDefault(f => f.Kind == LiveFactKind.OpenMarketplaceOrders);
Check(openOrders is { Count: 2 }, $"expected 2 open marketplace orders, got {List(report.Facts)}");
Console.WriteLine($"   Live facts: {List(report.Facts)}");

// 5. The pixel's last fired time is real activity: the unused-app guidance will not offer it (R11).
Heading("5. The pixel's activity");
foreach (var reader in provider.GetServices<IProviderActivityReader>())
{
    var last = await reader.GetLastActivityAsync(storeId, CancellationToken.None);
    Check(last is not null, $"{reader.Provider} reported no activity");
    Console.WriteLine($"   {reader.Provider} last active at {last}");
    Expect(await service.RecordActivityAsync(new RecordActivityCommand(storeId, reader.Provider, Actor.System, IdempotencyKey.New()), CancellationToken.None), OutcomeStatus.ActivityRecorded);
}

// 6. WATI's token is revoked after the connect: the health check marks the app needs-attention; it keeps its slot (R17).
Heading("6. Health after WATI's token was revoked");
fake.Revoke("wati");
var marked = Expect(await service.CheckHealthAsync(new CheckHealthCommand(storeId, BuiltInProviders.Wati.Key, Actor.System, IdempotencyKey.New()), CancellationToken.None), OutcomeStatus.MarkedNeedsAttention);
Console.WriteLine($"   {marked.Message}");
Check((await LoadStoreAsync()).SlotsInUse == 6, "the app that needs attention lost its slot");

// 7. Shiprocket is down: the health check is retried, then answered as failed, and nothing changes.
Heading("7. Health while Shiprocket is down");
fake.TakeDown("shiprocket");
var before = fake.Requests.Count;
var version = (await LoadStoreAsync()).Version;
var failed = Expect(await service.CheckHealthAsync(new CheckHealthCommand(storeId, BuiltInProviders.Shiprocket.Key, Actor.System, IdempotencyKey.New()), CancellationToken.None), OutcomeStatus.ProviderFailed);
Check(fake.Requests.Count - before == 3, $"expected the first attempt and 2 retries, got {fake.Requests.Count - before} requests");
Check((await LoadStoreAsync()).Version == version, "a failed health check changed the store");
Console.WriteLine($"   {failed.Message} (asked {fake.Requests.Count - before} times)");
fake.Restore("shiprocket");

// 8. Disconnect Amazon, acknowledging its impact: Amazon has no revoke call, so the adapter forgets the token only.
Heading("8. Disconnect Amazon");
var disconnected = Expect(
    await service.DisconnectAsync(new DisconnectAppCommand(storeId, BuiltInProviders.AmazonSellerCentral.Key, report.Assessment.Acknowledge(), merchant, IdempotencyKey.New()), CancellationToken.None),
    OutcomeStatus.Disconnected);
Console.WriteLine($"   {disconnected.Message}");
Check((await LoadStoreAsync()).SlotsInUse == 5, "the disconnect did not free Amazon's slot");

Console.WriteLine();
Console.WriteLine($"   The fake providers answered {fake.Requests.Count} requests; none left 127.0.0.1.");
return Complete(guard, "HTTP adapters tour");

async Task<ConnectedAppsResult> ConnectAsync(ProviderDescriptor descriptor, OutcomeStatus outcome)
{
    var result = Expect(
        await service.ConnectAsync(new ConnectAppCommand(storeId, descriptor.Key, setups[descriptor], merchant, IdempotencyKey.New()), CancellationToken.None),
        outcome);
    Console.WriteLine($"   {descriptor.DisplayName}: {result.Status}. {result.Message}");
    return result;
}

async Task<Store> LoadStoreAsync() => Require(await service.GetStoreAsync(storeId, CancellationToken.None), $"the store {storeId} is gone");
