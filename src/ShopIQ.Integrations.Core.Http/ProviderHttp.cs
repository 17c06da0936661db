using System.Net;
using System.Text.Json;
using Polly;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>What a provider answered: the status code, and the body as JSON when it was a readable JSON value.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Json">The body parsed as JSON; null when the body was empty, not JSON, or longer than the limit it was read with
/// (<see cref="ProviderHttp.MaxBodyBytes"/>, or <see cref="ProviderHttp.MaxFactBodyBytes"/> for a live fact's page).</param>
/// <param name="RetryAfter">The Retry-After the provider sent, if any (already honoured by the retries).</param>
internal sealed record ProviderAnswer(HttpStatusCode Status, JsonElement? Json, TimeSpan? RetryAfter)
{
    /// <summary>2xx.</summary>
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>An answer that means "not now": 408, 429 or 5xx (left after the retries).</summary>
    public bool IsTransient => Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)Status >= 500;
}

/// <summary>
/// Sends one request for an adapter and reads the answer within the total timeout. Failures that mean "not now" become
/// <see cref="ProviderUnavailableException"/>s whose messages name only the provider; the caller's cancellation is thrown.
/// </summary>
internal static class ProviderHttp
{
    /// <summary>The largest body read for connect and health: their answers and error bodies are small, and a larger one is not parsed.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// The largest body read for a live fact's page (R19): 1 MiB. A page of 100 orders is tens of kilobytes (an Amazon
    /// order carries about thirty fields, a Razorpay order up to 15 notes of 256 characters), more than
    /// <see cref="MaxBodyBytes"/> allows; a larger body is not parsed and the fact is missing.
    /// </summary>
    public const int MaxFactBodyBytes = 1024 * 1024;

    public static Task<ProviderAnswer> SendAsync(
        HttpClient client, HttpRequestMessage request, string providerName, TimeSpan totalTimeout, CancellationToken cancellationToken) =>
        SendAsync(client, request, providerName, totalTimeout, MaxBodyBytes, cancellationToken);

    /// <summary>Sends the request and reads a body of at most <paramref name="maxBodyBytes"/> bytes as JSON.</summary>
    public static async Task<ProviderAnswer> SendAsync(
        HttpClient client, HttpRequestMessage request, string providerName, TimeSpan totalTimeout, int maxBodyBytes, CancellationToken cancellationToken)
    {
        // The resilience pipeline's timeouts end when the headers arrive; this one also covers a body that trickles in.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(totalTimeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var json = await ReadJsonAsync(response.Content, maxBodyBytes, timeout.Token).ConfigureAwait(false);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            return new ProviderAnswer(response.StatusCode, json, retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderUnavailableException($"{providerName} did not answer in time; try again later.");
        }
        catch (ExecutionRejectedException)
        {
            // An attempt timeout that was not retried, or the circuit breaker open after repeated failures.
            throw new ProviderUnavailableException($"{providerName} is not answering for now; try again later.");
        }
        catch (HttpRequestException)
        {
            // The message may name the host; it never carries the request's headers, but it is dropped all the same.
            throw new ProviderUnavailableException($"{providerName} could not be reached; try again later.");
        }
    }

    /// <summary>The exception for an answer that means "not now", naming the status code only.</summary>
    public static ProviderUnavailableException Unavailable(string providerName, ProviderAnswer answer) =>
        new($"{providerName} answered HTTP {(int)answer.Status}; try again later.");

    /// <summary>The exception for a success whose body could not be read as the provider's answer.</summary>
    public static ProviderUnavailableException Unreadable(string providerName, ProviderAnswer answer) =>
        new($"{providerName} answered HTTP {(int)answer.Status} with a body that could not be read; try again later.");

    /// <summary>A string property of a JSON object, or null.</summary>
    public static string? GetString(JsonElement? element, params string[] path)
    {
        if (element is not { } current)
        {
            return null;
        }

        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpContent content, int maxBodyBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // Grows to the limit plus one byte (to tell "at the limit" from "over it"), so a small answer takes a small buffer.
            var buffer = new byte[Math.Min(maxBodyBytes + 1, 16 * 1024)];
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    if (buffer.Length > maxBodyBytes)
                    {
                        break;
                    }

                    Array.Resize(ref buffer, Math.Min(maxBodyBytes + 1, buffer.Length * 2));
                }
            }

            if (length == 0 || length > maxBodyBytes)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
