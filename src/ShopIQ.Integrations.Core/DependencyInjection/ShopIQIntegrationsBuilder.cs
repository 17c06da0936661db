using Microsoft.Extensions.DependencyInjection;

namespace ShopIQ.Integrations.Core.DependencyInjection;

/// <summary>
/// Returned by <see cref="ShopIQIntegrationsServiceCollectionExtensions.AddShopIQIntegrations(IServiceCollection)"/>;
/// add providers, a store repository and event sinks with its extension methods.
/// </summary>
public sealed class ShopIQIntegrationsBuilder
{
    internal ShopIQIntegrationsBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection the registrations go to.</summary>
    public IServiceCollection Services { get; }
}
