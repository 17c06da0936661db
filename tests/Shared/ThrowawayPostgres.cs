namespace ShopIQ.Integrations.Core.Testing;

/// <summary>Placeholder; replaced by the cluster harness.</summary>
internal static class ThrowawayPostgresPlaceholder
{
}
