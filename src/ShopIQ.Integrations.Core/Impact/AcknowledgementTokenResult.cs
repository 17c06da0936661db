namespace ShopIQ.Integrations.Core;

/// <summary>What <see cref="AcknowledgementTokens.Read"/> found in a token: the acknowledgement, or why there is none.</summary>
/// <remarks>
/// Immutable and thread-safe. An expected refusal is a value, not an exception (after NodaTime's <c>ParseResult</c>):
/// a token comes from outside the process and may be anything. <see cref="Message"/> never repeats the token.
/// </remarks>
public sealed class AcknowledgementTokenResult
{
    private AcknowledgementTokenResult(ImpactAcknowledgement? acknowledgement, AcknowledgementTokenProblem problem, string message)
    {
        Acknowledgement = acknowledgement;
        Problem = problem;
        Message = message;
    }

    /// <summary>Whether the token is good; then <see cref="Acknowledgement"/> is set.</summary>
    public bool IsValid => Problem == AcknowledgementTokenProblem.None;

    /// <summary>The acknowledgement the token carries, when it is good; null otherwise.</summary>
    public ImpactAcknowledgement? Acknowledgement { get; }

    /// <summary>Why the token was refused; <see cref="AcknowledgementTokenProblem.None"/> when it is good.</summary>
    public AcknowledgementTokenProblem Problem { get; }

    /// <summary>What was found, in a sentence that can be passed on.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;

    internal static AcknowledgementTokenResult Valid(ImpactAcknowledgement acknowledgement) =>
        new(acknowledgement, AcknowledgementTokenProblem.None, $"The token carries the {acknowledgement}.");

    internal static AcknowledgementTokenResult Refused(AcknowledgementTokenProblem problem, string message) => new(null, problem, message);
}
