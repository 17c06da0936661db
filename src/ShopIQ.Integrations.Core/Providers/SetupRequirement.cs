namespace ShopIQ.Integrations.Core;

/// <summary>What kind of thing a setup field asks the merchant for (R5).</summary>
public enum SetupRequirement
{
    /// <summary>Signing in to the provider, such as a user name and password or an OAuth token.</summary>
    Authentication,

    /// <summary>Account details such as an account, seller or pixel id.</summary>
    AccountDetails,

    /// <summary>An API key or key secret.</summary>
    ApiKey,

    /// <summary>Permissions (scopes) granted to ShopIQ.</summary>
    Permissions,

    /// <summary>Something set up on the provider's side, such as a webhook or an endpoint.</summary>
    ProviderSideSetup,
}
