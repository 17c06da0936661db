using System.Net;
using Microsoft.Extensions.Options;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>Checks <see cref="HttpProvidersOptions"/>; the messages name the setting, never a value that could hold a secret.</summary>
internal sealed class HttpProvidersOptionsValidator : IValidateOptions<HttpProvidersOptions>
{
    /// <summary>The shortest attempt timeout the resilience pipeline accepts.</summary>
    private static readonly TimeSpan MinAttemptTimeout = TimeSpan.FromMilliseconds(10);

    public ValidateOptionsResult Validate(string? name, HttpProvidersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckBaseAddress(options.RazorpayBaseAddress, nameof(options.RazorpayBaseAddress), failures);
        CheckBaseAddress(options.ShiprocketBaseAddress, nameof(options.ShiprocketBaseAddress), failures);
        if (options.WatiAllowedHostSuffixes.Count == 0
            || options.WatiAllowedHostSuffixes.Any(h => string.IsNullOrWhiteSpace(h) || Uri.CheckHostName(h) != UriHostNameType.Dns || !h.Contains('.', StringComparison.Ordinal)))
        {
            failures.Add($"{nameof(options.WatiAllowedHostSuffixes)} must name at least one host, each a DNS name with a dot (such as wati.io).");
        }

        if (options.AttemptTimeout < MinAttemptTimeout)
        {
            failures.Add($"{nameof(options.AttemptTimeout)} must be at least {MinAttemptTimeout.TotalMilliseconds} ms.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{nameof(options.TotalTimeout)} must be at least {nameof(options.AttemptTimeout)}.");
        }

        if (options.MaxRetryAttempts is < 1 or > 10)
        {
            failures.Add($"{nameof(options.MaxRetryAttempts)} must be from 1 to 10.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{nameof(options.RetryBaseDelay)} must be from 0 to 1 minute.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckBaseAddress(Uri? address, string setting, List<string> failures)
    {
        if (address is null || !address.IsAbsoluteUri)
        {
            failures.Add($"{setting} must be an absolute URI.");
            return;
        }

        var loopback = address.IsLoopback || (IPAddress.TryParse(address.Host, out var ip) && IPAddress.IsLoopback(ip));
        if (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && loopback))
        {
            failures.Add($"{setting} must use https (plain http only for a loopback address).");
        }

        if (address.UserInfo.Length > 0 || address.Query.Length > 0 || address.Fragment.Length > 0)
        {
            failures.Add($"{setting} must not carry credentials, a query or a fragment; credentials go in the setup.");
        }

        if (!address.AbsolutePath.EndsWith('/'))
        {
            failures.Add($"{setting} must end with '/', so that relative paths keep its path.");
        }
    }
}
