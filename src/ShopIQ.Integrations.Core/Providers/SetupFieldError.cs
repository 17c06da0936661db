namespace ShopIQ.Integrations.Core;

/// <summary>Why one setup field was refused (R5).</summary>
/// <remarks>Immutable, value equality. The reason describes the rule broken and never repeats the value given.</remarks>
public sealed record SetupFieldError
{
    /// <summary>Creates a field error.</summary>
    /// <param name="field">The field's name.</param>
    /// <param name="reason">What is wrong, without the value itself.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An argument is empty or has control characters.</exception>
    public SetupFieldError(string field, string reason)
    {
        Field = Preconditions.CheckSlug(field, nameof(field), "Setup field name");
        Reason = Preconditions.CheckText(reason, nameof(reason), "Setup error reason", MaxReasonLength);
    }

    /// <summary>The longest reason accepted: long enough to quote a field's and a provider's display names.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>The field's name.</summary>
    public string Field { get; }

    /// <summary>What is wrong.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Reason}";
}
