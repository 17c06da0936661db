namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>The service commands the stress callers send.</summary>
internal enum StressOp
{
    Connect,
    Disconnect,
    Replace,
    ChangePlan,
    RecordActivity,
    MarkNeedsAttention,
    Reconnect,
    UseAiCredits,
}
