using System.Collections.ObjectModel;
using System.Text;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// An impact assessment together with the live facts the providers reported (R19), and the providers
/// whose facts are missing because they were slow or failed.
/// </summary>
/// <remarks>
/// Immutable. The assessment alone decides what needs acknowledging; live facts only inform the
/// merchant, so a missing fact never blocks or changes the decision.
/// </remarks>
public sealed class ImpactReport
{
    /// <summary>Creates a report.</summary>
    /// <param name="assessment">The assessment from the store.</param>
    /// <param name="facts">The facts gathered.</param>
    /// <param name="missing">The providers whose facts are missing.</param>
    /// <exception cref="ArgumentNullException">An argument is null or holds a null.</exception>
    public ImpactReport(ImpactAssessment assessment, IEnumerable<LiveFact> facts, IEnumerable<MissingFacts> missing)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(missing);
        Assessment = assessment;
        Facts = new ReadOnlyCollection<LiveFact>(facts.Select(f => f ?? throw new ArgumentNullException(nameof(facts), "Live facts must not hold null.")).ToArray());
        Missing = new ReadOnlyCollection<MissingFacts>(missing.Select(m => m ?? throw new ArgumentNullException(nameof(missing), "Missing facts must not hold null.")).ToArray());
    }

    /// <summary>What the change stops, for whom and how badly; acknowledge this one.</summary>
    public ImpactAssessment Assessment { get; }

    /// <summary>The live facts the providers reported.</summary>
    public IReadOnlyList<LiveFact> Facts { get; }

    /// <summary>The providers whose live facts are missing, and why.</summary>
    public IReadOnlyList<MissingFacts> Missing { get; }

    /// <summary>Whether every provider asked answered in time.</summary>
    public bool IsComplete => Missing.Count == 0;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder(Assessment.ToString());
        foreach (var fact in Facts)
        {
            text.Append("; ").Append(fact);
        }

        foreach (var missing in Missing)
        {
            text.Append("; ").Append(missing);
        }

        return text.ToString();
    }
}
