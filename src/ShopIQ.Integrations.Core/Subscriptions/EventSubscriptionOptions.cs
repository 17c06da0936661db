namespace ShopIQ.Integrations.Core;

/// <summary>How one event subscription is dispatched: batch size, polling, lease, and retries before an event is parked.</summary>
/// <remarks>
/// Mutable, for configuration (options named after the subscription); checked when the host starts, and a bad value stops
/// it with a message naming the subscription and the option.
/// </remarks>
public sealed class EventSubscriptionOptions
{
    /// <summary>The most events read and delivered between two checkpoints, 1 to 10,000 (default 100); also the most a crash can deliver twice.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long to wait before reading again when the feed had nothing new, 10 ms to 1 minute (default 500 ms).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a lease lasts unless renewed, 1 second to 10 minutes (default 30 s): when an instance dies, another takes
    /// its subscriptions over within this time. The holder renews it at every checkpoint and every poll.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times one event is tried before it is parked, 1 to 100 (default 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failure, 1 ms to 1 minute (default 200 ms); it doubles after each failure, jittered, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts, at least <see cref="RetryDelay"/> and at most 10 minutes (default 10 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The problems with these options, each naming the option; empty when they are sound.</summary>
    internal IEnumerable<string> Problems()
    {
        if (BatchSize is < 1 or > 10_000)
        {
            yield return $"BatchSize is {BatchSize}; it must be 1 to 10,000.";
        }

        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"PollInterval is {PollInterval}; it must be 10 ms to 1 minute.";
        }

        if (LeaseTime < TimeSpan.FromSeconds(1) || LeaseTime > TimeSpan.FromMinutes(10))
        {
            yield return $"LeaseTime is {LeaseTime}; it must be 1 second to 10 minutes.";
        }

        if (MaxAttempts is < 1 or > 100)
        {
            yield return $"MaxAttempts is {MaxAttempts}; it must be 1 to 100.";
        }

        if (RetryDelay < TimeSpan.FromMilliseconds(1) || RetryDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"RetryDelay is {RetryDelay}; it must be 1 ms to 1 minute.";
        }

        if (MaxRetryDelay < RetryDelay || MaxRetryDelay > TimeSpan.FromMinutes(10))
        {
            yield return $"MaxRetryDelay is {MaxRetryDelay}; it must be at least RetryDelay ({RetryDelay}) and at most 10 minutes.";
        }
    }
}
