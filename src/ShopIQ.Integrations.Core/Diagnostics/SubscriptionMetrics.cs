using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
namespace ShopIQ.Integrations.Core.Diagnostics;

/// <summary>The event subscriptions' instruments, tagged with the subscription's name.</summary>
internal sealed class SubscriptionMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _parked;
    private readonly ConcurrentDictionary<string, (long Commits, double Seconds)> _lag = new(StringComparer.Ordinal);

    internal SubscriptionMetrics(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(ConnectedAppsDiagnostics.Name) ?? new Meter(ConnectedAppsDiagnostics.Name);
        _delivered = _meter.CreateCounter<long>(ConnectedAppsDiagnostics.SubscriptionDelivered, "{event}", "Events a subscription's handler took.");
        _retried = _meter.CreateCounter<long>(ConnectedAppsDiagnostics.SubscriptionRetried, "{attempt}", "Failed attempts of a subscription's handler that were tried again.");
        _parked = _meter.CreateCounter<long>(ConnectedAppsDiagnostics.SubscriptionParked, "{event}", "Events a subscription parked after its handler's last attempt failed.");
        _meter.CreateObservableGauge(ConnectedAppsDiagnostics.SubscriptionLagCommits, () => Observe(l => l.Commits), "{commit}", "Commits between a subscription's last read and the feed's head, as this instance last measured.");
        _meter.CreateObservableGauge(ConnectedAppsDiagnostics.SubscriptionLagSeconds, () => Observe(l => l.Seconds), "s", "Age of the oldest event a subscription had not yet delivered at its last read.");
    }

    internal void Delivered(string subscription) => _delivered.Add(1, Tag(subscription));

    internal void Retried(string subscription) => _retried.Add(1, Tag(subscription));

    internal void Parked(string subscription) => _parked.Add(1, Tag(subscription));

    internal void Lag(string subscription, long commits, double seconds) => _lag[subscription] = (commits, seconds);

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Tag(string subscription) => new("subscription", subscription);

    private IEnumerable<Measurement<T>> Observe<T>(Func<(long Commits, double Seconds), T> pick)
        where T : struct =>
        _lag.Select(l => new Measurement<T>(pick(l.Value), Tag(l.Key))).ToArray();
}
