using ShopIQ.Integrations.Core.Testing;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

/// <summary>Decides whether PostgreSQL tests are skipped: only off CI, and only when the server binaries are missing.</summary>
internal static class PostgresAvailability
{
    /// <summary>
    /// The skip reason for a PostgreSQL test, or <see langword="null"/> to run it. Under <c>CI=true</c>
    /// this is always <see langword="null"/>, so a CI machine without PostgreSQL fails the tests with
    /// <see cref="ThrowawayPostgres.UnavailableReason"/> instead of passing them silently.
    /// </summary>
    public static string? SkipReason =>
        IsContinuousIntegration ? null : ThrowawayPostgres.UnavailableReason;

    private static bool IsContinuousIntegration =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
