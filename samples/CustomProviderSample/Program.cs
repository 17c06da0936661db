// A courier aggregator that ShopIQ does not ship an adapter for, Acme Logistics (fictional), connected through an
// adapter written outside the library and registered with .AddProvider<T>(). The store's connected-app rules apply
// to it exactly as to a built-in provider. Every step checks the status it expects: the sample exits with 1 on
// the first surprise.
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;
using static SampleSteps;

var guard = SecretGuard.Install();

// 1. Register the service, the built-in adapters and Acme's. No host is needed: without one, the options are
//    validated when the service is first resolved instead of at start-up.
var services = new ServiceCollection();
services.AddSingleton<AcmeLogisticsApi>(); // the adapter's own dependency; a real one would be a typed HttpClient
services
    .AddShopIQIntegrations(options =>
    {
        options.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 3, AiCredits = 500 });
        options.Plans.Add(new PlanOptions { Id = "scale", Name = "Scale", Tier = 2, Unlimited = true, AiCredits = 10_000 });
    })
    .AddBuiltInProviders()
    .AddProvider<AcmeLogisticsProvider>();

using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
var service = provider.GetRequiredService<ConnectedAppsService>();
var acme = provider.GetRequiredService<AcmeLogisticsApi>();
var acmeKey = AcmeLogisticsProvider.Acme.Key;

Console.WriteLine("A third-party logistics adapter, registered with AddProvider<AcmeLogisticsProvider>()");
Heading("1. The service knows Acme Logistics beside the built-in adapters");
Check(service.TryGetProvider(acmeKey, out var adapter) && adapter is AcmeLogisticsProvider, "Acme's adapter is not registered");
Console.WriteLine($"   Adapters: {string.Join(", ", service.Providers.Select(p => p.DisplayName))}");
Console.WriteLine($"   {adapter.Descriptor}; workflows: {string.Join(", ", adapter.Descriptor.Workflows)}");
foreach (var field in adapter.Descriptor.SetupFields)
{
    Console.WriteLine($"      setup field {field.Name,-13} {field.Requirement,-15} {(field.IsSecret ? "secret" : "plain"),-7} {(field.IsRequired ? "required" : "optional")}");
}

// 2. A store on Starter (3 connected apps), whose merchant has an Acme account with an API key.
var storeId = new StoreId("store-3107");
var merchant = Actor.Merchant("ravi");
const string AccountCode = "ACME-204518";
var apiKey = guard.Secret("ak_test_NotARealAcmeKey000000000");
acme.OpenAccount(AccountCode, apiKey.Reveal());
Heading("2. Open a store on Starter");
var opened = Expect(await service.OpenStoreAsync(new OpenStoreCommand(storeId, new PlanId("starter"), merchant, IdempotencyKey.New()), CancellationToken.None), OutcomeStatus.StoreOpened);
Console.WriteLine($"   {opened.Message}");

// 3. The merchant types the account number without its prefix and forgets the key: refused offline, one reason
//    per field, before any slot is taken and without calling Acme (R5).
Heading("3. Connect with a half-filled form");
var refused = await ConnectAsync(ProviderSetup.Empty.With("account-code", "204518"), OutcomeStatus.SetupInvalid);
var setupErrors = Require(refused.Details as SetupInvalidDetails, "a refused setup carries no reasons").Errors;
Check(setupErrors.Select(e => e.Field).Order(StringComparer.Ordinal).SequenceEqual(["account-code", "api-key"]), "expected one reason for each of the two fields");
foreach (var error in setupErrors)
{
    Console.WriteLine($"      {error}");
}

await ExpectSlotsAsync(0, "a refused setup took a slot");

// 4. A well-formed key of another account: the format checks pass, Acme refuses, and the slot reserved for the
//    call is released (R6).
Heading("4. Connect with a key Acme does not know");
var wrongKey = guard.Secret("ak_test_WrongKeyForThisAccount00");
await ConnectAsync(ProviderSetup.Empty.With("account-code", AccountCode).WithSecret("api-key", wrongKey), OutcomeStatus.ProviderRefused);
await ExpectSlotsAsync(0, "the refused connect kept its reserved slot");

// 5. The right key: Acme links the store, and the app takes one slot like any other (R1).
Heading("5. Connect with the right key");
await ConnectAsync(ProviderSetup.Empty.With("account-code", AccountCode).WithSecret("api-key", apiKey), OutcomeStatus.Connected);
await ExpectSlotsAsync(1, "the connect did not take exactly one slot");
Check(acme.IsLinked(storeId), "Acme was not asked to link the store");
var health = await adapter.CheckHealthAsync(storeId, CancellationToken.None);
Check(health.IsHealthy, $"a fresh connection is {health}");
Console.WriteLine($"   Acme reports the link as {health}.");

// 6. Three parcels leave with Acme's couriers. While Acme's API is down, the assessment does not wait for it: it
//    says which facts are missing (R19). Once Acme answers, it counts the shipments in transit.
Heading("6. What would stop if the merchant disconnected Acme Logistics?");
acme.Ship(AccountCode, parcels: 3);
acme.SetDown(true);
Console.WriteLine("   While Acme's API is down:");
var withoutFacts = await AssessAsync();
Check(!withoutFacts.IsComplete && withoutFacts.Facts.Count == 0, "the assessment did not list Acme's facts as missing");
acme.SetDown(false);
Console.WriteLine("   Once Acme answers again:");
var impact = await AssessAsync();
Check(impact.Facts.Any(f => f.Kind == LiveFactKind.ShipmentsInTransit && f.Count == 3), "the assessment does not count 3 shipments in transit");
Check(impact.Assessment.WorkflowsThatStop.Contains(CommerceWorkflow.ShipmentCreationAndTracking), "disconnecting the only courier does not stop shipping");

// 7. Disconnect. Logistics is a critical category: without the acknowledgement the answer is a refusal (R8); with
//    it, the slot is free at once (R7) and the adapter tells Acme.
Heading("7. Disconnect Acme Logistics");
var unacknowledged = Expect(
    await service.DisconnectAsync(new DisconnectAppCommand(storeId, acmeKey, merchant, IdempotencyKey.New()), CancellationToken.None),
    OutcomeStatus.AcknowledgementRequired);
Console.WriteLine($"   Without acknowledging the impact: {unacknowledged.Message}");
var disconnected = Expect(
    await service.DisconnectAsync(new DisconnectAppCommand(storeId, acmeKey, impact.Assessment.Acknowledge(), merchant, IdempotencyKey.New()), CancellationToken.None),
    OutcomeStatus.Disconnected);
Console.WriteLine($"   With it: {disconnected.Message}");
await ExpectSlotsAsync(0, "the disconnect did not free Acme's slot");
Check(!acme.IsLinked(storeId), "Acme was not told about the disconnect");
Console.WriteLine("   Acme no longer has the store linked.");

return Complete(guard, "Custom provider sample");

async Task<ConnectedAppsResult> ConnectAsync(ProviderSetup setup, OutcomeStatus outcome)
{
    // A setup prints its secrets as [redacted]: safe to log.
    Console.WriteLine($"   Acme Logistics with {setup}");
    var result = Expect(
        await service.ConnectAsync(new ConnectAppCommand(storeId, acmeKey, setup, merchant, IdempotencyKey.New()), CancellationToken.None),
        outcome);
    Console.WriteLine(result.Status == OutcomeStatus.SetupInvalid
        ? "   Refused before any slot was taken and before calling Acme, with a reason per field:"
        : $"   {result.Message}");
    return result;
}

async Task<ImpactReport> AssessAsync()
{
    var report = Require(await service.AssessImpactAsync(storeId, acmeKey, CancellationToken.None), "Acme Logistics is not connected");
    var assessment = report.Assessment;
    Console.WriteLine($"      Severity {assessment.Severity}; stops {List(assessment.WorkflowsThatStop)}; affects {assessment.Affected}");
    Console.WriteLine($"      Live facts:    {List(report.Facts.Select(Describe))}");
    Console.WriteLine($"      Facts missing: {List(report.Missing)}");
    return report;
}

async Task ExpectSlotsAsync(int slots, string problem)
{
    var store = Require(await service.GetStoreAsync(storeId, CancellationToken.None), $"the store {storeId} is gone");
    Check(store.SlotsInUse == slots, $"{problem} ({store})");
    Console.WriteLine($"      Slots in use: {store.SlotsInUse} of {store.Allowance}");
}

static string Describe(LiveFact fact) => fact.Kind switch
{
    LiveFactKind.ShipmentsInTransit => $"{fact.Count} shipments in transit",
    _ => fact.ToString(),
};
