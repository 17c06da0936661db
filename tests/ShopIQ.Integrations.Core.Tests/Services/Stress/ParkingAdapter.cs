namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>
/// A provider whose connects wait until the clock is next moved on (<see cref="ReleaseAll"/>), past the
/// reservation lifetime: the abandoned-setup case of R6, so reservations really expire while their
/// connect is still running. The caller that moves the clock never parks (<see cref="NeverPark"/>),
/// and <see cref="Stop"/> lets every connect through once that caller is done, so nothing waits for ever.
/// </summary>
internal sealed class ParkingAdapter() : StressAdapter("parks-until-clock-moves", ProviderCategory.Logistics, CommerceWorkflow.ShipmentCreationAndTracking)
{
    private readonly object _gate = new();
    private List<TaskCompletionSource> _parked = [];
    private bool _stopped;
    private int _parkedTotal;

    /// <summary>Set on the flow of the caller that moves the clock: a connect it starts must not wait for itself.</summary>
    public static AsyncLocal<bool> NeverPark { get; } = new();

    public int ParkedTotal => Volatile.Read(ref _parkedTotal);

    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        TaskCompletionSource parked;
        lock (_gate)
        {
            if (_stopped || NeverPark.Value)
            {
                return ProviderCallResult.Success;
            }

            parked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _parked.Add(parked);
            _parkedTotal++;
        }

        await parked.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return ProviderCallResult.Success;
    }

    /// <summary>Lets every parked connect answer.</summary>
    public void ReleaseAll()
    {
        List<TaskCompletionSource> released;
        lock (_gate)
        {
            released = _parked;
            _parked = [];
        }

        released.ForEach(p => p.TrySetResult());
    }

    /// <summary>Lets every parked connect answer, and no later one park.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        ReleaseAll();
    }
}
