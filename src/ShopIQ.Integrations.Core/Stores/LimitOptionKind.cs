namespace ShopIQ.Integrations.Core;

/// <summary>One way out when every slot is in use (R11), in the order they are offered.</summary>
public enum LimitOptionKind
{
    /// <summary>Disconnect an app with no recorded activity within the unused-app window.</summary>
    DisconnectUnusedApp,

    /// <summary>Replace an existing app, same category first.</summary>
    ReplaceExistingApp,

    /// <summary>Upgrade to a plan with room, lowest tier first.</summary>
    UpgradePlan,

    /// <summary>Contact ShopIQ Support or an Implementation Partner.</summary>
    ContactSupport,
}
