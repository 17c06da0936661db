using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

public sealed class ConnectedAppsServiceHealthTests
{
    [Fact]
    public async Task R17_CheckHealth_ProviderReportsRevokedCredentials_MarksTheActiveAppKeepingItsSlot()
    {
        var provider = new HealthProvider { Health = ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked) };
        using var fixture = new ServiceFixture([provider], _ => { });
        await fixture.OpenAsync(TestPlans.Starter);
        Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(HealthProvider.Key, ProviderSetup.Empty)).Status);

        var result = await Check(fixture);

        Assert.Equal(OutcomeStatus.MarkedNeedsAttention, result.Status);
        var app = Assert.Single((await fixture.StoreAsync()).GetApps());
        Assert.Equal(ConnectionState.NeedsAttention, app.State);
        Assert.Equal(AttentionReason.CredentialsRevoked, app.AttentionReason);
        Assert.Equal(1, (await fixture.StoreAsync()).SlotsInUse);
        Assert.Contains(fixture.Sink.Events, e => e is AppNeedsAttention { Reason: AttentionReason.CredentialsRevoked });
    }

    [Fact]
    public async Task R17_CheckHealth_AppAlreadyNeedsAttention_ChangesNothing()
    {
        var provider = new HealthProvider { Health = ProviderHealth.NeedsAttention(AttentionReason.CredentialsExpired) };
        using var fixture = new ServiceFixture([provider], _ => { });
        await fixture.OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(HealthProvider.Key, ProviderSetup.Empty);
        Assert.Equal(OutcomeStatus.MarkedNeedsAttention, (await Check(fixture)).Status);
        var version = (await fixture.StoreAsync()).Version;

        var again = await Check(fixture);

        Assert.False(again.IsReplay);
        Assert.Equal(OutcomeStatus.HealthChecked, again.Status);
        Assert.Equal(version, (await fixture.StoreAsync()).Version);
    }

    [Fact]
    public async Task CheckHealth_Healthy_ChangesNothingAndSaysSo()
    {
        using var fixture = new ServiceFixture([new HealthProvider()], _ => { });
        await fixture.OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(HealthProvider.Key, ProviderSetup.Empty);
        var version = (await fixture.StoreAsync()).Version;

        var result = await Check(fixture);

        Assert.True(result.IsSuccess);
        Assert.Equal(OutcomeStatus.HealthChecked, result.Status);
        Assert.Contains("works", result.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Active, Assert.Single((await fixture.StoreAsync()).GetApps()).State);
        Assert.Equal(version, (await fixture.StoreAsync()).Version);
    }

    [Fact]
    public async Task CheckHealth_ProviderThrows_ProviderFailedAndNothingChanged()
    {
        var provider = new HealthProvider { Throws = true };
        using var fixture = new ServiceFixture([provider], _ => { });
        await fixture.OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(HealthProvider.Key, ProviderSetup.Empty);
        var version = (await fixture.StoreAsync()).Version;

        var result = await Check(fixture);

        Assert.Equal(OutcomeStatus.ProviderFailed, result.Status);
        Assert.Equal($"{provider.Descriptor.DisplayName} could not be asked about the connection; nothing was changed.", result.Message);
        Assert.Equal(version, (await fixture.StoreAsync()).Version);
    }

    [Fact]
    public async Task CheckHealth_AppNotConnected_AnswersNotConnected()
    {
        using var fixture = new ServiceFixture([new HealthProvider()], _ => { });
        await fixture.OpenAsync(TestPlans.Starter);

        Assert.Equal(OutcomeStatus.NotConnected, (await Check(fixture)).Status);
    }

    [Fact]
    public async Task CheckHealth_NoAdapter_ProviderNotRegistered()
    {
        using var fixture = new ServiceFixture();
        await fixture.OpenAsync(TestPlans.Starter);

        var result = await fixture.Service.CheckHealthAsync(
            new CheckHealthCommand(ServiceFixture.StoreId, new ProviderKey("nobody"), Actor.System, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.ProviderNotRegistered, result.Status);
    }

    [Fact]
    public async Task CheckHealth_BuiltInOfflineAdapter_IsHealthy()
    {
        using var fixture = new ServiceFixture();
        await (await fixture.OpenAsync(TestPlans.Starter)).WithAsync(BuiltInProviders.Wati);

        var result = await fixture.Service.CheckHealthAsync(
            new CheckHealthCommand(ServiceFixture.StoreId, BuiltInProviders.Wati.Key, Actor.System, IdempotencyKey.New()), CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(ConnectionState.Active, Assert.Single((await fixture.StoreAsync()).GetApps()).State);
    }

    private static Task<ConnectedAppsResult> Check(ServiceFixture fixture) =>
        fixture.Service.CheckHealthAsync(new CheckHealthCommand(ServiceFixture.StoreId, HealthProvider.Key, Actor.System, IdempotencyKey.New()), CancellationToken.None);

    private sealed class HealthProvider : OfflineProvider
    {
        public static readonly ProviderKey Key = new("health-analytics");

        public ProviderHealth Health { get; init; } = ProviderHealth.Healthy;

        public bool Throws { get; init; }

        public override ProviderDescriptor Descriptor { get; } = new(
            Key, "Health Analytics", ProviderCategory.Analytics, [CommerceWorkflow.TrafficAndBehaviourTracking], [], supportsSelfServiceDisconnect: true, ProviderAvailability.Available);

        public override Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) =>
            Throws ? throw new HttpRequestException("provider down") : Task.FromResult(Health);

        protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
        {
        }
    }
}
