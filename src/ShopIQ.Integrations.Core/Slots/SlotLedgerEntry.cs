using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>One change in a store's <see cref="SlotLedger"/>, with the store's counts after it (R15).</summary>
/// <remarks>
/// Immutable and thread-safe; equality by value. Entries carry keys, descriptors and counts, never setup
/// values, so they are safe to print and to store. The public constructor exists so that persistence
/// can load entries back; it checks each entry on its own, and <see cref="SlotLedger.Verify"/> checks
/// them together.
/// <para>
/// The entries that start a connection carry its <see cref="ConnectionId"/>: <see cref="SlotEntryKind.Connected"/>,
/// <see cref="SlotEntryKind.Reserved"/>, and <see cref="SlotEntryKind.Replaced"/> for the incoming app. No other kind
/// carries one: the others name a connection by its provider, which holds one connection at a time. A replay takes
/// each id from its entry and never makes one. A starting entry without an id was written before ids existed; its
/// connection gets the id <see cref="ConnectionId"/> derives from the store, the provider and the entry's instant.
/// </para>
/// </remarks>
public sealed record SlotLedgerEntry
{
    // Stored without Nullable<T>: the kind says whether there is a deadline (Reserved) or a reason
    // (MarkedNeedsAttention), as the constructor enforces. That keeps an entry at 112 bytes instead of 128,
    // which matters to replay, where reading a long ledger from memory is most of the cost.
    private readonly Instant _pendingUntil;
    private readonly AttentionReason _attentionReason;

    /// <summary>Creates an entry without a connection id, as entries were written before connections had ids.</summary>
    /// <param name="sequence">The entry's position, from 1, without gaps.</param>
    /// <param name="at">When it happened.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="kind">What happened.</param>
    /// <param name="provider">The app concerned (for <see cref="SlotEntryKind.Replaced"/>, the one that went); null for store-wide entries.</param>
    /// <param name="descriptor">The provider connected, reserved or brought in by a replace; null otherwise.</param>
    /// <param name="planId">The store's plan after the entry.</param>
    /// <param name="allowance">The allowance in force after the entry.</param>
    /// <param name="slotsInUse">The slots in use after the entry, zero or more.</param>
    /// <param name="aiCreditBalance">The AI-credit balance after the entry, zero or more.</param>
    /// <param name="pendingUntil">The deadline of a <see cref="SlotEntryKind.Reserved"/> entry; null otherwise.</param>
    /// <param name="attentionReason">The reason of a <see cref="SlotEntryKind.MarkedNeedsAttention"/> entry; null otherwise.</param>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> or <paramref name="planId"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range or an enum value is not defined.</exception>
    /// <exception cref="ArgumentException">The optional parts do not match <paramref name="kind"/>.</exception>
    public SlotLedgerEntry(
        long sequence,
        Instant at,
        Actor actor,
        SlotEntryKind kind,
        ProviderKey? provider,
        ProviderDescriptor? descriptor,
        PlanId planId,
        SlotAllowance allowance,
        int slotsInUse,
        int aiCreditBalance,
        Instant? pendingUntil,
        AttentionReason? attentionReason)
        : this(sequence, at, actor, kind, provider, descriptor, planId, allowance, slotsInUse, aiCreditBalance, pendingUntil, attentionReason, null)
    {
    }

    /// <summary>Creates an entry.</summary>
    /// <param name="sequence">The entry's position, from 1, without gaps.</param>
    /// <param name="at">When it happened.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="kind">What happened.</param>
    /// <param name="provider">The app concerned (for <see cref="SlotEntryKind.Replaced"/>, the one that went); null for store-wide entries.</param>
    /// <param name="descriptor">The provider connected, reserved or brought in by a replace; null otherwise.</param>
    /// <param name="planId">The store's plan after the entry.</param>
    /// <param name="allowance">The allowance in force after the entry.</param>
    /// <param name="slotsInUse">The slots in use after the entry, zero or more.</param>
    /// <param name="aiCreditBalance">The AI-credit balance after the entry, zero or more.</param>
    /// <param name="pendingUntil">The deadline of a <see cref="SlotEntryKind.Reserved"/> entry; null otherwise.</param>
    /// <param name="attentionReason">The reason of a <see cref="SlotEntryKind.MarkedNeedsAttention"/> entry; null otherwise.</param>
    /// <param name="connectionId">
    /// The id of the connection a <see cref="SlotEntryKind.Connected"/>, <see cref="SlotEntryKind.Reserved"/> or
    /// <see cref="SlotEntryKind.Replaced"/> entry starts (for a replace, the incoming app's); null for every other kind,
    /// and for a starting entry written before connections had ids.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> or <paramref name="planId"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range or an enum value is not defined.</exception>
    /// <exception cref="ArgumentException">The optional parts do not match <paramref name="kind"/>.</exception>
    public SlotLedgerEntry(
        long sequence,
        Instant at,
        Actor actor,
        SlotEntryKind kind,
        ProviderKey? provider,
        ProviderDescriptor? descriptor,
        PlanId planId,
        SlotAllowance allowance,
        int slotsInUse,
        int aiCreditBalance,
        Instant? pendingUntil,
        AttentionReason? attentionReason,
        ConnectionId? connectionId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(planId);
        Preconditions.CheckDefined(kind, nameof(kind));
        ArgumentOutOfRangeException.ThrowIfNegative(slotsInUse);
        ArgumentOutOfRangeException.ThrowIfNegative(aiCreditBalance);

        var needsProvider = kind is not (SlotEntryKind.Opened or SlotEntryKind.PlanChanged or SlotEntryKind.AllowanceRaised or SlotEntryKind.AiCreditsUsed);
        if (needsProvider != provider is not null)
        {
            throw new ArgumentException(needsProvider ? $"A {kind} entry names the app concerned." : $"A {kind} entry names no app.", nameof(provider));
        }

        var needsDescriptor = kind is SlotEntryKind.Connected or SlotEntryKind.Reserved or SlotEntryKind.Replaced;
        if (needsDescriptor != descriptor is not null)
        {
            throw new ArgumentException(needsDescriptor ? $"A {kind} entry carries the provider's descriptor." : $"A {kind} entry carries no descriptor.", nameof(descriptor));
        }

        if (kind is SlotEntryKind.Connected or SlotEntryKind.Reserved && descriptor!.Key != provider)
        {
            throw new ArgumentException($"A {kind} entry's descriptor must be the provider it names.", nameof(descriptor));
        }

        if ((kind == SlotEntryKind.Reserved) != pendingUntil.HasValue)
        {
            throw new ArgumentException("Only a Reserved entry, and every Reserved entry, has a deadline.", nameof(pendingUntil));
        }

        if ((kind == SlotEntryKind.MarkedNeedsAttention) != attentionReason.HasValue)
        {
            throw new ArgumentException("Only a MarkedNeedsAttention entry, and every such entry, has a reason.", nameof(attentionReason));
        }

        if (pendingUntil <= at)
        {
            throw new ArgumentException($"A reservation's deadline ({pendingUntil}) must be after the entry's instant ({at}).", nameof(pendingUntil));
        }

        if (attentionReason is { } reason)
        {
            Preconditions.CheckDefined(reason, nameof(attentionReason));
        }

        if (connectionId is not null && !StartsConnection(kind))
        {
            throw new ArgumentException($"A {kind} entry starts no connection and carries no connection id.", nameof(connectionId));
        }

        Sequence = sequence;
        At = at;
        Actor = actor;
        Kind = kind;
        Provider = provider;
        Descriptor = descriptor;
        PlanId = planId;
        Allowance = allowance;
        SlotsInUse = slotsInUse;
        AiCreditBalance = aiCreditBalance;
        _pendingUntil = pendingUntil.GetValueOrDefault();
        _attentionReason = attentionReason.GetValueOrDefault();
        ConnectionId = connectionId;
    }

    /// <summary>The entry's position, from 1.</summary>
    public long Sequence { get; }

    /// <summary>When it happened.</summary>
    public Instant At { get; }

    /// <summary>Who acted.</summary>
    public Actor Actor { get; }

    /// <summary>What happened.</summary>
    public SlotEntryKind Kind { get; }

    /// <summary>The app concerned; for a replace, the one that went. Null for store-wide entries.</summary>
    public ProviderKey? Provider { get; }

    /// <summary>The provider connected, reserved or brought in by a replace; null otherwise.</summary>
    public ProviderDescriptor? Descriptor { get; }

    /// <summary>The store's plan after the entry.</summary>
    public PlanId PlanId { get; }

    /// <summary>The allowance in force after the entry.</summary>
    public SlotAllowance Allowance { get; }

    /// <summary>The slots in use after the entry.</summary>
    public int SlotsInUse { get; }

    /// <summary>The AI-credit balance after the entry.</summary>
    public int AiCreditBalance { get; }

    /// <summary>The deadline of a reservation; null unless <see cref="Kind"/> is <see cref="SlotEntryKind.Reserved"/>.</summary>
    public Instant? PendingUntil => Kind == SlotEntryKind.Reserved ? _pendingUntil : null;

    /// <summary>Why an app needs attention; null unless <see cref="Kind"/> is <see cref="SlotEntryKind.MarkedNeedsAttention"/>.</summary>
    public AttentionReason? AttentionReason => Kind == SlotEntryKind.MarkedNeedsAttention ? _attentionReason : null;

    /// <summary>
    /// The id of the connection the entry starts: set on <see cref="SlotEntryKind.Connected"/>, <see cref="SlotEntryKind.Reserved"/>
    /// and <see cref="SlotEntryKind.Replaced"/> (the incoming app's) entries; null on every other kind, and on a starting
    /// entry written before connections had ids (its connection's id is then derived, see <see cref="ConnectionId"/>).
    /// </summary>
    public ConnectionId? ConnectionId { get; }

    /// <summary>Whether entries of this kind start a connection, and so carry its id.</summary>
    internal static bool StartsConnection(SlotEntryKind kind) => kind is SlotEntryKind.Connected or SlotEntryKind.Reserved or SlotEntryKind.Replaced;

    /// <summary>How many slots an entry of this kind takes (+1), frees (-1) or leaves (0).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The change in slots in use.</returns>
    internal static int SlotDelta(SlotEntryKind kind) => kind switch
    {
        SlotEntryKind.Connected or SlotEntryKind.Reserved => 1,
        SlotEntryKind.Released or SlotEntryKind.Expired or SlotEntryKind.Disconnected => -1,
        _ => 0,
    };

    /// <inheritdoc />
    public override string ToString()
    {
        var what = Kind switch
        {
            SlotEntryKind.Replaced => $"{Provider} -> {Descriptor!.Key}",
            _ when Provider is not null => Provider.Value,
            _ => PlanId.Value,
        };
        return $"#{Sequence} {At} {Actor} {Kind} {what}: {SlotsInUse}/{Allowance}";
    }
}
