namespace ShopIQ.Integrations.Core;

/// <summary>Why an acknowledgement token was refused by <see cref="AcknowledgementTokens.Read"/>.</summary>
public enum AcknowledgementTokenProblem
{
    /// <summary>The token is good: its MAC checks out and it has not expired.</summary>
    None,

    /// <summary>The text is not a token of a known format: empty, not URL-safe base64, the wrong prefix, cut short or too long.</summary>
    Malformed,

    /// <summary>
    /// The token's MAC matches neither the current nor the previous key: it was made up, altered after it was
    /// issued, or issued with a key no longer configured.
    /// </summary>
    Forged,

    /// <summary>The token's lifetime is over: assess the impact again.</summary>
    Expired,

    /// <summary>The token says it was issued later than the reading clock allows: the issuing instance's clock is ahead.</summary>
    NotYetValid,
}
