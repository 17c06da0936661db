using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// A missing argument to the service is the caller's bug: every constructor argument but the meter factory and every
/// argument of every public method is refused at once with an <see cref="ArgumentNullException"/> naming it, before
/// anything is read or changed, and an option set under a section is named as a setting of no section.
/// </summary>
public sealed class ConnectedAppsServiceArgumentTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void Constructor_EachMissingArgument_IsNamed()
    {
        var repository = new InMemoryStoreRepository();
        var clock = new FakeClock(StoreFixture.Start);
        var options = Options.Create(ServiceFixture.TestOptions());
        var logger = NullLogger<ConnectedAppsService>.Instance;

        void Missing(string name, Func<ConnectedAppsService> create) => Assert.Equal(name, Assert.Throws<ArgumentNullException>(() => create().Dispose()).ParamName);

        Missing("repository", () => new ConnectedAppsService(null!, [], [], clock, options, logger, null));
        Missing("providers", () => new ConnectedAppsService(repository, null!, [], clock, options, logger, null));
        Missing("sinks", () => new ConnectedAppsService(repository, [], null!, clock, options, logger, null));
        Missing("clock", () => new ConnectedAppsService(repository, [], [], null!, options, logger, null));
        Missing("options", () => new ConnectedAppsService(repository, [], [], clock, null!, logger, null));
        Missing("logger", () => new ConnectedAppsService(repository, [], [], clock, options, null!, null));
        Missing("providers", () => new ConnectedAppsService(repository, [null!], [], clock, options, logger, null));

        var sink = Assert.Throws<ArgumentNullException>(() => new ConnectedAppsService(repository, [], [null!], clock, options, logger, null));
        Assert.Equal("sinks", sink.ParamName);
        Assert.StartsWith("Event sinks must not hold null.", sink.Message, StringComparison.Ordinal);

        // Built without a meter factory, the service works: the meter is made directly.
        using var service = new ConnectedAppsService(repository, [], [], clock, options, logger, null);
        Assert.NotNull(service.Policy);
    }

    [Fact]
    public void Constructor_BadOptions_AreNamedAsSettingsOfNoSection()
    {
        var options = ServiceFixture.TestOptions();
        options.SweepBatchSize = 0;

        var error = Assert.Throws<OptionsValidationException>(() => new ConnectedAppsService(
            new InMemoryStoreRepository(), [], [], new FakeClock(StoreFixture.Start), Options.Create(options), NullLogger<ConnectedAppsService>.Instance, null));

        Assert.Equal(Options.DefaultName, error.OptionsName);
        Assert.Equal(["SweepBatchSize must be 1 to 10000 (was 0)."], error.Failures);
    }

    [Fact]
    public async Task EveryMethod_RefusesAMissingArgument_NamingIt()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Growth);
        var service = fixture.Service;
        var store = ServiceFixture.StoreId;
        var app = BuiltInProviders.MetaPixel.Key;

        async Task Missing(string name, Func<Task> call) => Assert.Equal(name, (await Assert.ThrowsAsync<ArgumentNullException>(call)).ParamName);

        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => service.TryGetProvider(null!, out _)).ParamName);
        Assert.Equal("assessment", Assert.Throws<ArgumentNullException>(() => service.IssueAcknowledgementToken(null!)).ParamName);
        await Missing("store", () => service.GetStoreAsync(null!, None));
        await Missing("store", () => service.ReadLedgerAsync(null!, None));
        await Missing("store", () => service.VerifyAsync(null!, None));
        await Missing("command", () => service.OpenStoreAsync(null!, None));
        await Missing("command", () => service.ConnectAsync(null!, None));
        await Missing("command", () => service.DisconnectAsync(null!, None));
        await Missing("command", () => service.ReplaceAsync(null!, None));
        await Missing("command", () => service.ChangePlanAsync(null!, None));
        await Missing("command", () => service.RecordActivityAsync(null!, None));
        await Missing("command", () => service.MarkNeedsAttentionAsync(null!, None));
        await Missing("command", () => service.ReconnectAsync(null!, None));
        await Missing("command", () => service.CheckHealthAsync(null!, None));
        await Missing("command", () => service.UseAiCreditsAsync(null!, None));
        await Missing("store", () => service.AssessImpactAsync(null!, app, None));
        await Missing("provider", () => service.AssessImpactAsync(store, null!, None));
        await Missing("alongWith", () => service.AssessImpactAsync(store, app, null!, None));

        var along = await Assert.ThrowsAsync<ArgumentNullException>(() => service.AssessImpactAsync(store, app, [null!], None));
        Assert.Equal("alongWith", along.ParamName);
        Assert.StartsWith("The other apps must not hold", along.Message, StringComparison.Ordinal);
    }
}
