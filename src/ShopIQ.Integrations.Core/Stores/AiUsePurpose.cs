namespace ShopIQ.Integrations.Core;

/// <summary>What an AI use did: the only things that consume AI credits (R14).</summary>
public enum AiUsePurpose
{
    /// <summary>Created content.</summary>
    Create,

    /// <summary>Analyzed data.</summary>
    Analyze,

    /// <summary>Summarized data.</summary>
    Summarize,

    /// <summary>Generated output.</summary>
    Generate,
}
