namespace ShopIQ.Integrations.Core;

/// <summary>Who acted: recorded on every ledger entry and domain event (R15, R18).</summary>
/// <remarks>Immutable, value equality, thread-safe.</remarks>
public sealed record Actor
{
    /// <summary>Creates an actor.</summary>
    /// <param name="kind">The kind of actor.</param>
    /// <param name="id">Who exactly, for example a user id; 1 to 64 characters, no control characters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, too long or has control characters.</exception>
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
