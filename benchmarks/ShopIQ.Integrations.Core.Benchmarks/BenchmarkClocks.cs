using NodaTime;

namespace ShopIQ.Integrations.Core.Benchmarks.Clocks;

/// <summary>A clock that always answers the same instant and allocates nothing, so no benchmark pays for reading a real clock.</summary>
/// <param name="now">The instant it answers.</param>
internal sealed class FixedClock(Instant now) : IClock
{
    /// <inheritdoc />
    public Instant GetCurrentInstant() => now;
}

/// <summary>A clock that moves on by a fixed step at every reading, so a ledger's instants increase; it allocates nothing.</summary>
/// <param name="start">The first instant it answers.</param>
/// <param name="step">How far it moves at each reading.</param>
internal sealed class SteppingClock(Instant start, Duration step) : IClock
{
    private Instant _next = start;

    /// <inheritdoc />
    public Instant GetCurrentInstant()
    {
        var now = _next;
        _next += step;
        return now;
    }
}

/// <summary>A clock that stands still until it is moved on (<see cref="Advance"/>), so a harness decides how much time passes between commands.</summary>
/// <param name="start">The first instant it answers.</param>
internal sealed class ManualClock(Instant start) : IClock
{
    private long _ticks = start.ToUnixTimeTicks();

    /// <inheritdoc />
    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));

    /// <summary>Moves the clock on.</summary>
    /// <param name="by">How far.</param>
    public void Advance(Duration by) => Interlocked.Add(ref _ticks, by.BclCompatibleTicks);
}
