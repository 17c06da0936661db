using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using ShopIQ.Integrations.Core.Diagnostics;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// Dispatches one subscription from this instance: takes its lease when free, delivers the feed after its checkpoint batch
/// by batch, checkpoints after each batch, retries a failing handler with back-off and parks the event after the last
/// attempt; gives the lease up when the host stops.
/// </summary>
internal sealed class SubscriptionRunner
{
    private readonly EventSubscriptionRegistration _registration;
    private readonly EventSubscriptionOptions _options;
    private readonly IStoreEventLog _log;
    private readonly IServiceScopeFactory _scopes;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly SubscriptionMetrics _metrics;
    private readonly string _holder;
    private readonly Duration _leaseTime;

    public SubscriptionRunner(EventSubscriptionRegistration registration, EventSubscriptionOptions options, IStoreEventLog log, IServiceScopeFactory scopes, IClock clock, ILogger logger, SubscriptionMetrics metrics, string holder)
    {
        _registration = registration;
        _options = options;
        _log = log;
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        _metrics = metrics;
        _holder = holder;
        _leaseTime = Duration.FromTimeSpan(options.LeaseTime);
    }

    private string Name => _registration.Name;

    /// <summary>Runs until <paramref name="stopping"/> is cancelled; never throws but for that cancellation.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var held = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var lease = await _log.TryLeaseSubscriptionAsync(Name, _holder, _leaseTime, _clock.GetCurrentInstant(), stopping).ConfigureAwait(false);
                if (lease is null)
                {
                    held = false;
                    await Task.Delay(_options.PollInterval, stopping).ConfigureAwait(false);
                    continue;
                }

                if (!held)
                {
                    Log.SubscriptionLeaseTaken(_logger, Name, _holder, lease.Checkpoint.ToString());
                    held = true;
                }

                await DeliverWhileHeldAsync(lease.Checkpoint, stopping).ConfigureAwait(false);
                Log.SubscriptionLeaseLost(_logger, Name, _holder);
                held = false;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // An outage or a bad read must not end the subscription: it is logged and tried again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.SubscriptionFailed(_logger, exception, Name, exception.GetType().Name);
                try
                {
                    await Task.Delay(_options.PollInterval + _options.RetryDelay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        if (held)
        {
            try
            {
                await _log.ReleaseSubscriptionAsync(Name, _holder, CancellationToken.None).ConfigureAwait(false);
                Log.SubscriptionLeaseReleased(_logger, Name, _holder);
            }
#pragma warning disable CA1031 // Giving the lease up is a courtesy: if it fails, the lease expires on its own.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.SubscriptionFailed(_logger, exception, Name, exception.GetType().Name);
            }
        }
    }

    /// <summary>Delivers batch after batch while the lease is held; returns when it is lost.</summary>
    private async Task DeliverWhileHeldAsync(FeedPosition position, CancellationToken stopping)
    {
        while (true)
        {
            var page = await _log.ReadFeedAsync(position, _options.BatchSize, stopping).ConfigureAwait(false);
            await MeasureLagAsync(page, stopping).ConfigureAwait(false);
            if (page.Events.Count == 0)
            {
                if (!await RenewAsync(position, stopping).ConfigureAwait(false))
                {
                    return;
                }

                await Task.Delay(_options.PollInterval, stopping).ConfigureAwait(false);
                continue;
            }

            var scope = _scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var handler = (IStoreEventHandler)scope.ServiceProvider.GetRequiredService(_registration.HandlerType);
                foreach (var feedEvent in page.Events)
                {
                    if (!await DeliverAsync(handler, feedEvent, stopping).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }

            if (!await RenewAsync(page.Next, stopping).ConfigureAwait(false))
            {
                return;
            }

            position = page.Next;
        }
    }

    /// <summary>Delivers one event, retrying, and parks it after the last attempt; false when the lease was lost meanwhile.</summary>
    private async Task<bool> DeliverAsync(IStoreEventHandler handler, FeedEvent feedEvent, CancellationToken stopping)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handler.HandleAsync(feedEvent, stopping).ConfigureAwait(false);
                _metrics.Delivered(Name);
                return true;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A handler's failure is retried, then parked: it must not stop the subscription.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (attempt >= _options.MaxAttempts)
                {
                    var now = _clock.GetCurrentInstant();
                    var parked = new ParkedEvent(Name, feedEvent, attempt, $"{exception.GetType().Name}: {exception.Message}", now);
                    if (!await _log.ParkEventAsync(parked, _holder, now, stopping).ConfigureAwait(false))
                    {
                        return false;
                    }

                    _metrics.Parked(Name);
                    Log.SubscriptionEventParked(_logger, exception, Name, feedEvent.Id.ToString(), attempt);
                    return true;
                }

                _metrics.Retried(Name);
                Log.SubscriptionHandlerFailed(_logger, exception, Name, feedEvent.Id.ToString(), attempt);
                await Task.Delay(RetryWait(attempt), stopping).ConfigureAwait(false);

                // Keep the lease through the waits; the checkpoint stays where it is (it only moves forward).
                if (!await RenewAsync(FeedPosition.Start, stopping).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }
    }

    private Task<bool> RenewAsync(FeedPosition checkpoint, CancellationToken stopping) =>
        _log.CheckpointSubscriptionAsync(Name, _holder, checkpoint, _leaseTime, _clock.GetCurrentInstant(), stopping);

    /// <summary>The wait after failed attempt <paramref name="attempt"/>: the first delay doubled each time, capped, times a jitter in [0.5, 1.5).</summary>
    private TimeSpan RetryWait(int attempt)
    {
        var doubled = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(doubled, _options.MaxRetryDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter spreads retries; it protects nothing.
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble()));
#pragma warning restore CA5394
    }

    /// <summary>The lag after a read: commits between the page's end and the feed's head, and the age of the oldest event not yet delivered.</summary>
    private async Task MeasureLagAsync(FeedPage page, CancellationToken stopping)
    {
        var head = await _log.ReadFeedHeadAsync(stopping).ConfigureAwait(false);
        var behind = page.Events.Count == 0 ? 0 : Math.Max(0, head.Commit - page.Events[0].Position.Commit);
        var seconds = page.Events.Count == 0 ? 0 : Math.Max(0, (_clock.GetCurrentInstant() - page.Events[0].Event.At).TotalSeconds);
        _metrics.Lag(Name, behind, seconds);
    }
}
