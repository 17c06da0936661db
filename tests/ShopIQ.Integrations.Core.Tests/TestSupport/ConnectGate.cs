namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>
/// Holds a fake adapter's connect until the test answers it, so a test can look at the store while the
/// service waits for the provider. No sleeps: the test awaits <see cref="WaitUntilCalledAsync"/>.
/// </summary>
internal sealed class ConnectGate
{
    private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ProviderCallResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the adapter's connect was called.</summary>
    public Task Called => _called.Task;

    /// <summary>Lets the waiting connect answer.</summary>
    public void Answer(ProviderCallResult result) => _answer.TrySetResult(result);

    /// <summary>
    /// Waits until the adapter is called; fails at once if <paramref name="command"/> finished without
    /// calling it, instead of hanging.
    /// </summary>
    public async Task WaitUntilCalledAsync<T>(Task<T> command)
    {
        var first = await Task.WhenAny(Called, command);
        if (first != Called)
        {
            Assert.Fail($"The command finished without calling the adapter: {await command}");
        }
    }

    internal Task<ProviderCallResult> WaitAsync(ProviderSetup setup, CancellationToken cancellationToken)
    {
        _called.TrySetResult();
        return _answer.Task.WaitAsync(cancellationToken);
    }
}
