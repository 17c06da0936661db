using System.Collections.Concurrent;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>How often <see cref="ServiceHarness"/> took each of its paths, so a test can prove the runs reached them.</summary>
internal sealed class ServiceHarnessCounts
{
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Hits => new Dictionary<string, int>(_hits, StringComparer.Ordinal);

    public void Hit(string path) => _hits.AddOrUpdate(path, 1, (_, n) => n + 1);

    public int this[string path] => _hits.GetValueOrDefault(path);

    public override string ToString() => string.Join(", ", _hits.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key} x{h.Value}"));
}
