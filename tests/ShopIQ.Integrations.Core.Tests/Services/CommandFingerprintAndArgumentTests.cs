using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// A command's fingerprint is what a retry key is held to: a resend of the same ask with the same key replays the first
/// answer, and the same key on any other ask is refused as reused. So two commands that ask for anything different
/// (another kind, store, app, plan, setup, reason, number, acknowledgement or token) must have different fingerprints,
/// and the same ask from another caller or under another key the same one. Every command refuses a missing argument,
/// naming it.
/// </summary>
public sealed class CommandFingerprintAndArgumentTests
{
    private static readonly StoreId Store = new("store-1");
    private static readonly StoreId OtherStore = new("store-2");
    private static readonly ProviderKey App = BuiltInProviders.MetaPixel.Key;
    private static readonly ProviderKey OtherApp = BuiltInProviders.GoogleAnalytics.Key;
    private static readonly ProviderSetup Setup = BuiltInSetups.MetaPixel;
    private static readonly ProviderSetup OtherSetup = BuiltInSetups.GoogleAnalytics;
    private static readonly PlanId Plan = TestPlans.Growth.Id;
    private static readonly PlanId OtherPlan = TestPlans.Pro.Id;
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly IdempotencyKey Key = IdempotencyKey.New();
    private static readonly ImpactAcknowledgement Ack = new(Store, App, 4, []);
    private static readonly ImpactAcknowledgement LaterAck = new(Store, App, 5, []);

    /// <summary>Every command of the service, each with one that differs from it in exactly one thing.</summary>
    public static TheoryData<string, ConnectedAppsCommand, ConnectedAppsCommand> Pairs => new()
    {
        { "open: store", new OpenStoreCommand(Store, Plan, Merchant, Key), new OpenStoreCommand(OtherStore, Plan, Merchant, Key) },
        { "open: plan", new OpenStoreCommand(Store, Plan, Merchant, Key), new OpenStoreCommand(Store, OtherPlan, Merchant, Key) },
        { "connect: app", new ConnectAppCommand(Store, App, Setup, Merchant, Key), new ConnectAppCommand(Store, OtherApp, Setup, Merchant, Key) },
        { "connect: setup", new ConnectAppCommand(Store, App, Setup, Merchant, Key), new ConnectAppCommand(Store, App, OtherSetup, Merchant, Key) },
        { "connect: store", new ConnectAppCommand(Store, App, Setup, Merchant, Key), new ConnectAppCommand(OtherStore, App, Setup, Merchant, Key) },
        { "reconnect: app", new ReconnectAppCommand(Store, App, Setup, Merchant, Key), new ReconnectAppCommand(Store, OtherApp, Setup, Merchant, Key) },
        { "reconnect: setup", new ReconnectAppCommand(Store, App, Setup, Merchant, Key), new ReconnectAppCommand(Store, App, OtherSetup, Merchant, Key) },
        { "connect or reconnect", new ConnectAppCommand(Store, App, Setup, Merchant, Key), new ReconnectAppCommand(Store, App, Setup, Merchant, Key) },
        { "disconnect: app", new DisconnectAppCommand(Store, App, Merchant, Key), new DisconnectAppCommand(Store, OtherApp, Merchant, Key) },
        { "disconnect: acknowledged or not", new DisconnectAppCommand(Store, App, Merchant, Key), new DisconnectAppCommand(Store, App, Ack, Merchant, Key) },
        { "disconnect: acknowledgement", new DisconnectAppCommand(Store, App, Ack, Merchant, Key), new DisconnectAppCommand(Store, App, LaterAck, Merchant, Key) },
        { "disconnect: token or not", new DisconnectAppCommand(Store, App, Merchant, Key), new DisconnectAppCommand(Store, App, "token-a", Merchant, Key) },
        { "disconnect: token", new DisconnectAppCommand(Store, App, "token-a", Merchant, Key), new DisconnectAppCommand(Store, App, "token-b", Merchant, Key) },
        { "disconnect: acknowledgement or token", new DisconnectAppCommand(Store, App, Ack, Merchant, Key), new DisconnectAppCommand(Store, App, "token-a", Merchant, Key) },
        { "replace: current", new ReplaceAppCommand(Store, App, OtherApp, OtherSetup, Merchant, Key), new ReplaceAppCommand(Store, BuiltInProviders.Razorpay.Key, OtherApp, OtherSetup, Merchant, Key) },
        { "replace: replacement", new ReplaceAppCommand(Store, App, OtherApp, OtherSetup, Merchant, Key), new ReplaceAppCommand(Store, App, BuiltInProviders.Razorpay.Key, OtherSetup, Merchant, Key) },
        { "replace: setup", new ReplaceAppCommand(Store, App, OtherApp, OtherSetup, Merchant, Key), new ReplaceAppCommand(Store, App, OtherApp, Setup, Merchant, Key) },
        { "replace: acknowledged or not", new ReplaceAppCommand(Store, App, OtherApp, OtherSetup, Merchant, Key), new ReplaceAppCommand(Store, App, OtherApp, OtherSetup, Ack, Merchant, Key) },
        { "replace: token", new ReplaceAppCommand(Store, App, OtherApp, OtherSetup, "token-a", Merchant, Key), new ReplaceAppCommand(Store, App, OtherApp, OtherSetup, "token-b", Merchant, Key) },
        { "attention: app", new MarkNeedsAttentionCommand(Store, App, AttentionReason.CredentialsExpired, Merchant, Key), new MarkNeedsAttentionCommand(Store, OtherApp, AttentionReason.CredentialsExpired, Merchant, Key) },
        { "attention: reason", new MarkNeedsAttentionCommand(Store, App, AttentionReason.CredentialsExpired, Merchant, Key), new MarkNeedsAttentionCommand(Store, App, AttentionReason.CredentialsRevoked, Merchant, Key) },
        { "activity: app", new RecordActivityCommand(Store, App, Merchant, Key), new RecordActivityCommand(Store, OtherApp, Merchant, Key) },
        { "activity or health", new RecordActivityCommand(Store, App, Merchant, Key), new CheckHealthCommand(Store, App, Merchant, Key) },
        { "health: app", new CheckHealthCommand(Store, App, Merchant, Key), new CheckHealthCommand(Store, OtherApp, Merchant, Key) },
        { "health: store", new CheckHealthCommand(Store, App, Merchant, Key), new CheckHealthCommand(OtherStore, App, Merchant, Key) },
        { "AI: credits", new UseAiCreditsCommand(Store, 3, AiUsePurpose.Analyze, Merchant, Key), new UseAiCreditsCommand(Store, 4, AiUsePurpose.Analyze, Merchant, Key) },
        { "AI: purpose", new UseAiCreditsCommand(Store, 3, AiUsePurpose.Analyze, Merchant, Key), new UseAiCreditsCommand(Store, 3, AiUsePurpose.Create, Merchant, Key) },
        { "plan: plan", new ChangePlanCommand(Store, Plan, Merchant, Key), new ChangePlanCommand(Store, OtherPlan, Merchant, Key) },
        { "plan: apps to disconnect", new ChangePlanCommand(Store, Plan, [App], Merchant, Key), new ChangePlanCommand(Store, Plan, [OtherApp], Merchant, Key) },
        { "plan: none or some to disconnect", new ChangePlanCommand(Store, Plan, Merchant, Key), new ChangePlanCommand(Store, Plan, [App], Merchant, Key) },
        { "plan: acknowledgements", new ChangePlanCommand(Store, Plan, [App], Merchant, Key), new ChangePlanCommand(Store, Plan, [App], [Ack], Merchant, Key) },
        { "plan: tokens or none", new ChangePlanCommand(Store, Plan, [App], Merchant, Key), new ChangePlanCommand(Store, Plan, [App], ["token-a"], Merchant, Key) },
        { "plan: tokens", new ChangePlanCommand(Store, Plan, [App], ["token-a"], Merchant, Key), new ChangePlanCommand(Store, Plan, [App], ["token-b"], Merchant, Key) },
        { "open or change plan", new OpenStoreCommand(Store, Plan, Merchant, Key), new ChangePlanCommand(Store, Plan, Merchant, Key) },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void DifferentAsks_HaveDifferentFingerprints_AndTheSameAskByAnotherCallerOrKeyTheSameOne(string what, ConnectedAppsCommand one, ConnectedAppsCommand other)
    {
        Assert.False(one.Fingerprint == other.Fingerprint, $"{what}: both are '{one.Fingerprint}'");
        Assert.Equal(one.Fingerprint, Again(one).Fingerprint);
    }

    [Fact]
    public void ToString_ShowsTheAskTheCallerAndTheKey()
    {
        var command = new ConnectAppCommand(Store, App, Setup, Merchant, Key);

        Assert.Equal($"{command.Fingerprint} by {Merchant} (key {Key})", command.ToString());
        Assert.StartsWith("connect meta-pixel to store-1 with ", command.Fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommand_RefusesAMissingStoreActorOrKey_NamingIt()
    {
        Assert.Equal("store", Assert.Throws<ArgumentNullException>(() => new OpenStoreCommand(null!, Plan, Merchant, Key)).ParamName);
        Assert.Equal("actor", Assert.Throws<ArgumentNullException>(() => new OpenStoreCommand(Store, Plan, null!, Key)).ParamName);
        Assert.Equal("idempotencyKey", Assert.Throws<ArgumentNullException>(() => new OpenStoreCommand(Store, Plan, Merchant, null!)).ParamName);
    }

    [Fact]
    public void EachCommand_RefusesAMissingArgumentOfItsOwn_NamingIt()
    {
        void Missing(string name, Action create) => Assert.Equal(name, Assert.Throws<ArgumentNullException>(create).ParamName);

        Missing("plan", () => _ = new OpenStoreCommand(Store, null!, Merchant, Key));
        Missing("provider", () => _ = new ConnectAppCommand(Store, null!, Setup, Merchant, Key));
        Missing("setup", () => _ = new ConnectAppCommand(Store, App, null!, Merchant, Key));
        Missing("provider", () => _ = new ReconnectAppCommand(Store, null!, Setup, Merchant, Key));
        Missing("setup", () => _ = new ReconnectAppCommand(Store, App, null!, Merchant, Key));
        Missing("provider", () => _ = new DisconnectAppCommand(Store, null!, Merchant, Key));
        Missing("acknowledgement", () => _ = new DisconnectAppCommand(Store, App, (ImpactAcknowledgement)null!, Merchant, Key));
        Missing("acknowledgementToken", () => _ = new DisconnectAppCommand(Store, App, (string)null!, Merchant, Key));
        Missing("current", () => _ = new ReplaceAppCommand(Store, null!, OtherApp, Setup, Merchant, Key));
        Missing("replacement", () => _ = new ReplaceAppCommand(Store, App, null!, Setup, Merchant, Key));
        Missing("setup", () => _ = new ReplaceAppCommand(Store, App, OtherApp, null!, Merchant, Key));
        Missing("acknowledgement", () => _ = new ReplaceAppCommand(Store, App, OtherApp, Setup, (ImpactAcknowledgement)null!, Merchant, Key));
        Missing("acknowledgementToken", () => _ = new ReplaceAppCommand(Store, App, OtherApp, Setup, (string)null!, Merchant, Key));
        Missing("provider", () => _ = new MarkNeedsAttentionCommand(Store, null!, AttentionReason.CredentialsExpired, Merchant, Key));
        Missing("provider", () => _ = new RecordActivityCommand(Store, null!, Merchant, Key));
        Missing("provider", () => _ = new CheckHealthCommand(Store, null!, Merchant, Key));
        Missing("plan", () => _ = new ChangePlanCommand(Store, null!, Merchant, Key));
        Missing("appsToDisconnect", () => _ = new ChangePlanCommand(Store, Plan, null!, Merchant, Key));
        Missing("acknowledgements", () => _ = new ChangePlanCommand(Store, Plan, [App], (IEnumerable<ImpactAcknowledgement>)null!, Merchant, Key));
        Missing("acknowledgementTokens", () => _ = new ChangePlanCommand(Store, Plan, [App], (IEnumerable<string>)null!, Merchant, Key));
    }

    [Fact]
    public void ChangePlan_ACollectionHoldingANull_IsRefusedNamingTheCollection()
    {
        var apps = Assert.Throws<ArgumentNullException>(() => new ChangePlanCommand(Store, Plan, [App, null!], Merchant, Key));
        Assert.Equal("appsToDisconnect", apps.ParamName);
        Assert.StartsWith("Apps to disconnect must not hold null.", apps.Message, StringComparison.Ordinal);

        var acks = Assert.Throws<ArgumentNullException>(() => new ChangePlanCommand(Store, Plan, [App], [Ack, null!], Merchant, Key));
        Assert.Equal("acknowledgements", acks.ParamName);
        Assert.StartsWith("Acknowledgements must not hold null.", acks.Message, StringComparison.Ordinal);

        var tokens = Assert.Throws<ArgumentNullException>(() => new ChangePlanCommand(Store, Plan, [App], ["token-a", null!], Merchant, Key));
        Assert.Equal("acknowledgementTokens", tokens.ParamName);
        Assert.StartsWith("Acknowledgement tokens must not hold null.", tokens.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangePlan_KeepsWhatItWasGiven_InOrder()
    {
        var command = new ChangePlanCommand(Store, Plan, [App, OtherApp], ["token-a", "token-b"], Merchant, Key);

        Assert.Equal(Plan, command.Plan);
        Assert.Equal([App, OtherApp], command.AppsToDisconnect);
        Assert.Equal(["token-a", "token-b"], command.AcknowledgementTokens);
        Assert.Empty(command.Acknowledgements);
        Assert.Empty(new ChangePlanCommand(Store, Plan, Merchant, Key).AcknowledgementTokens);
    }

    [Fact]
    public void UseAiCredits_RefusesNoCreditsOrAnUndefinedPurpose()
    {
        Assert.Equal("credits", Assert.Throws<ArgumentOutOfRangeException>(() => new UseAiCreditsCommand(Store, 0, AiUsePurpose.Analyze, Merchant, Key)).ParamName);
        Assert.Equal("purpose", Assert.Throws<ArgumentOutOfRangeException>(() => new UseAiCreditsCommand(Store, 1, (AiUsePurpose)99, Merchant, Key)).ParamName);
        Assert.Equal("reason", Assert.Throws<ArgumentOutOfRangeException>(() => new MarkNeedsAttentionCommand(Store, App, (AttentionReason)99, Merchant, Key)).ParamName);
    }

    /// <summary>The same command as <paramref name="command"/>, asked by support under a new key.</summary>
    private static ConnectedAppsCommand Again(ConnectedAppsCommand command)
    {
        var actor = Actor.Support("agent-7");
        var key = IdempotencyKey.New();
        return command switch
        {
            OpenStoreCommand c => new OpenStoreCommand(c.Store, c.Plan, actor, key),
            ConnectAppCommand c => new ConnectAppCommand(c.Store, c.Provider, c.Setup, actor, key),
            ReconnectAppCommand c => new ReconnectAppCommand(c.Store, c.Provider, c.Setup, actor, key),
            DisconnectAppCommand { Acknowledgement: { } a } c => new DisconnectAppCommand(c.Store, c.Provider, a, actor, key),
            DisconnectAppCommand { AcknowledgementToken: { } t } c => new DisconnectAppCommand(c.Store, c.Provider, t, actor, key),
            DisconnectAppCommand c => new DisconnectAppCommand(c.Store, c.Provider, actor, key),
            ReplaceAppCommand { Acknowledgement: { } a } c => new ReplaceAppCommand(c.Store, c.Current, c.Replacement, c.Setup, a, actor, key),
            ReplaceAppCommand { AcknowledgementToken: { } t } c => new ReplaceAppCommand(c.Store, c.Current, c.Replacement, c.Setup, t, actor, key),
            ReplaceAppCommand c => new ReplaceAppCommand(c.Store, c.Current, c.Replacement, c.Setup, actor, key),
            MarkNeedsAttentionCommand c => new MarkNeedsAttentionCommand(c.Store, c.Provider, c.Reason, actor, key),
            RecordActivityCommand c => new RecordActivityCommand(c.Store, c.Provider, actor, key),
            CheckHealthCommand c => new CheckHealthCommand(c.Store, c.Provider, actor, key),
            UseAiCreditsCommand c => new UseAiCreditsCommand(c.Store, c.Credits, c.Purpose, actor, key),
            ChangePlanCommand { AcknowledgementTokens.Count: > 0 } c => new ChangePlanCommand(c.Store, c.Plan, c.AppsToDisconnect, c.AcknowledgementTokens, actor, key),
            ChangePlanCommand c => new ChangePlanCommand(c.Store, c.Plan, c.AppsToDisconnect, c.Acknowledgements, actor, key),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a command this test knows."),
        };
    }
}
