namespace ShopIQ.Integrations.Core.Samples.ConnectedAppsApi;

/// <summary>POST /stores/{storeId}: open a store on a plan.</summary>
public sealed record OpenStoreRequest(string? Plan);

/// <summary>POST /stores/{storeId}/apps/{provider}: the setup form as the merchant filled it in, field name to value.</summary>
public sealed record ConnectRequest(Dictionary<string, string?>? Fields);

/// <summary>POST /stores/{storeId}/apps/{provider}/disconnect: the token from the impact endpoint, when the impact needs acknowledging.</summary>
public sealed record DisconnectRequest(string? AcknowledgementToken);

/// <summary>POST /stores/{storeId}/apps/{provider}/replace: the replacement, its setup form, and the token from the impact endpoint.</summary>
public sealed record ReplaceRequest(string? Replacement, Dictionary<string, string?>? Fields, string? AcknowledgementToken);

/// <summary>PUT /stores/{storeId}/plan: the new plan, and for a downgrade the apps to let go with their tokens.</summary>
public sealed record ChangePlanRequest(string? Plan, List<string>? AppsToDisconnect, List<string>? AcknowledgementTokens);
