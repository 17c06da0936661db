using FsCheck.Xunit;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

/// <summary>An FsCheck property that needs a throwaway PostgreSQL cluster: skipped off CI when the server binaries are missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresPropertyAttribute : PropertyAttribute
{
    public PostgresPropertyAttribute()
    {
        if (PostgresAvailability.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
