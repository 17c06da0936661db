// The connected-apps service on the .NET generic host, as a ShopIQ back end would run it: the plan catalog and
// settings come from appsettings.json, the service and its adapters from DI, and a hosted service sweeps
// abandoned reservations on a schedule. Every step checks the status it expects: the sample exits with 1 on
// the first surprise, so it doubles as an end-to-end check of the DI wiring.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;
using static SampleSteps;

// Installed before the host is built, so that the console logger writes through it too (R5).
var guard = SecretGuard.Install();

// 1. Build and start the host. The catalog is bound from the "ShopIQ:Integrations" section and validated at
//    start-up: a plan with a negative allowance, say, stops the host here with a message naming the setting.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // where appsettings.json is copied, whatever directory the sample runs from
});
builder.Services
    .AddShopIQIntegrations(builder.Configuration.GetSection(ConnectedAppsOptions.SectionName))
    .AddBuiltInProviders()
    .AddEventSink<ConsoleEventSink>();
builder.Services.AddSingleton<ReservationSweeper>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ReservationSweeper>());

using var host = builder.Build();
try
{
    await host.StartAsync();
}
catch (OptionsValidationException invalid)
{
    Fail($"the settings are invalid: {string.Join(" ", invalid.Failures)}");
}

var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
var service = host.Services.GetRequiredService<ConnectedAppsService>();
var sweeper = host.Services.GetRequiredService<ReservationSweeper>();
var firstSweep = await sweeper.FirstSweep;

Console.WriteLine("ShopIQ connected apps on the .NET generic host");
Heading("1. The host is up");
Console.WriteLine("   Plan catalog, from appsettings.json:");
foreach (var plan in service.Policy.Catalog.Plans)
{
    Console.WriteLine($"      {plan}");
}

Check(service.Policy.Catalog.Plans.Count == 4, "appsettings.json holds 4 plans");
Console.WriteLine($"   Pending setups hold their slot for {service.Policy.PendingReservationLifetime.TotalMinutes:0} minutes.");
Console.WriteLine($"   Adapters: {string.Join(", ", service.Providers.Select(p => p.DisplayName))}");
Console.WriteLine($"   Start-up sweep: {firstSweep.ReservationsExpired} abandoned reservations expired.");

// 2. Open a store on Starter (3 connected apps).
Heading("2. Open a store on Starter");
var storeId = new StoreId("store-2001");
var merchant = Actor.Merchant("asha");
var opened = Expect(
    await service.OpenStoreAsync(new OpenStoreCommand(storeId, new PlanId("starter"), merchant, IdempotencyKey.New()), stopping), OutcomeStatus.StoreOpened);
Console.WriteLine($"   {opened.Message}");

// 3. Connect Razorpay, Shiprocket and WATI with what the merchant typed into their setup forms. Each form
//    submission carries its own idempotency key, so that a retried request cannot connect twice.
Heading("3. Connect Razorpay, Shiprocket and WATI");
var razorpaySetup = ProviderSetup.Empty
    .With("key-id", "rzp_test_FAKEKEY0000000")
    .WithSecret("key-secret", guard.Secret("NotARealRazorpaySecret00"));
var razorpayKey = IdempotencyKey.New();
await ConnectAsync(BuiltInProviders.Razorpay, razorpaySetup, razorpayKey);
await ConnectAsync(
    BuiltInProviders.Shiprocket,
    ProviderSetup.Empty
        .With("api-user-email", "api-user@store-2001.example")
        .WithSecret("api-user-password", guard.Secret("not-a-real-shiprocket-password")),
    IdempotencyKey.New());
await ConnectAsync(
    BuiltInProviders.Wati,
    ProviderSetup.Empty
        .With("api-endpoint", "https://live-mt-server.wati.io/000000")
        .WithSecret("access-token", guard.Secret("Bearer not-a-real-wati-token.000")),
    IdempotencyKey.New());

// 4. The merchant's browser lost the answer to the Razorpay request and sent it again, with the same key:
//    the service answers the first result again and connects nothing a second time (R4).
Heading("4. The Razorpay request arrives again, with the same idempotency key");
var retried = ExpectReplay(
    await service.ConnectAsync(new ConnectAppCommand(storeId, BuiltInProviders.Razorpay.Key, razorpaySetup, merchant, razorpayKey), stopping),
    OutcomeStatus.Connected);
var afterRetry = await LoadStoreAsync();
Check(afterRetry.SlotsInUse == 3, "the retried request took another slot");
Console.WriteLine($"   {retried.Status}: {retried.Message}");
Console.WriteLine($"   Still {afterRetry.SlotsInUse} of {afterRetry.Allowance} slots in use; no event was published again.");

// 5. Google Analytics finds every slot taken: the answer says what the merchant can do, in order (R11).
Heading("5. Connect Google Analytics: the store is full");
var analyticsSetup = ProviderSetup.Empty
    .With("measurement-id", "G-SAMPLE0000")
    .WithSecret("api-secret", guard.Secret("not-a-real-ga-secret-0000"));
var full = Expect(
    await service.ConnectAsync(new ConnectAppCommand(storeId, BuiltInProviders.GoogleAnalytics.Key, analyticsSetup, merchant, IdempotencyKey.New()), stopping),
    OutcomeStatus.LimitReached);
var guidance = Require(full.Details as LimitGuidance, "a limit-reached answer carries no guidance");
Console.WriteLine($"   Refused: {full.Message}");
for (var i = 0; i < guidance.Options.Count; i++)
{
    Console.WriteLine($"      {i + 1}. {guidance.Options[i].Kind}: {guidance.Options[i].Description}");
}

// 6. The merchant replaces WATI with Google Analytics: one atomic step at the limit (R10). WhatsApp messaging
//    is a critical category, so the merchant reads the impact first and acknowledges it (R8).
Heading("6. Replace WATI with Google Analytics");
var watiImpact = await AssessAsync(BuiltInProviders.Wati.Key);
var replaced = Expect(
    await service.ReplaceAsync(
        new ReplaceAppCommand(storeId, BuiltInProviders.Wati.Key, BuiltInProviders.GoogleAnalytics.Key, analyticsSetup, watiImpact.Assessment.Acknowledge(), merchant, IdempotencyKey.New()),
        stopping),
    OutcomeStatus.Replaced);
var workflowsToTest = Require(replaced.Details as ReplacementDetails, "a replace carries no details").WorkflowsToTest;
Check(workflowsToTest.Contains(CommerceWorkflow.TrafficAndBehaviourTracking), "the replace does not ask to test Google Analytics' workflow");
var afterReplace = await LoadStoreAsync();
Check(afterReplace.SlotsInUse == 3, "the replace changed the slots in use");
Console.WriteLine($"   Google Analytics took WATI's slot: {afterReplace.SlotsInUse} of {afterReplace.Allowance} in use, as before.");
Console.WriteLine($"   Workflows to test now: {List(workflowsToTest)}");

// 7. The merchant wants to stop taking payments through Razorpay. The assessment says what stops and for whom,
//    with the live facts the adapter could give in time (R9, R19); disconnecting needs its acknowledgement (R8),
//    and frees the slot at once (R7).
Heading("7. Disconnect Razorpay");
var razorpayImpact = await AssessAsync(BuiltInProviders.Razorpay.Key);
Check(razorpayImpact.Assessment.WorkflowsThatStop.Contains(CommerceWorkflow.PaymentProcessing), "removing the only payment gateway does not stop payment processing");
// The Apps page shows the impact and sends the browser an acknowledgement token; the merchant's confirmation
// comes back with it. A token that was altered on the way is refused, and nothing changes.
var token = service.IssueAcknowledgementToken(razorpayImpact.Assessment);
var tampered = Expect(
    await service.DisconnectAsync(new DisconnectAppCommand(storeId, BuiltInProviders.Razorpay.Key, token[..^2] + (token[^2] == 'A' ? "BA" : "AA"), merchant, IdempotencyKey.New()), stopping),
    OutcomeStatus.AcknowledgementInvalid);
Console.WriteLine($"   An altered token: {tampered.Status}");
var disconnected = Expect(
    await service.DisconnectAsync(new DisconnectAppCommand(storeId, BuiltInProviders.Razorpay.Key, token, merchant, IdempotencyKey.New()), stopping),
    OutcomeStatus.Disconnected);
var afterDisconnect = await LoadStoreAsync();
Check(afterDisconnect.SlotsInUse == 2, "the disconnect did not free Razorpay's slot");
Console.WriteLine($"   {disconnected.Message}");

// 8. The store grows: an upgrade always applies (R12), and connected apps never touch AI credits (R14).
Heading("8. Upgrade to Growth");
var creditsBefore = afterDisconnect.AiCreditBalance;
var upgraded = Expect(
    await service.ChangePlanAsync(new ChangePlanCommand(storeId, new PlanId("growth"), merchant, IdempotencyKey.New()), stopping),
    OutcomeStatus.PlanChanged);
var afterUpgrade = await LoadStoreAsync();
Check(afterUpgrade.PlanId == new PlanId("growth") && afterUpgrade.SlotsInUse == 2, "the upgrade did not move the store to Growth");
Check(afterUpgrade.AiCreditBalance == creditsBefore, "the plan change touched the AI-credit balance");
Console.WriteLine($"   {upgraded.Message}");
Console.WriteLine($"   AI credits: {afterUpgrade.AiCreditBalance}, as before.");
Console.WriteLine($"   {afterUpgrade}; apps: {string.Join(", ", afterUpgrade.GetApps())}");

// 9. Stop the host: the sweeper stops with it.
Heading("9. Stop the host");
await host.StopAsync(stopping);
Console.WriteLine($"   The sweeper ran {sweeper.Totals.Sweeps} sweep(s) and expired {sweeper.Totals.ReservationsExpired} reservations: every connect finished, so none was left pending.");
Check(sweeper.Totals.ReservationsExpired == 0, "a reservation was left pending");
return Complete(guard, "Quick start");

async Task ConnectAsync(ProviderDescriptor provider, ProviderSetup setup, IdempotencyKey key)
{
    // A setup prints its secrets as [redacted]: safe to log.
    Console.WriteLine($"   {provider.DisplayName} with {setup}");
    var result = Expect(
        await service.ConnectAsync(new ConnectAppCommand(storeId, provider.Key, setup, merchant, key), stopping),
        OutcomeStatus.Connected);
    Console.WriteLine($"      {result.Message}");
}

async Task<ImpactReport> AssessAsync(ProviderKey provider)
{
    var report = Require(await service.AssessImpactAsync(storeId, provider, stopping), $"{provider} is not connected");
    var assessment = report.Assessment;
    Console.WriteLine($"   Impact of removing {assessment.App.Provider.DisplayName} ({assessment.App.Category}): severity {assessment.Severity}");
    Console.WriteLine($"      Workflows that stop: {List(assessment.WorkflowsThatStop)}");
    Console.WriteLine($"      Who is affected:     {assessment.Affected}");
    Console.WriteLine($"      Live facts:          {(report.Facts.Count == 0 ? "none reported (the built-in adapters make no network call)" : List(report.Facts))}");
    Console.WriteLine($"      Facts missing:       {List(report.Missing)}");
    Console.WriteLine($"      Needs acknowledging: {(assessment.RequiresAcknowledgement ? "yes, and the merchant acknowledges it" : "no")}");
    Console.WriteLine($"      The merchant reads:  {MerchantText.Describe(assessment, CultureInfo.GetCultureInfo("en"))}");
    return report;
}

async Task<Store> LoadStoreAsync() => Require(await service.GetStoreAsync(storeId, stopping), $"the store {storeId} is gone");
