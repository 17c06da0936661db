using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// Acknowledgement tokens through the service: the impact warning gives one, the disconnect, replace or plan change
/// takes it back, and anything but the token the service issued for that store and app is refused (R8).
/// </summary>
public sealed class ConnectedAppsServiceAcknowledgementTokenTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task R8_Disconnect_TokenOfTheAssessment_DisconnectsAndTellsTheProvider()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        var token = await TokenAsync(fixture, adapter.Key.Value);

        var result = await fixture.Service.DisconnectAsync(Disconnect(adapter.Key.Value, token), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Disconnected, result.Status);
        Assert.Equal(1, adapter.DisconnectCalls);
        Assert.DoesNotContain((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);
    }

    [Fact]
    public async Task R8_Disconnect_TamperedToken_IsRefusedAndTheAppStaysConnected()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        var token = await TokenAsync(fixture, adapter.Key.Value);
        var versionBefore = (await fixture.StoreAsync()).Version;

        var result = await fixture.Service.DisconnectAsync(Disconnect(adapter.Key.Value, Tamper(token)), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, result.Status);
        Assert.False(result.IsSuccess);
        Assert.Contains("not issued with this service's key, or was altered", result.Message, StringComparison.Ordinal);
        Assert.StartsWith("An acknowledgement token for an app on store store-1 was refused (", Assert.Single(fixture.Logged(13)), StringComparison.Ordinal);
        Assert.Equal(0, adapter.DisconnectCalls);
        var store = await fixture.StoreAsync();
        Assert.Contains(store.GetApps(), a => a.Key == adapter.Key);
        Assert.Equal(versionBefore, store.Version);
    }

    [Fact]
    public async Task R8_Disconnect_TokenSignedWithAnotherKey_IsRefused()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        var report = await fixture.Service.AssessImpactAsync(StoreId, adapter.Key, CancellationToken.None);
        var forged = new AcknowledgementTokens(Convert.FromBase64String(KeyB), Duration.FromMinutes(15)).Issue(report!.Assessment.Acknowledge(), fixture.Clock.GetCurrentInstant());

        var result = await fixture.Service.DisconnectAsync(Disconnect(adapter.Key.Value, forged), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, result.Status);
        Assert.Contains((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);
    }

    [Fact]
    public async Task R8_Disconnect_TokenOfAnotherStore_IsRefused()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        var other = new StoreId("store-2");
        Assert.True((await fixture.Service.OpenStoreAsync(new OpenStoreCommand(other, TestPlans.Growth.Id, Merchant, IdempotencyKey.New()), CancellationToken.None)).IsSuccess);
        Assert.Equal(OutcomeStatus.Connected, (await fixture.Service.ConnectAsync(new ConnectAppCommand(other, adapter.Key, FakeAdapter.ValidSetup, Merchant, IdempotencyKey.New()), CancellationToken.None)).Status);
        var report = await fixture.Service.AssessImpactAsync(other, adapter.Key, CancellationToken.None);
        var theirs = fixture.Service.IssueAcknowledgementToken(report!.Assessment);

        var result = await fixture.Service.DisconnectAsync(Disconnect(adapter.Key.Value, theirs), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, result.Status);
        Assert.Equal("The acknowledgement token is for another store, not 'store-1': assess the impact again.", result.Message);
        Assert.Equal(
            ["An acknowledgement token for fake-pay on store store-1 was refused (other store); a forged one means a client tried to skip an impact warning"],
            fixture.Logged(13));
        Assert.Contains((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);
    }

    [Fact]
    public async Task R8_Disconnect_TokenOfAnotherApp_IsRefused()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        await fixture.WithAsync(BuiltInProviders.Shiprocket);
        var shiprocketToken = await TokenAsync(fixture, BuiltInProviders.Shiprocket.Key.Value);

        var result = await fixture.Service.DisconnectAsync(Disconnect(adapter.Key.Value, shiprocketToken), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, result.Status);
        Assert.Equal("The acknowledgement token is for 'shiprocket', not 'fake-pay': assess the impact of 'fake-pay' and acknowledge it.", result.Message);
        Assert.Equal(
            ["An acknowledgement token for fake-pay on store store-1 was refused (other app); a forged one means a client tried to skip an impact warning"],
            fixture.Logged(13));
        Assert.Equal(adapter.Key, result.Provider);
        Assert.Contains((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);
    }

    [Fact]
    public async Task R8_Disconnect_AppsChangedSinceTheTokenWasIssued_AnswersStaleWithAFreshAssessment()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        var token = await TokenAsync(fixture, adapter.Key.Value);
        await fixture.WithAsync(BuiltInProviders.Shiprocket);

        var result = await fixture.Service.DisconnectAsync(Disconnect(adapter.Key.Value, token), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AcknowledgementStale, result.Status);
        Assert.Equal((await fixture.StoreAsync()).AppsVersion, result.Assessment().AppsVersion);
        Assert.Contains((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);
    }

    [Fact]
    public async Task R8_Disconnect_TokenPastItsLifetime_IsRefusedAsExpired()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        var token = await TokenAsync(fixture, adapter.Key.Value);
        fixture.Clock.Advance(Duration.FromTimeSpan(fixture.Options.AcknowledgementTokenLifetime));

        var result = await fixture.Service.DisconnectAsync(Disconnect(adapter.Key.Value, token), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, result.Status);
        Assert.Contains("expired", result.Message, StringComparison.Ordinal);
        Assert.Contains((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);
    }

    [Fact]
    public async Task R8_Disconnect_AfterKeyRotation_TokenOfThePreviousKeyIsAccepted()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        var token = await TokenAsync(fixture, adapter.Key.Value);
        var rotated = TestOptionsWith(o =>
        {
            o.AcknowledgementKey = KeyB;
            o.PreviousAcknowledgementKey = KeyA;
        });
        using var service = new ConnectedAppsService(fixture.Repository, [adapter], [], fixture.Clock, Microsoft.Extensions.Options.Options.Create(rotated), NullLogger<ConnectedAppsService>.Instance, null);

        var result = await service.DisconnectAsync(Disconnect(adapter.Key.Value, token), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Disconnected, result.Status);
    }

    [Fact]
    public async Task R8_Disconnect_AfterKeyRotationDroppingTheOldKey_TokenIsRefused()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        var token = await TokenAsync(fixture, adapter.Key.Value);
        var rotated = TestOptionsWith(o => o.AcknowledgementKey = KeyB);
        using var service = new ConnectedAppsService(fixture.Repository, [adapter], [], fixture.Clock, Microsoft.Extensions.Options.Options.Create(rotated), NullLogger<ConnectedAppsService>.Instance, null);

        var result = await service.DisconnectAsync(Disconnect(adapter.Key.Value, token), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, result.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("ack2.AAAA.AAAA")]
    public async Task R8_Disconnect_MalformedToken_IsRefused(string token)
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);

        var result = await fixture.Service.DisconnectAsync(Disconnect(adapter.Key.Value, token), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, result.Status);
        Assert.Contains((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);
    }

    [Fact]
    public async Task R8_Disconnect_SameIdempotencyKeyWithAnotherToken_AnswersKeyReused()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        var first = await TokenAsync(fixture, adapter.Key.Value);
        fixture.Clock.Advance(Duration.FromSeconds(1));
        var second = await TokenAsync(fixture, adapter.Key.Value);
        Assert.NotEqual(first, second);
        var key = IdempotencyKey.New();
        var refused = await fixture.Service.DisconnectAsync(new DisconnectAppCommand(StoreId, adapter.Key, Tamper(first), Merchant, key), CancellationToken.None);
        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, refused.Status);

        var again = await fixture.Service.DisconnectAsync(new DisconnectAppCommand(StoreId, adapter.Key, Tamper(first), Merchant, key), CancellationToken.None);
        var other = await fixture.Service.DisconnectAsync(new DisconnectAppCommand(StoreId, adapter.Key, second, Merchant, key), CancellationToken.None);

        Assert.True(again.IsReplay);
        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, again.Status);
        Assert.Equal(OutcomeStatus.KeyReused, other.Status);
        Assert.Contains((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);
    }

    [Fact]
    public async Task R8_Replace_TamperedToken_IsRefusedWithoutCallingTheReplacement()
    {
        var adapter = FakeAdapter.Payments();
        var replacement = FakeAdapter.Payments("fake-pay-two");
        using var fixture = await KeyedAsync(adapter, replacement);
        var token = await TokenAsync(fixture, adapter.Key.Value);

        var refused = await fixture.Service.ReplaceAsync(
            new ReplaceAppCommand(StoreId, adapter.Key, replacement.Key, FakeAdapter.ValidSetup, Tamper(token), Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, refused.Status);
        Assert.Equal(0, replacement.ConnectCalls);
        Assert.Contains((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);

        var replaced = await fixture.Service.ReplaceAsync(
            new ReplaceAppCommand(StoreId, adapter.Key, replacement.Key, FakeAdapter.ValidSetup, token, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Replaced, replaced.Status);
        Assert.Equal(1, replacement.ConnectCalls);
    }

    [Fact]
    public async Task R12_ChangePlan_TokensOfAssessmentsAlongWithEachOther_DisconnectBothAndChangeThePlan()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        await fixture.WithAsync(BuiltInProviders.Shiprocket, BuiltInProviders.MetaPixel, BuiltInProviders.Wati);
        var named = new[] { adapter.Key, BuiltInProviders.Shiprocket.Key };
        var tokens = await TokensAlongAsync(fixture, named);

        var result = await fixture.Service.ChangePlanAsync(new ChangePlanCommand(StoreId, TestPlans.Starter.Id, named, tokens, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.PlanChanged, result.Status);
        var store = await fixture.StoreAsync();
        Assert.Equal(TestPlans.Starter.Id, store.PlanId);
        Assert.DoesNotContain(store.GetApps(), a => named.Contains(a.Key));
    }

    [Fact]
    public async Task R12_ChangePlan_TokenForAnAppNotNamed_IsRefused()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        await fixture.WithAsync(BuiltInProviders.Shiprocket, BuiltInProviders.MetaPixel, BuiltInProviders.Wati);
        var tokens = await TokensAlongAsync(fixture, [adapter.Key, BuiltInProviders.Shiprocket.Key]);

        var result = await fixture.Service.ChangePlanAsync(new ChangePlanCommand(StoreId, TestPlans.Starter.Id, [adapter.Key, BuiltInProviders.MetaPixel.Key], tokens, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, result.Status);
        Assert.Equal("The acknowledgement token for 'shiprocket' is for an app not named to disconnect.", result.Message);
        Assert.Equal(
            ["An acknowledgement token for shiprocket on store store-1 was refused (other app); a forged one means a client tried to skip an impact warning"],
            fixture.Logged(13));
        Assert.Equal(TestPlans.Growth.Id, (await fixture.StoreAsync()).PlanId);
    }

    [Fact]
    public async Task R12_ChangePlan_TwoTokensForOneApp_IsRefused()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await KeyedAsync(adapter);
        await fixture.WithAsync(BuiltInProviders.Shiprocket, BuiltInProviders.MetaPixel, BuiltInProviders.Wati);
        var token = await TokenAsync(fixture, adapter.Key.Value);

        var result = await fixture.Service.ChangePlanAsync(new ChangePlanCommand(StoreId, TestPlans.Starter.Id, [adapter.Key, BuiltInProviders.MetaPixel.Key], [token, token], Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AcknowledgementInvalid, result.Status);
        Assert.Equal("Two acknowledgement tokens are for 'fake-pay'; send one per app.", result.Message);
        Assert.Equal(
            ["An acknowledgement token for fake-pay on store store-1 was refused (repeated); a forged one means a client tried to skip an impact warning"],
            fixture.Logged(13));
        Assert.Equal(TestPlans.Growth.Id, (await fixture.StoreAsync()).PlanId);
    }

    [Fact]
    public async Task R8_Tokens_WithoutAKey_ThrowNamingTheSetting()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Growth);
        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        var report = await fixture.Service.AssessImpactAsync(StoreId, adapter.Key, CancellationToken.None);

        var issue = Assert.Throws<InvalidOperationException>(() => fixture.Service.IssueAcknowledgementToken(report!.Assessment));
        var read = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Service.DisconnectAsync(Disconnect(adapter.Key.Value, "ack1.AAAA.AAAA"), CancellationToken.None));

        Assert.Contains("AcknowledgementKey", issue.Message, StringComparison.Ordinal);
        Assert.Equal(
            "Acknowledgement tokens need ConnectedAppsOptions.AcknowledgementKey to be set (the same key on every instance); "
            + "without it, pass the typed acknowledgement from ImpactAssessment.Acknowledge() instead.",
            read.Message);
        Assert.Contains((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);
    }

    [Fact]
    public async Task R8_Token_HoldsNoSetupValueOfTheApp()
    {
        using var fixture = await KeyedAsync();
        await fixture.WithAsync(BuiltInProviders.Razorpay);

        var token = await TokenAsync(fixture, BuiltInProviders.Razorpay.Key.Value);

        var parts = token[AcknowledgementTokens.Prefix.Length..].Split('.');
        var decoded = Encoding.UTF8.GetString([.. parts.SelectMany(FromBase64Url)]);
        Assert.Contains("razorpay", decoded, StringComparison.Ordinal);
        foreach (var secret in BuiltInSetups.Secrets.Append("rzp_test_1DP5mmOlF5G5ag"))
        {
            Assert.DoesNotContain(secret, decoded, StringComparison.Ordinal);
        }
    }

    private static async Task<ServiceFixture> KeyedAsync(params FakeAdapter[] adapters)
    {
        var fixture = await new ServiceFixture(adapters, o => o.AcknowledgementKey = KeyA).OpenAsync(TestPlans.Growth);
        foreach (var adapter in adapters.Take(1))
        {
            Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup)).Status);
        }

        return fixture;
    }

    private static async Task<string> TokenAsync(ServiceFixture fixture, string provider)
    {
        var report = await fixture.Service.AssessImpactAsync(StoreId, new(provider), CancellationToken.None);
        Assert.True(report!.Assessment.RequiresAcknowledgement);
        return fixture.Service.IssueAcknowledgementToken(report.Assessment);
    }

    private static async Task<string[]> TokensAlongAsync(ServiceFixture fixture, Core.ProviderKey[] named)
    {
        var tokens = new List<string>();
        foreach (var key in named)
        {
            var report = await fixture.Service.AssessImpactAsync(StoreId, key, named.Where(k => k != key), CancellationToken.None);
            tokens.Add(fixture.Service.IssueAcknowledgementToken(report!.Assessment));
        }

        return [.. tokens];
    }

    private static DisconnectAppCommand Disconnect(string provider, string token) => new(StoreId, new(provider), token, Merchant, IdempotencyKey.New());

    /// <summary>Changes one character in the middle of the payload: still well-formed, no longer what was signed.</summary>
    private static string Tamper(string token)
    {
        var at = AcknowledgementTokens.Prefix.Length + 4;
        return token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
    }

    private static Core.ConnectedAppsOptions TestOptionsWith(Action<ConnectedAppsOptions> configure)
    {
        var options = ServiceFixture.TestOptions();
        configure(options);
        return options;
    }

    private static byte[] FromBase64Url(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4));
}
