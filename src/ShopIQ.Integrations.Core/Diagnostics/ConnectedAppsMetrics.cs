using System.Diagnostics;
using System.Diagnostics.Metrics;
namespace ShopIQ.Integrations.Core.Diagnostics;

/// <summary>The service's instruments; the meter comes from <see cref="IMeterFactory"/> when DI has one.</summary>
internal sealed class ConnectedAppsMetrics : IDisposable
{
    internal static readonly ActivitySource ActivitySource = new(ConnectedAppsDiagnostics.Name);

    private readonly Meter _meter;
    private readonly Counter<long> _connectAttempts;
    private readonly Counter<long> _limitRefusals;
    private readonly Histogram<int> _slotsInUse;
    private readonly Counter<long> _reservationsExpired;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _snapshotsRebuilt;

    internal ConnectedAppsMetrics(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(ConnectedAppsDiagnostics.Name) ?? new Meter(ConnectedAppsDiagnostics.Name);
        _connectAttempts = _meter.CreateCounter<long>(ConnectedAppsDiagnostics.ConnectAttempts, "{attempt}", "Connect attempts by status.");
        _limitRefusals = _meter.CreateCounter<long>(ConnectedAppsDiagnostics.LimitRefusals, "{refusal}", "Connects refused because the store was at its allowance.");
        _slotsInUse = _meter.CreateHistogram<int>(ConnectedAppsDiagnostics.SlotsInUse, "{slot}", "A store's slots in use after each saved change.");
        _reservationsExpired = _meter.CreateCounter<long>(ConnectedAppsDiagnostics.ReservationsExpired, "{reservation}", "Pending reservations that expired.");
        _conflicts = _meter.CreateCounter<long>(ConnectedAppsDiagnostics.Conflicts, "{conflict}", "Version conflicts met while saving a store.");
        _snapshotsRebuilt = _meter.CreateCounter<long>(ConnectedAppsDiagnostics.SnapshotsRebuilt, "{snapshot}", "Stores rebuilt from their whole ledger because their snapshot was missing, could not be trusted, or disagreed with the ledger in an audit.");
    }

    internal void ConnectAttempt(string status) =>
        _connectAttempts.Add(1, new KeyValuePair<string, object?>("status", status));

    internal void SnapshotRebuilt(string reason) => _snapshotsRebuilt.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void Conflict(string operation) => _conflicts.Add(1, new KeyValuePair<string, object?>("operation", operation));

    internal void Saved(Store store, IReadOnlyList<StoreEvent> events)
    {
        _slotsInUse.Record(store.SlotsInUse, new KeyValuePair<string, object?>("plan", store.PlanId.Value));
        foreach (var e in events)
        {
            switch (e)
            {
                case ConnectRefusedAtLimit:
                    _limitRefusals.Add(1);
                    break;
                case ReservationExpired:
                    _reservationsExpired.Add(1);
                    break;
            }
        }
    }

    public void Dispose() => _meter.Dispose();
}
