namespace ShopIQ.Integrations.Core.Benchmarks.Naive;

/// <summary>
/// The naive reference the issue asks the <see cref="Stores.Store"/> to be measured against: what a developer
/// would write in an afternoon to count connected apps against an allowance. A lock, a
/// <see cref="Dictionary{TKey, TValue}"/> of connected apps by key, and a <see cref="List{T}"/> ledger of
/// (timestamp, kind, key, slots in use) records.
/// </summary>
/// <remarks>
/// It checks the limit and keeps a history, and nothing else: no events, no outcome a merchant can read, no
/// replay, no verification, no pending reservations, no impact rules. Thread-safe through one lock.
/// The caller passes the timestamp, as the store's benchmarks give the store a fixed clock, so neither side
/// pays for reading a real clock.
/// </remarks>
internal sealed class NaiveSlotStore(int allowance)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NaiveApp> _apps = new(StringComparer.Ordinal);
    private readonly List<NaiveLedgerRecord> _ledger = [];

    /// <summary>The slots in use.</summary>
    public int SlotsInUse
    {
        get
        {
            lock (_lock)
            {
                return _apps.Count;
            }
        }
    }

    /// <summary>The ledger records so far.</summary>
    public int LedgerCount
    {
        get
        {
            lock (_lock)
            {
                return _ledger.Count;
            }
        }
    }

    /// <summary>Takes a slot for <paramref name="key"/> if it is not connected yet and a slot is free.</summary>
    /// <returns>Whether it was connected.</returns>
    public bool TryConnect(string key, IReadOnlyList<CommerceWorkflow> workflows, long now)
    {
        lock (_lock)
        {
            if (_apps.Count >= allowance || _apps.ContainsKey(key))
            {
                return false;
            }

            _apps.Add(key, new NaiveApp(key, workflows, now));
            _ledger.Add(new NaiveLedgerRecord(now, NaiveEntryKind.Connected, key, _apps.Count));
            return true;
        }
    }

    /// <summary>Frees the slot of <paramref name="key"/>.</summary>
    /// <returns>Whether it was connected.</returns>
    public bool TryDisconnect(string key, long now)
    {
        lock (_lock)
        {
            if (!_apps.Remove(key))
            {
                return false;
            }

            _ledger.Add(new NaiveLedgerRecord(now, NaiveEntryKind.Disconnected, key, _apps.Count));
            return true;
        }
    }

    /// <summary>Swaps <paramref name="current"/> for <paramref name="replacement"/> in the same slot.</summary>
    /// <returns>Whether the swap happened.</returns>
    public bool TryReplace(string current, string replacement, IReadOnlyList<CommerceWorkflow> workflows, long now)
    {
        lock (_lock)
        {
            if (!_apps.ContainsKey(current) || _apps.ContainsKey(replacement))
            {
                return false;
            }

            _apps.Remove(current);
            _apps.Add(replacement, new NaiveApp(replacement, workflows, now));
            _ledger.Add(new NaiveLedgerRecord(now, NaiveEntryKind.Replaced, replacement, _apps.Count));
            return true;
        }
    }

    /// <summary>
    /// The naive impact assessment: looks the app up, and for each of its workflows lists the other apps that
    /// also serve it (empty: the workflow stops).
    /// </summary>
    /// <returns>Per workflow, the other apps covering it; null when the app is not connected.</returns>
    public List<(CommerceWorkflow Workflow, List<string> CoveredBy)>? Assess(string key)
    {
        lock (_lock)
        {
            if (!_apps.TryGetValue(key, out var app))
            {
                return null;
            }

            var result = new List<(CommerceWorkflow, List<string>)>(app.Workflows.Count);
            foreach (var workflow in app.Workflows)
            {
                var coveredBy = new List<string>();
                foreach (var other in _apps.Values)
                {
                    if (other.Key != key && other.Workflows.Contains(workflow))
                    {
                        coveredBy.Add(other.Key);
                    }
                }

                result.Add((workflow, coveredBy));
            }

            return result;
        }
    }

    /// <summary>
    /// The naive limit-reached answer: refuses the connect when the store is full and lists what the merchant
    /// could do: the connected apps to replace, oldest first, and a line to upgrade.
    /// </summary>
    /// <returns>The options when the store is full; null when a slot is free (nothing is connected either way).</returns>
    public List<string>? LimitGuidance(string wanted)
    {
        lock (_lock)
        {
            if (_apps.Count < allowance)
            {
                return null;
            }

            var options = new List<string>(_apps.Count + 1);
            foreach (var app in _apps.Values.OrderBy(a => a.ConnectedAt))
            {
                options.Add("Replace " + app.Key + " with " + wanted);
            }

            options.Add("Upgrade your plan");
            return options;
        }
    }

    private sealed record NaiveApp(string Key, IReadOnlyList<CommerceWorkflow> Workflows, long ConnectedAt);
}

/// <summary>What a naive ledger record says happened.</summary>
internal enum NaiveEntryKind
{
    /// <summary>An app took a slot.</summary>
    Connected,

    /// <summary>An app freed its slot.</summary>
    Disconnected,

    /// <summary>An app took another's slot.</summary>
    Replaced,
}

/// <summary>One naive ledger record.</summary>
/// <param name="Timestamp">When, in ticks.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Key">The app concerned.</param>
/// <param name="SlotsInUse">The slots in use after it.</param>
internal readonly record struct NaiveLedgerRecord(long Timestamp, NaiveEntryKind Kind, string Key, int SlotsInUse);
