using Microsoft.Extensions.Hosting;
using ShopIQ.Integrations.Core;

/// <summary>
/// Calls <see cref="ConnectedAppsService.SweepAsync"/> once at start-up and then every minute, so a setup
/// abandoned mid-way (its process died before the provider answered) gives its slot back soon after its
/// deadline, even if nobody touches that store again (R6). It also purges expired idempotency keys.
/// </summary>
internal sealed class ReservationSweeper(ConnectedAppsService service) : BackgroundService
{
    // Well inside PendingReservationLifetime (20 minutes here), so an expired reservation is never held long past its deadline.
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly TaskCompletionSource<SweepReport> _firstSweep = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the report of the start-up sweep, which frees reservations a previous process left behind.</summary>
    public Task<SweepReport> FirstSweep => _firstSweep.Task;

    /// <summary>How many sweeps ran, and how many reservations they expired.</summary>
    public (int Sweeps, int ReservationsExpired) Totals { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                var report = await service.SweepAsync(stoppingToken);
                Totals = (Totals.Sweeps + 1, Totals.ReservationsExpired + report.ReservationsExpired);
                _firstSweep.TrySetResult(report);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; the next process's first sweep picks up where this one left off.
            _firstSweep.TrySetCanceled(stoppingToken);
        }
        catch (Exception exception)
        {
            // The host's default for a failing background service is to stop; whoever waits for the first sweep hears why.
            _firstSweep.TrySetException(exception);
            throw;
        }
    }
}
