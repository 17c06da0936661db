namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// The provider could not answer for now (429 or 5xx after the retries, a timeout, a network failure, an answer that
/// could not be read). The service turns it into a failed call that changes nothing: the connection is unhealthy for
/// now, not in need of the merchant's attention. The message names the provider and the kind of failure, never a
/// request, a header or a body; there is deliberately no inner exception, whose message could quote the request.
/// </summary>
internal sealed class ProviderUnavailableException : Exception
{
    public ProviderUnavailableException()
    {
    }

    public ProviderUnavailableException(string message)
        : base(message)
    {
    }

    public ProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
