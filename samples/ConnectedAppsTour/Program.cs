// A tour of the connected-app slot rules, as a merchant-support engineer would walk a store through them.
// Every step checks the outcome it expects: the sample exits with 1 on the first surprise, so it doubles
// as an end-to-end check of the library.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using NodaTime;
using ShopIQ.Integrations.Core;

// Devanagari in step 3: a console left on its default encoding would print question marks.
Console.OutputEncoding = Encoding.UTF8;

// Every secret typed into a setup is remembered here, so that each printed line can be checked for it (R5).
var secretTexts = new List<string>();
var clock = new TourClock(Instant.FromUtc(2025, 3, 3, 9, 0));
var merchant = Actor.Merchant("priya");

// 1. The plan catalog, and a store on Starter (3 connected apps).
var lite = new Plan(new PlanId("lite"), "Lite", tier: 0, SlotAllowance.Of(1), aiCredits: 100);
var starter = new Plan(new PlanId("starter"), "Starter", tier: 1, SlotAllowance.Of(3), aiCredits: 500);
var growth = new Plan(new PlanId("growth"), "Growth", tier: 2, SlotAllowance.Of(5), aiCredits: 2_000);
var pro = new Plan(new PlanId("pro"), "Pro", tier: 3, SlotAllowance.Of(10), aiCredits: 10_000);
var policy = new ConnectedAppsPolicy(new PlanCatalog([lite, starter, growth, pro]));
var opened = Store.Open(new StoreId("store-1042"), starter.Id, policy, clock, merchant, out var opening);
var store = Require(opening, $"the store did not open: {opened}");

Say("ShopIQ connected apps: a walk-through of one store's slots, for merchant support");
Heading("1. The plan catalog, and a new store on Starter");
foreach (var plan in policy.Catalog.Plans)
{
    Say($"   {plan}");
}

Say($"   Opened: {store}");

// 2. Connect Razorpay, Shiprocket and WATI, each with a setup checked before any slot is taken (R5).
Heading("2. Connect Razorpay, Shiprocket and WATI");
clock.Advance(Duration.FromMinutes(5));
var razorpayKeyOnly = ProviderSetup.Empty.With("key-id", "rzp_test_1DP5mmOlF5G5ag");
var refused = Expect(store.Connect(BuiltInProviders.Razorpay, BuiltInProviders.Razorpay.CheckFields(razorpayKeyOnly), merchant), OutcomeStatus.SetupInvalid);
Say("   First try, without the key secret: refused before any slot is taken.");
foreach (var error in Require(refused.Details as SetupInvalidDetails, "a refused setup carries no reasons").Errors)
{
    Say($"      {error}");
}

Check(store.SlotsInUse == 0, "a refused setup took a slot");
Say($"      Slots in use: {store.SlotsInUse} of {store.Allowance}");

ConnectApp(BuiltInProviders.Razorpay, razorpayKeyOnly
    .WithSecret("key-secret", Secret("Jx7pQ2vL9sKd0aRt4mWz")));
ConnectApp(BuiltInProviders.Shiprocket, ProviderSetup.Empty
    .With("api-user-email", "ops@handloom.example")
    .WithSecret("api-user-password", Secret("shiprocket-Pa55word!")));
ConnectApp(BuiltInProviders.Wati, ProviderSetup.Empty
    .With("api-endpoint", "https://live-server-1042.wati.io")
    .WithSecret("access-token", Secret("eyJhbGciOiJIUzI1NiJ9.wati")));

// 3. Six weeks on, payments and shipping are busy, WhatsApp is not; Google Analytics finds no free slot (R11).
Heading("3. Six weeks later: try to connect Google Analytics");
clock.Advance(Duration.FromDays(45));
Expect(store.RecordActivity(BuiltInProviders.Razorpay.Key, new Actor(ActorKind.Provider, "razorpay")), OutcomeStatus.ActivityRecorded);
Expect(store.RecordActivity(BuiltInProviders.Shiprocket.Key, new Actor(ActorKind.Provider, "shiprocket")), OutcomeStatus.ActivityRecorded);
Say("   Razorpay and Shiprocket reported activity today; WATI has had none since it was connected.");
var analyticsSetup = BuiltInProviders.GoogleAnalytics.CheckFields(ProviderSetup.Empty
    .With("measurement-id", "G-7QK2M4X9LP")
    .WithSecret("api-secret", Secret("ga-mp-secret-5Tz8")));
var atLimit = Expect(store.Connect(BuiltInProviders.GoogleAnalytics, analyticsSetup, merchant), OutcomeStatus.LimitReached);
var guidance = Require(atLimit.Details as LimitGuidance, "a limit-reached outcome carries no guidance");
Say($"   Refused: {atLimit.Message}");
Say("   What the merchant can do, in this order:");
for (var i = 0; i < guidance.Options.Count; i++)
{
    var option = guidance.Options[i];
    Say($"      {i + 1}. {option.Kind}: {option.Description}");
}

// The merchant reads the same answer in their language: here Hindi, one of the help article's languages.
var hindi = CultureInfo.GetCultureInfo("hi-IN");
Say("   What the merchant reads, in Hindi (the whole answer):");
Say($"      {MerchantText.Describe(atLimit, hindi)}");
Say("      Or option by option, for a list:");
foreach (var option in guidance.Options)
{
    Say($"      - {MerchantText.Describe(option, hindi)}");
}

if (!MerchantText.Describe(atLimit, hindi).StartsWith("Google Analytics कनेक्ट नहीं हो सकता", StringComparison.Ordinal))
{
    Fail("the limit-reached answer is not in Hindi");
}

LimitOptionKind[] expectedOrder = [LimitOptionKind.DisconnectUnusedApp, LimitOptionKind.ReplaceExistingApp, LimitOptionKind.UpgradePlan, LimitOptionKind.ContactSupport];
if (!guidance.Options.Select(o => o.Kind).SequenceEqual(expectedOrder))
{
    Fail($"expected the options {string.Join(", ", expectedOrder)}");
}

// 4. Replace WATI with Google Analytics. WhatsApp messaging is critical, so the impact must be acknowledged first (R8, R10).
Heading("4. Replace WATI with Google Analytics");
clock.Advance(Duration.FromMinutes(10));
var unacknowledged = Expect(store.Replace(BuiltInProviders.Wati.Key, BuiltInProviders.GoogleAnalytics, analyticsSetup, merchant), OutcomeStatus.AcknowledgementRequired);
var refusedImpact = Require((unacknowledged.Details as ImpactDetails)?.Assessment, "a refusal for acknowledgement carries no assessment");
Say($"   Without an acknowledgement: refused ({unacknowledged.Status}); the refusal carries the assessment (severity {refusedImpact.Severity}).");
if (!store.TryAssessImpact(BuiltInProviders.Wati.Key, out var watiImpact))
{
    Fail("WATI should still be connected");
}

Say("   The merchant reviews the impact assessment:");
PrintAssessment(watiImpact);
Say($"   ...and acknowledges it (valid on store apps version {watiImpact.AppsVersion} only).");
var replaced = Expect(store.Replace(BuiltInProviders.Wati.Key, BuiltInProviders.GoogleAnalytics, analyticsSetup, watiImpact.Acknowledge(), merchant), OutcomeStatus.Replaced);
var replacement = Require(replaced.Details as ReplacementDetails, "a replace carries no details");
var replaceImpact = replacement.Assessment;
Say($"   Replaced: {replaced.Message}");
Say($"      Impact: {string.Join(", ", replaceImpact.WorkflowsThatStop)} stopped with WATI (severity {replaceImpact.Severity}; affects {replaceImpact.Affected}).");
Say("   Workflows to test now:");
foreach (var workflow in replacement.WorkflowsToTest)
{
    Say($"      - {workflow}");
}

Check(store.SlotsInUse == 3, "the replace changed the slots in use");
Say($"   Slots in use: {store.SlotsInUse} of {store.Allowance} (no net change)");

// 5. Disconnect Razorpay: refused until the merchant acknowledges that customers cannot pay online (R8, R9), then the slot is free at once (R7).
Heading("5. Disconnect Razorpay");
clock.Advance(Duration.FromMinutes(10));
var razorpayRefused = Expect(store.Disconnect(BuiltInProviders.Razorpay.Key, merchant), OutcomeStatus.AcknowledgementRequired);
var razorpayImpact = Require((razorpayRefused.Details as ImpactDetails)?.Assessment, "a refusal for acknowledgement carries no assessment");
Say("   Without acknowledging the impact: refused.");
PrintAssessment(razorpayImpact);
var disconnected = Expect(store.Disconnect(BuiltInProviders.Razorpay.Key, razorpayImpact.Acknowledge(), merchant), OutcomeStatus.Disconnected);
Check(store.SlotsInUse == 2, "the disconnect did not free Razorpay's slot");
Say("   With the acknowledgement:");
Say($"      {disconnected.Message}");

// 6. A downgrade to Lite (1 app) would put the store over: refused with how many apps must go (R12).
Heading("6. Try to downgrade to Lite");
clock.Advance(Duration.FromMinutes(10));
var downgrade = Expect(store.ChangePlan(lite.Id, merchant), OutcomeStatus.DowngradeNeedsDisconnects);
Check(store.PlanId == starter.Id && store.SlotsInUse == 2, "a refused downgrade changed the store");
Say($"   Refused: {downgrade.Message}");
var toGo = Require(downgrade.Details as DowngradeDetails, "a refused downgrade carries no details").AppsToDisconnect;
Say($"      {toGo} {(toGo == 1 ? "app" : "apps")} must go before the store fits {lite.Name}; the store stays on {store.PlanId}.");

// 7. An upgrade always applies (R12).
Heading("7. Upgrade to Growth");
clock.Advance(Duration.FromMinutes(10));
var upgrade = Expect(store.ChangePlan(growth.Id, merchant), OutcomeStatus.PlanChanged);
Check(store.PlanId == growth.Id && store.Allowance == growth.ConnectedApps, "the upgrade did not grant Growth's allowance");
Say($"   {upgrade.Message}");
foreach (var app in store.GetApps())
{
    Say($"      {app}");
}

// 8. The slot ledger: every change, who made it and when; it verifies, and replaying it rebuilds the same store (R15).
Heading("8. The slot ledger");
foreach (var entry in store.Ledger.Entries)
{
    Say($"   {entry}");
}

var verification = store.Ledger.Verify();
if (!verification.IsValid)
{
    Fail($"the ledger does not verify: {verification}");
}

var replayed = Store.FromLedger(store.Ledger, policy, clock);
if (replayed.PlanId != store.PlanId || replayed.Allowance != store.Allowance || replayed.AppsVersion != store.AppsVersion
    || !replayed.GetApps().SequenceEqual(store.GetApps()))
{
    Fail($"replaying the ledger gave {replayed}, not {store}");
}

Say($"   Verification: {verification}. Replayed from the ledger: {replayed}.");

// 9. The domain events other ShopIQ services (notifications, billing, audit) receive (R18).
Heading("9. Domain events");
foreach (var storeEvent in store.TakeEvents())
{
    Say($"   {storeEvent.At} {storeEvent.Actor,-20} {Describe(storeEvent)}");
}

Say(string.Empty);
Say("Tour complete: every step gave the expected outcome.");
return 0;

void ConnectApp(ProviderDescriptor provider, ProviderSetup setup)
{
    clock.Advance(Duration.FromMinutes(2));
    var validation = provider.CheckFields(setup);
    var outcome = Expect(store.Connect(provider, validation, merchant), OutcomeStatus.Connected);
    Say($"   {provider.DisplayName}: setup {setup} is {validation}");
    if (!setup.ToString().Contains(SecretValue.Redacted, StringComparison.Ordinal))
    {
        Fail($"the setup of {provider.DisplayName} does not show its secret as {SecretValue.Redacted}");
    }

    Say($"      {outcome.Message}");
}

void PrintAssessment(ImpactAssessment assessment)
{
    Say($"      Impact of removing {assessment.App.Provider.DisplayName} ({assessment.App.Category}): severity {assessment.Severity}");
    Say($"         Workflows that stop: {string.Join(", ", assessment.WorkflowsThatStop)}");
    Say($"         Who is affected:     {assessment.Affected}");
    Say($"         Needs acknowledging: {(assessment.RequiresAcknowledgement ? "yes" : "no")}");
}

SecretValue Secret(string text)
{
    secretTexts.Add(text);
    return new SecretValue(text);
}

StoreOutcome Expect(StoreOutcome outcome, OutcomeStatus expected)
{
    if (outcome.Status != expected)
    {
        Fail($"expected {expected}, got {outcome}");
    }

    return outcome;
}

void Heading(string title)
{
    Say(string.Empty);
    Say(title);
}

void Say(string line)
{
    if (secretTexts.Exists(secret => line.Contains(secret, StringComparison.Ordinal)))
    {
        Fail("a secret value was about to be printed");
    }

    Console.WriteLine(line);
}

static string Describe(StoreEvent storeEvent) => storeEvent switch
{
    AppConnected e => $"AppConnected           {e.Provider} ({e.Category}); {e.SlotsInUse} of {e.Allowance} slots in use",
    SlotsNearlyFull e => $"SlotsNearlyFull        {e.SlotsInUse} of {e.Allowance} slots in use (threshold {e.Threshold * 100:0}%)",
    ConnectRefusedAtLimit e => $"ConnectRefusedAtLimit  {e.Provider}; {e.SlotsInUse} of {e.Allowance} slots in use",
    AppReplaced e => $"AppReplaced            {e.Replaced} -> {e.Replacement}; {e.SlotsInUse} of {e.Allowance} slots in use",
    AppDisconnected e => $"AppDisconnected        {e.Provider}; {e.SlotsInUse} of {e.Allowance} slots in use",
    PlanChanged e => $"PlanChanged            {e.From} -> {e.To}; {e.SlotsInUse} of {e.Allowance} slots in use",
    _ => storeEvent.ToString(),
};

static void Check([DoesNotReturnIf(false)] bool condition, string problem)
{
    if (!condition)
    {
        Fail(problem);
    }
}

static T Require<T>(T? value, string problem)
    where T : class
{
    if (value is null)
    {
        Fail(problem);
    }

    return value;
}

[DoesNotReturn]
static void Fail(string message)
{
    Console.Error.WriteLine($"ERROR: {message}");
    Environment.Exit(1);
}

/// <summary>A clock the tour moves forward by hand, so the ledger's instants tell the story.</summary>
internal sealed class TourClock(Instant start) : IClock
{
    private Instant _now = start;

    public Instant GetCurrentInstant() => _now;

    public void Advance(Duration duration) => _now += duration;
}
