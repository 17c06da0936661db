namespace ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

/// <summary>A fact that needs a throwaway PostgreSQL cluster: skipped off CI when the server binaries are missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresAvailability.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
