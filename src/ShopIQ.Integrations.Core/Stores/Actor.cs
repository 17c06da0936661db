namespace ShopIQ.Integrations.Core;

/// <summary>Who acted: recorded on every ledger entry and domain event (R15, R18).</summary>
/// <remarks>Immutable, value equality, thread-safe.</remarks>
public sealed record Actor
{
    /// <summary>Creates an actor.</summary>
    /// <param name="kind">The kind of actor.</param>
    /// <param name="id">Who exactly, for example a user id; 1 to 64 characters of well-formed text (a whole emoji is fine) without control, line-separator or invisible format characters, so an id can neither break a UTF-8 store nor spoof a log line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, too long, or holds half of a surrogate pair, a control character, a line separator or an invisible format character (Unicode category Cf, such as U+202E or a zero-width joiner); the message names <paramref name="id"/> and escapes such characters as <c>\uXXXX</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public Actor(ActorKind kind, string id)
    {
        Kind = Preconditions.CheckDefined(kind, nameof(kind));
        Id = Preconditions.CheckText(id, nameof(id), "Actor id", Preconditions.MaxIdentifierLength);
    }

    /// <summary>ShopIQ itself, for sweeps and lazy expiry.</summary>
    public static Actor System { get; } = new(ActorKind.System, "shopiq");

    /// <summary>The kind of actor.</summary>
    public ActorKind Kind { get; }

    /// <summary>Who exactly.</summary>
    public string Id { get; }

    /// <summary>A merchant or team member.</summary>
    /// <param name="id">Their user id.</param>
    /// <returns>The actor.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not valid.</exception>
    public static Actor Merchant(string id) => new(ActorKind.Merchant, id);

    /// <summary>ShopIQ Support or an Implementation Partner.</summary>
    /// <param name="id">Their user id.</param>
    /// <returns>The actor.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not valid.</exception>
    public static Actor Support(string id) => new(ActorKind.Support, id);

    /// <inheritdoc />
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}
