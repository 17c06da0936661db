namespace ShopIQ.Integrations.Core;

/// <summary>Why one setup field was refused (R5).</summary>
/// <remarks>Immutable, value equality. The reason describes the rule broken and never repeats the value given.</remarks>
public sealed record SetupFieldError
{
    /// <summary>Creates a field error.</summary>
    /// <param name="field">The field's name.</param>
    /// <param name="reason">
    /// What is wrong, without the value itself. Adapters write these (third-party code), so the reason is free text that is
    /// cleaned, never refused: half of a surrogate pair becomes U+FFFD, control characters and line separators become spaces,
    /// invisible format characters (Unicode category Cf) are removed, the ends are trimmed, and a reason longer than
    /// <see cref="MaxReasonLength"/> is cut to it, ending with "…" (never between the halves of a surrogate pair). A reason
    /// blank once cleaned becomes "No reason was given.".
    /// </param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="field"/> is not a lower-case slug.</exception>
    public SetupFieldError(string field, string reason)
    {
        Field = Preconditions.CheckSlug(field, nameof(field), "Setup field name");
        ArgumentNullException.ThrowIfNull(reason);
        Reason = Preconditions.CleanFreeText(reason, MaxReasonLength);
    }

    /// <summary>The longest reason accepted: long enough to quote a field's and a provider's display names.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>The field's name.</summary>
    public string Field { get; }

    /// <summary>What is wrong, cleaned and at most <see cref="MaxReasonLength"/> characters.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Reason}";
}
