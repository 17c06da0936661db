using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ShopIQ.Integrations.Core.DependencyInjection;
namespace ShopIQ.Integrations.Core.Tests.DependencyInjection;

/// <summary>Bad configuration fails when the host starts, with a message naming the setting.</summary>
public sealed class ConnectedAppsOptionsStartupTests
{
    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["ShopIQ:Integrations:Plans:0:Id"] = "starter",
        ["ShopIQ:Integrations:Plans:0:Name"] = "Starter",
        ["ShopIQ:Integrations:Plans:0:Tier"] = "1",
        ["ShopIQ:Integrations:Plans:0:ConnectedApps"] = "3",
        ["ShopIQ:Integrations:Plans:1:Id"] = "growth",
        ["ShopIQ:Integrations:Plans:1:Name"] = "Growth",
        ["ShopIQ:Integrations:Plans:1:Tier"] = "2",
        ["ShopIQ:Integrations:Plans:1:ConnectedApps"] = "5",
    };

    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "ShopIQ:Integrations:Plans:0:ConnectedApps", "-1", "ShopIQ:Integrations:Plans:0:ConnectedApps must be 0 or more" },
        { "ShopIQ:Integrations:Plans:1:Id", "starter", "ShopIQ:Integrations:Plans:1:Id 'starter' duplicates ShopIQ:Integrations:Plans:0:Id" },
        { "ShopIQ:Integrations:Plans:1:Id", "Growth Plan", "ShopIQ:Integrations:Plans:1:Id must be a lower-case slug" },
        { "ShopIQ:Integrations:Plans:1:Tier", "1", "ShopIQ:Integrations:Plans:1:Tier 1 duplicates ShopIQ:Integrations:Plans:0:Tier" },
        { "ShopIQ:Integrations:Plans:1:Name", " ", "ShopIQ:Integrations:Plans:1:Name must be 1 to" },
        { "ShopIQ:Integrations:Plans:1:ConnectedApps", null, "ShopIQ:Integrations:Plans:1:ConnectedApps is required" },
        { "ShopIQ:Integrations:Plans:1:Unlimited", "true", "ShopIQ:Integrations:Plans:1:ConnectedApps must be unset when" },
        { "ShopIQ:Integrations:Plans:0:AiCredits", "-5", "ShopIQ:Integrations:Plans:0:AiCredits must be 0 or more" },
        { "ShopIQ:Integrations:PendingReservationLifetime", "00:00:00", "ShopIQ:Integrations:PendingReservationLifetime must be positive" },
        { "ShopIQ:Integrations:PendingReservationLifetime", "8.00:00:00", "ShopIQ:Integrations:PendingReservationLifetime must be positive and at most 7.00:00:00" },
        { "ShopIQ:Integrations:UnusedAppWindow", "-1.00:00:00", "ShopIQ:Integrations:UnusedAppWindow must be positive" },
        { "ShopIQ:Integrations:ConnectTimeout", "00:30:00", "ShopIQ:Integrations:ConnectTimeout (00:30:00) must be shorter than ShopIQ:Integrations:PendingReservationLifetime" },
        { "ShopIQ:Integrations:LiveFactsBudget", "00:01:00", "ShopIQ:Integrations:LiveFactsBudget must be positive and at most 00:00:30" },
        { "ShopIQ:Integrations:IdempotencyKeyRetention", "00:00:00", "ShopIQ:Integrations:IdempotencyKeyRetention must be positive" },
        { "ShopIQ:Integrations:NearlyFullThreshold", "1.5", "ShopIQ:Integrations:NearlyFullThreshold must be greater than 0 and at most 1" },
        { "ShopIQ:Integrations:MaxConflictRetries", "-1", "ShopIQ:Integrations:MaxConflictRetries must be 0 to 100" },
        { "ShopIQ:Integrations:SweepBatchSize", "0", "ShopIQ:Integrations:SweepBatchSize must be 1 to 10000" },
        { "ShopIQ:Integrations:SupportContact", "  ", "ShopIQ:Integrations:SupportContact must be 1 to" },
        { "ShopIQ:Integrations:AcknowledgementKey", "c2hvcnQ=", "ShopIQ:Integrations:AcknowledgementKey has 5 bytes; it needs at least 32" },
        { "ShopIQ:Integrations:AcknowledgementTokenLifetime", "2.00:00:00", "ShopIQ:Integrations:AcknowledgementTokenLifetime must be positive and at most 1.00:00:00" },
        { "ShopIQ:Integrations:Plans:0:Tier", "-1", "ShopIQ:Integrations:Plans:0:Tier must be 0 or more (was -1)" },
        { "ShopIQ:Integrations:Plans:0:Name", "Star\u0007ter", "ShopIQ:Integrations:Plans:0:Name must be 1 to" },
        { "ShopIQ:Integrations:ActivityResolution", "00:00:00", "ShopIQ:Integrations:ActivityResolution must be positive" },
        { "ShopIQ:Integrations:ActivityResolution", "60.00:00:00", "ShopIQ:Integrations:ActivityResolution (60.00:00:00) must be at most ShopIQ:Integrations:UnusedAppWindow (30.00:00:00)" },
        { "ShopIQ:Integrations:StoreCacheCapacity", "-1", "ShopIQ:Integrations:StoreCacheCapacity must be 0 to 1000000 (was -1)" },
        { "ShopIQ:Integrations:StoreCacheCapacity", "1000001", "ShopIQ:Integrations:StoreCacheCapacity must be 0 to 1000000 (was 1000001)" },
        { "ShopIQ:Integrations:NearlyFullThreshold", "0", "ShopIQ:Integrations:NearlyFullThreshold must be greater than 0 and at most 1 (was 0)" },
        { "ShopIQ:Integrations:MaxConflictRetries", "101", "ShopIQ:Integrations:MaxConflictRetries must be 0 to 100 (was 101)" },
        { "ShopIQ:Integrations:SweepBatchSize", "10001", "ShopIQ:Integrations:SweepBatchSize must be 1 to 10000 (was 10001)" },
        { "ShopIQ:Integrations:CriticalCategories:0", "99", "ShopIQ:Integrations:CriticalCategories:0 is not a provider category (was 99)" },
        { "ShopIQ:Integrations:ImplementationPartnerContact", "  ", "ShopIQ:Integrations:ImplementationPartnerContact must be 1 to" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task StartAsync_BadSetting_FailsNamingTheSetting(string key, string? value, string expected)
    {
        var settings = ValidSettings();
        if (value is null)
        {
            settings.Remove(key);
        }
        else
        {
            settings[key] = value;
        }

        using var host = Host(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_EmptyCatalog_FailsNamingThePlansSetting()
    {
        using var host = Host(new Dictionary<string, string?> { ["ShopIQ:Integrations:NearlyFullThreshold"] = "0.8" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ShopIQ:Integrations:Plans is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ListElementsTheBinderWouldDrop_FailNamingTheSetting()
    {
        var settings = ValidSettings();
        settings["ShopIQ:Integrations:CriticalCategories:0"] = "Payments";
        settings["ShopIQ:Integrations:CriticalCategories:1"] = "Teleportation";
        settings["ShopIQ:Integrations:Plans:1:ConnectedApps"] = "five";
        using var host = Host(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ShopIQ:Integrations:CriticalCategories:1 must be one of", error.Message, StringComparison.Ordinal);
        Assert.Contains("ShopIQ:Integrations:Plans:1:ConnectedApps must be a whole number (was 'five')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ScalarOfTheWrongType_FailsNamingTheSetting()
    {
        var settings = ValidSettings();
        settings["ShopIQ:Integrations:PendingReservationLifetime"] = "half an hour";
        using var host = Host(settings);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("ShopIQ:Integrations:PendingReservationLifetime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SeveralBadSettings_NamesEachOfThem()
    {
        var settings = ValidSettings();
        settings["ShopIQ:Integrations:Plans:0:ConnectedApps"] = "-1";
        settings["ShopIQ:Integrations:PendingReservationLifetime"] = "00:00:00";
        using var host = Host(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ShopIQ:Integrations:Plans:0:ConnectedApps", error.Message, StringComparison.Ordinal);
        Assert.Contains("ShopIQ:Integrations:PendingReservationLifetime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ValidSettings_Starts()
    {
        using var host = Host(ValidSettings());

        await host.StartAsync();

        Assert.Equal(2, host.Services.GetRequiredService<ConnectedAppsService>().Policy.Catalog.Plans.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_DelegateOptionsBad_FailsNamingTheSettingWithoutASection()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddShopIQIntegrations(options => options.PendingReservationLifetime = TimeSpan.Zero);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Plans is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("PendingReservationLifetime must be positive", error.Message, StringComparison.Ordinal);
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddShopIQIntegrations(builder.Configuration.GetSection(ConnectedAppsOptions.SectionName)).AddBuiltInProviders();
        return builder.Build();
    }
}
