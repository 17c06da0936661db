using Microsoft.Extensions.Options;

namespace ShopIQ.Integrations.Core.PostgreSql;

/// <summary>Checks <see cref="PostgreSqlStoreOptions"/> at start-up; each failure names the setting's path.</summary>
internal sealed class PostgreSqlStoreOptionsValidator : IValidateOptions<PostgreSqlStoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Check(PostgreSqlStoreOptions options, bool needsConnectionString = true)
    {
        const string Prefix = PostgreSqlStoreOptions.SectionName + ":";
        var failures = new List<string>();
        if (needsConnectionString && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{Prefix}{nameof(options.ConnectionString)} is required.");
        }

        if (options.TransientRetryBudget < TimeSpan.Zero || options.TransientRetryBudget > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Prefix}{nameof(options.TransientRetryBudget)} must be between 0 and 5 minutes; it is {options.TransientRetryBudget}.");
        }

        if (options.TransientRetryDelay < TimeSpan.Zero || options.TransientRetryDelay > TimeSpan.FromSeconds(10))
        {
            failures.Add($"{Prefix}{nameof(options.TransientRetryDelay)} must be between 0 and 10 seconds; it is {options.TransientRetryDelay}.");
        }

        return failures;
    }
}
