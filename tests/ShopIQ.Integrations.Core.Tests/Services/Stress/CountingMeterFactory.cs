using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ShopIQ.Integrations.Core.Diagnostics;

namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>
/// A meter factory that counts the service's version conflicts (<see cref="ConnectedAppsDiagnostics.Conflicts"/>)
/// by operation. It listens only to meters it made itself, so other tests' services running in parallel are not counted.
/// </summary>
internal sealed class CountingMeterFactory : IMeterFactory
{
    private readonly ConcurrentDictionary<Meter, bool> _meters = new();
    private readonly ConcurrentDictionary<string, long> _conflicts = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public CountingMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.ContainsKey(instrument.Meter) && instrument.Name == ConnectedAppsDiagnostics.Conflicts)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var operation = "unknown";
            foreach (var tag in tags)
            {
                if (tag.Key == "operation")
                {
                    operation = tag.Value?.ToString() ?? operation;
                }
            }

            _conflicts.AddOrUpdate(operation, value, (_, total) => total + value);
        });
        _listener.Start();
    }

    /// <summary>Conflicts met so far, by operation.</summary>
    public IReadOnlyDictionary<string, long> Conflicts => new Dictionary<string, long>(_conflicts, StringComparer.Ordinal);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters[meter] = true;
        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters.Keys)
        {
            meter.Dispose();
        }
    }
}
