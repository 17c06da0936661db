// The library as a ShopIQ service gets it: the three packages as packed, restored from a folder feed, not the
// projects. Every step checks what it expects and exits with 1 on the first surprise, so a package that lacks an
// assembly, a dependency, its schema file or its metadata, or one left over from an older pack, fails CI here.
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Http;
using ShopIQ.Integrations.Core.PostgreSql;
using static SampleSteps;

var guard = SecretGuard.Install();
Console.WriteLine("ShopIQ connected apps, from the packed packages");

// 1. The assemblies came from the packages, packed from this very checkout: this program is built from it with the
//    same version, so its own informational version (version + commit) must be the packages' too. A package
//    restored from an older pack of the same version would show another commit.
Heading("1. The packages' assemblies");
var expected = InformationalVersion(typeof(SampleSteps).Assembly);
Console.WriteLine($"   This checkout: {expected}");
foreach (var assembly in new[] { typeof(ConnectedAppsService).Assembly, typeof(PostgreSqlStoreRepository).Assembly, typeof(HttpProvidersOptions).Assembly })
{
    var version = InformationalVersion(assembly);
    var repository = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryUrl")?.Value;
    Console.WriteLine($"   {assembly.GetName().Name} {version}, built from {repository ?? "no repository"}");
    Check(version == expected, $"{assembly.GetName().Name} is {version}, not {expected}: pack again, then restore this sample afresh");
    Check(repository is not null && repository.StartsWith("https://", StringComparison.Ordinal), $"{assembly.GetName().Name} carries no repository URL");
}

// 2. The service from DI, as AddShopIQIntegrations registers it: the in-memory repository by default, the built-in
//    adapters, options checked the way the generic host checks them when it starts.
Heading("2. AddShopIQIntegrations, with the in-memory repository");
var services = new ServiceCollection();
services
    .AddShopIQIntegrations(options =>
    {
        options.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 2, AiCredits = 100 });
        options.Plans.Add(new PlanOptions { Id = "growth", Name = "Growth", Tier = 2, ConnectedApps = 5, AiCredits = 500 });
    })
    .AddBuiltInProviders();
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
provider.GetRequiredService<IStartupValidator>().Validate();
var service = provider.GetRequiredService<ConnectedAppsService>();
Check(provider.GetRequiredService<IStoreRepository>() is InMemoryStoreRepository, "the default repository is not the in-memory one");
Check(service.Providers.Count == 6, $"expected the 6 built-in adapters, got {service.Providers.Count}");
Console.WriteLine($"   Plans: {List(service.Policy.Catalog.Plans)}");
Console.WriteLine($"   Adapters: {string.Join(", ", service.Providers.Select(p => p.DisplayName))}");

// 3. A store on Starter (2 connected apps) fills up: Razorpay and Shiprocket connect, Google Analytics is refused
//    with guidance (R3, R11).
Heading("3. Fill a Starter store");
var storeId = new StoreId("store-3001");
var merchant = Actor.Merchant("meera");
Expect(await service.OpenStoreAsync(new OpenStoreCommand(storeId, new PlanId("starter"), merchant, IdempotencyKey.New()), CancellationToken.None), OutcomeStatus.StoreOpened);
await ConnectAsync(
    BuiltInProviders.Razorpay,
    ProviderSetup.Empty.With("key-id", "rzp_test_FAKEKEY0000000").WithSecret("key-secret", guard.Secret("NotARealRazorpaySecret01")),
    OutcomeStatus.Connected);
await ConnectAsync(
    BuiltInProviders.Shiprocket,
    ProviderSetup.Empty.With("api-user-email", "api-user@store-3001.example").WithSecret("api-user-password", guard.Secret("not-a-real-shiprocket-password-1")),
    OutcomeStatus.Connected);
var analyticsSetup = ProviderSetup.Empty.With("measurement-id", "G-SAMPLE0001").WithSecret("api-secret", guard.Secret("not-a-real-ga-secret-0001"));
var refused = await ConnectAsync(BuiltInProviders.GoogleAnalytics, analyticsSetup, OutcomeStatus.LimitReached);
var guidance = Require(refused.Details as LimitGuidance, "a limit-reached answer carries no guidance");
Check(guidance.Options.Count > 0, "the guidance offers nothing");
Check((await LoadStoreAsync()).SlotsInUse == 2, "the refused connect changed the slots in use");

// The merchant text comes from the package's satellite assemblies (hi/, as/): without them it would be English.
var hindi = MerchantText.Describe(refused, CultureInfo.GetCultureInfo("hi-IN"));
Check(hindi.Any(c => c is >= '\u0900' and <= '\u097F'), "the Hindi merchant text is not Hindi: the package lacks its hi satellite");
Check(MerchantText.Describe(refused, CultureInfo.GetCultureInfo("as-IN")).Any(c => c is >= '\u0980' and <= '\u09FF'), "the Assamese merchant text is not Assamese: the package lacks its as satellite");
Console.WriteLine($"   In Hindi, from the hi satellite: {hindi.Length} characters");

// 4. Disconnect Shiprocket: logistics is critical, so its impact is read and acknowledged first (R8); the slot is
//    free at once (R7), and Google Analytics takes it.
Heading("4. Disconnect Shiprocket, then connect Google Analytics");
var impact = Require(await service.AssessImpactAsync(storeId, BuiltInProviders.Shiprocket.Key, CancellationToken.None), "Shiprocket is not connected").Assessment;
Check(impact.RequiresAcknowledgement, "disconnecting the only logistics app needs no acknowledgement");
Console.WriteLine($"   Impact: severity {impact.Severity}; workflows that stop: {List(impact.WorkflowsThatStop)}");
var disconnected = Expect(
    await service.DisconnectAsync(new DisconnectAppCommand(storeId, BuiltInProviders.Shiprocket.Key, impact.Acknowledge(), merchant, IdempotencyKey.New()), CancellationToken.None),
    OutcomeStatus.Disconnected);
Console.WriteLine($"   {disconnected.Message}");
Check((await LoadStoreAsync()).SlotsInUse == 1, "the disconnect did not free Shiprocket's slot");
await ConnectAsync(BuiltInProviders.GoogleAnalytics, analyticsSetup, OutcomeStatus.Connected);
var store = await LoadStoreAsync();
Check(store.SlotsInUse == 2, "Google Analytics did not take the free slot");
var ledger = await service.ReadLedgerAsync(storeId, CancellationToken.None);
var verification = ledger!.Verify();
Check(verification.IsValid, $"the ledger does not verify: {verification}");
Console.WriteLine($"   {store}; ledger: {ledger.Entries.Count} entries, {verification}");

// 5. The PostgreSQL package, without a database: its schema script, also shipped as sql/schema.sql (copied next to
//    this program from the package), and UsePostgreSql's settings checked at start-up.
Heading("5. The PostgreSQL package, no database needed");
var script = PostgreSqlStoreSchema.Script;
Check(script.Contains("CREATE SCHEMA IF NOT EXISTS shopiq", StringComparison.Ordinal), "the schema script creates no shopiq schema");
Check(script.Contains("shopiq.save_change", StringComparison.Ordinal), "the schema script has no shopiq.save_change");
var shipped = Path.Combine(AppContext.BaseDirectory, "sql", "schema.sql");
Check(File.Exists(shipped), "the package ships no sql/schema.sql");
Check(File.ReadAllText(shipped) == script, "sql/schema.sql in the package differs from PostgreSqlStoreSchema.Script");
Console.WriteLine($"   The schema script ({script.Length:N0} characters) is the package's sql/schema.sql.");

var noConnectionString = new ServiceCollection();
noConnectionString.AddShopIQIntegrations(options => options.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 2 }))
    .UsePostgreSql(_ => { });
await using (var invalid = noConnectionString.BuildServiceProvider())
{
    try
    {
        invalid.GetRequiredService<IStartupValidator>().Validate();
        Fail("UsePostgreSql without a connection string passed the start-up checks");
    }
    catch (OptionsValidationException exception)
    {
        const string Expected = "ShopIQ:Integrations:PostgreSql:ConnectionString is required.";
        Check(exception.Failures.Contains(Expected), $"expected the failure '{Expected}', got: {string.Join(" ", exception.Failures)}");
        Console.WriteLine($"   Without a connection string, start-up fails: {Expected}");
    }
}

var withConnectionString = new ServiceCollection();
withConnectionString.AddShopIQIntegrations(options => options.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 2 }))
    .UsePostgreSql("Host=127.0.0.1;Port=5432;Database=shopiq;Username=shopiq");
await using (var configured = withConnectionString.BuildServiceProvider())
{
    configured.GetRequiredService<IStartupValidator>().Validate();
    // Nothing connects yet: the repository opens connections (and creates the schema) on first use.
    Check(configured.GetRequiredService<IStoreRepository>() is PostgreSqlStoreRepository, "UsePostgreSql did not replace the in-memory repository");
    Console.WriteLine("   With one, the store repository is PostgreSqlStoreRepository (no connection is opened until it is used).");
}

// 6. The HTTP package, without a network call: AddHttpProviders puts its six adapters in place of the offline ones,
//    with one named HttpClient each (from the package's Microsoft.Extensions.Http.Resilience dependency), and its
//    options are checked at start-up: Amazon's app credentials come together or not at all.
Heading("6. The HTTP package, no network needed");
var http = new ServiceCollection();
http.AddLogging();
http.AddShopIQIntegrations(options => options.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 2 }))
    .AddBuiltInProviders()
    .AddHttpProviders(options =>
    {
        options.AmazonClientId = "amzn1.application-oa2-client.consumer";
        options.AmazonClientSecret = guard.Secret("amzn1.oa2-cs.v1.NotARealConsumerSecret").Reveal();
    });
await using (var httpProvider = http.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
{
    httpProvider.GetRequiredService<IStartupValidator>().Validate();
    var adapters = httpProvider.GetServices<IIntegrationProvider>().ToList();
    Check(adapters.Count == 6, $"expected 6 adapters, got {adapters.Count}");
    Check(adapters.All(a => a.GetType().Assembly == typeof(HttpProvidersOptions).Assembly), "an offline adapter was left in place of an HTTP one");
    Check(adapters.All(a => a.ConnectCallsOut), "an HTTP adapter says its connect does not call out");
    Check(httpProvider.GetServices<IProviderActivityReader>().Any(r => r.Provider == BuiltInProviders.MetaPixel.Key), "the Meta Pixel adapter is not an activity reader");
    Check(httpProvider.GetRequiredService<ConnectedAppsService>().Providers.Count == 6, "the service does not see the HTTP adapters");
    Console.WriteLine($"   AddHttpProviders: {adapters.Count} adapters from {typeof(HttpProvidersOptions).Assembly.GetName().Name}, options valid.");
}

var halfAmazon = new ServiceCollection();
halfAmazon.AddShopIQIntegrations(options => options.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 2 }))
    .AddHttpProviders(options => options.AmazonClientId = "amzn1.application-oa2-client.consumer");
await using (var invalid = halfAmazon.BuildServiceProvider())
{
    try
    {
        invalid.GetRequiredService<IStartupValidator>().Validate();
        Fail("an Amazon client id without its secret passed the start-up checks");
    }
    catch (AggregateException exception)
    {
        // Each provider's resilience pipeline reads these options too, so the same failure comes once per reader.
        const string Expected = "AmazonClientId and AmazonClientSecret must be set together, or both left unset.";
        var failures = exception.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).Distinct().ToList();
        Check(failures.SequenceEqual([Expected]), $"expected only the failure '{Expected}', got: {string.Join(" ", failures)}");
        Console.WriteLine($"   With half of Amazon's app credentials, start-up fails: {Expected}");
    }
}

return Complete(guard, "Package consumer");

async Task<ConnectedAppsResult> ConnectAsync(ProviderDescriptor descriptor, ProviderSetup setup, OutcomeStatus outcome)
{
    var result = Expect(
        await service.ConnectAsync(new ConnectAppCommand(storeId, descriptor.Key, setup, merchant, IdempotencyKey.New()), CancellationToken.None),
        outcome);
    Console.WriteLine($"   {descriptor.DisplayName}: {result.Status}. {result.Message}");
    return result;
}

async Task<Store> LoadStoreAsync() => Require(await service.GetStoreAsync(storeId, CancellationToken.None), $"the store {storeId} is gone");

static string InformationalVersion(Assembly assembly) =>
    assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "no version";
