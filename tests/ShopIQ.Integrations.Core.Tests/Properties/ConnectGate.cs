namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// Lets <see cref="ServiceHarness"/> hold a provider's connect open: a connect armed with <see cref="Arm"/> parks in
/// the adapter (its slot reserved by the service, R6) until <see cref="Release"/> answers it, the way a consent
/// screen or a provider's verification keeps a real setup waiting. Connects not armed are accepted at once.
/// </summary>
internal sealed class ConnectGate
{
    private readonly object _lock = new();
    private readonly Dictionary<ProviderKey, TaskCompletionSource> _armed = [];
    private readonly Dictionary<ProviderKey, TaskCompletionSource<ProviderCallResult>> _parked = [];

    /// <summary>Makes the next connect of <paramref name="provider"/> park; the task completes when it has.</summary>
    public Task Arm(ProviderKey provider)
    {
        lock (_lock)
        {
            var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _armed[provider] = entered;
            return entered.Task;
        }
    }

    /// <summary>Forgets an arming no connect used (the service refused before asking the provider).</summary>
    public void Disarm(ProviderKey provider)
    {
        lock (_lock)
        {
            _armed.Remove(provider);
        }
    }

    public Task<ProviderCallResult> ConnectAsync(ProviderKey provider)
    {
        lock (_lock)
        {
            if (!_armed.Remove(provider, out var entered))
            {
                return Task.FromResult(ProviderCallResult.Success);
            }

            if (_parked.ContainsKey(provider))
            {
                throw new InvalidOperationException($"A connect of '{provider}' is already parked; the harness releases it before arming another.");
            }

            var answer = new TaskCompletionSource<ProviderCallResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            _parked[provider] = answer;
            entered.TrySetResult();
            return answer.Task;
        }
    }

    /// <summary>Answers the parked connect of <paramref name="provider"/>: accepted, or refused as a merchant cancelling the setup.</summary>
    public void Release(ProviderKey provider, bool accept)
    {
        TaskCompletionSource<ProviderCallResult>? parked;
        lock (_lock)
        {
            _parked.Remove(provider, out parked);
        }

        parked?.TrySetResult(accept ? ProviderCallResult.Success : ProviderCallResult.Refused("The merchant cancelled the setup."));
    }
}
