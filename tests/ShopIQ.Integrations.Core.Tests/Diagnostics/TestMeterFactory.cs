using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ShopIQ.Integrations.Core.Tests.Diagnostics;

/// <summary>Creates meters and remembers them, so a listener can take only this test's measurements.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly ConcurrentBag<Meter> _meters = [];

    public bool Created(Meter meter) => _meters.Contains(meter);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
