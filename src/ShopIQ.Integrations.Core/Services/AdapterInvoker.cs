using Microsoft.Extensions.Logging;
using ShopIQ.Integrations.Core.Diagnostics;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// Every call the service makes to an adapter goes through here: a time budget (the adapter's token is cancelled
/// at its end, and an adapter that ignores its token is not waited for), a null answer taken as a failure, and a
/// failure logged with the setup's secrets replaced by <see cref="SecretValue.Redacted"/> and its message cleaned like any
/// adapter text (<see cref="CleanAdapterText"/>). The caller's own
/// cancellation is passed on and thrown; anything else the adapter throws is an answer, never an exception.
/// </summary>
/// <remarks>Stateless apart from its logger; thread-safe.</remarks>
internal sealed class AdapterInvoker(ILogger logger)
{
    /// <summary>What an adapter call came to: its answer, or that it failed or ran out of time.</summary>
    internal readonly record struct Call<T>(T? Answer, bool TimedOut)
        where T : class
    {
        public bool Failed => Answer is null;
    }

    /// <summary>Calls <paramref name="invoke"/> on <paramref name="adapter"/> within <paramref name="budget"/>.</summary>
    /// <param name="adapter">The adapter.</param>
    /// <param name="call">What the call is, for the log ("connect", "health check", ...).</param>
    /// <param name="store">The store the call is about.</param>
    /// <param name="setup">The setup the adapter was given, whose secrets never reach the log; empty when none.</param>
    /// <param name="budget">How long the adapter has.</param>
    /// <param name="invoke">The call, given the token that ends with the budget.</param>
    /// <param name="cancellationToken">The caller's token; its cancellation is thrown.</param>
    public async Task<Call<T>> CallAsync<T>(
        IIntegrationProvider adapter, string call, StoreId store, ProviderSetup setup, TimeSpan budget, Func<CancellationToken, Task<T>> invoke, CancellationToken cancellationToken)
        where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            var answer = await invoke(timeout.Token).WaitAsync(budget, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Adapter {adapter.GetType().Name} answered null.");
            return new Call<T>(answer, false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var timedOut = exception is TimeoutException || (exception is OperationCanceledException && timeout.IsCancellationRequested);
            Log.ProviderFailed(logger, adapter.Descriptor.Key.Value, call, store.Value, exception.GetType().Name, CleanAdapterText(exception.Message, setup));
            return new Call<T>(null, timedOut);
        }
    }

    /// <summary>
    /// Makes free text an adapter gave (a refusal reason, an exception's message) fit to store, log and return: the setup's
    /// secrets are redacted from the text as given, then it is cleaned and cut (<see cref="Preconditions.CleanFreeText"/>).
    /// Never throws for the text's content.
    /// </summary>
    public static string CleanAdapterText(string? text, ProviderSetup setup) =>
        Preconditions.CleanFreeText(text is null ? null : Redact(text, setup), SetupFieldError.MaxReasonLength);

    /// <summary>Replaces every secret of the setup that appears in a text; adapters' messages are not trusted to leave them out.</summary>
    public static string Redact(string text, ProviderSetup setup)
    {
        foreach (var name in setup.FieldNames)
        {
            if (setup.GetSecret(name) is { } secret)
            {
                text = text.Replace(secret.Reveal(), SecretValue.Redacted, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
