using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Http;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>AddHttpProviders(): the offline Razorpay adapter replaced, the other built-ins kept, the options validated on start.</summary>
public sealed class AddHttpProvidersTests
{
    [Fact]
    public void It_replaces_the_offline_razorpay_adapter_and_keeps_one_adapter_per_built_in_provider()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddShopIQIntegrations().AddBuiltInProviders().AddHttpProviders();
        using var provider = services.BuildServiceProvider();

        var adapters = provider.GetServices<IIntegrationProvider>().ToList();

        Assert.Equal(BuiltInProviders.All.Select(d => d.Key.ToString()).Order(StringComparer.Ordinal), adapters.Select(a => a.Descriptor.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.IsType<RazorpayHttpProvider>(adapters.Single(a => a.Descriptor.Key == BuiltInProviders.Razorpay.Key));
        Assert.IsType<ShiprocketHttpProvider>(adapters.Single(a => a.Descriptor.Key == BuiltInProviders.Shiprocket.Key));
        Assert.IsType<WatiHttpProvider>(adapters.Single(a => a.Descriptor.Key == BuiltInProviders.Wati.Key));
        Assert.IsType<GoogleAnalyticsProvider>(adapters.Single(a => a.Descriptor.Key == BuiltInProviders.GoogleAnalytics.Key));
    }

    [Fact]
    public void Calling_it_twice_adds_each_adapter_once()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddShopIQIntegrations().AddHttpProviders().AddHttpProviders();
        using var provider = services.BuildServiceProvider();

        Assert.Equal(BuiltInProviders.All.Count, provider.GetServices<IIntegrationProvider>().Count());
    }

    [Theory]
    [InlineData("http://api.razorpay.com/", "must use https")]
    [InlineData("https://user:pw@api.razorpay.com/", "must not carry credentials")]
    [InlineData("https://api.razorpay.com/?token=x", "must not carry credentials, a query")]
    [InlineData("https://api.razorpay.com/v1", "must end with '/'")]
    public void A_bad_base_address_fails_naming_the_setting_only(string address, string expected)
    {
        var result = new HttpProvidersOptionsValidator().Validate(null, new HttpProvidersOptions { RazorpayBaseAddress = new Uri(address) });

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("RazorpayBaseAddress", failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("token=x", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_and_a_loopback_http_address_are_valid()
    {
        var validator = new HttpProvidersOptionsValidator();

        Assert.True(validator.Validate(null, new HttpProvidersOptions()).Succeeded);
        Assert.True(validator.Validate(null, new HttpProvidersOptions { RazorpayBaseAddress = new Uri("http://127.0.0.1:5000/") }).Succeeded);
    }

    [Fact]
    public void Wati_hosts_must_be_dns_names()
    {
        var options = new HttpProvidersOptions();
        options.WatiAllowedHostSuffixes.Clear();
        options.WatiAllowedHostSuffixes.Add("com");

        var failure = Assert.Single(new HttpProvidersOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("WatiAllowedHostSuffixes", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Inconsistent_limits_fail()
    {
        var result = new HttpProvidersOptionsValidator().Validate(null, new HttpProvidersOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(20),
            TotalTimeout = TimeSpan.FromSeconds(5),
            MaxRetryAttempts = 0,
        });

        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public async Task Bad_options_stop_the_host_from_starting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddShopIQIntegrations().AddHttpProviders(o => o.RazorpayBaseAddress = new Uri("http://api.razorpay.com/"));
        using var host = builder.Build();

        // The host validates every options type on start and throws them together (the service's plans too, none here).
        var thrown = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());

        Assert.Contains(thrown.InnerExceptions, e => e is OptionsValidationException && e.Message.Contains("RazorpayBaseAddress must use https", StringComparison.Ordinal));
    }
}
