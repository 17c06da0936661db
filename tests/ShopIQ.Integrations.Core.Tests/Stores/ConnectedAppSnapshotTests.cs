using NodaTime;
namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// App snapshots keep a deadline and a reason without Nullable fields: the state says whether they exist. Equality
/// must still be by the public properties, whatever states a snapshot went through (R6, R17).
/// </summary>
public sealed class ConnectedAppSnapshotTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 25, 9, 0);
    private static readonly ConnectionId Connection = ConnectionId.New();

    [Fact]
    public void R6_PendingAppMadeActive_EqualsAnAppConnectedActive_AndHasNoDeadline()
    {
        var pending = new ConnectedApp(BuiltInProviders.Shiprocket, Connection, ConnectionState.Pending, At, At + Duration.FromMinutes(30), null, null);

        var activated = pending with { State = ConnectionState.Active };

        Assert.Equal(new ConnectedApp(BuiltInProviders.Shiprocket, Connection, ConnectionState.Active, At, null, null, null), activated);
        Assert.Equal(activated.GetHashCode(), new ConnectedApp(BuiltInProviders.Shiprocket, Connection, ConnectionState.Active, At, null, null, null).GetHashCode());
        Assert.Null(activated.PendingUntil);
        Assert.Equal(At + Duration.FromMinutes(30), pending.PendingUntil);
    }

    [Fact]
    public void R17_AppBackToActive_LosesItsAttentionReason_AndEqualsOneThatNeverHadOne()
    {
        var attention = new ConnectedApp(BuiltInProviders.Razorpay, Connection, ConnectionState.NeedsAttention, At, null, At, AttentionReason.PermissionRemoved);

        var reconnected = attention with { State = ConnectionState.Active };

        Assert.Equal(AttentionReason.PermissionRemoved, attention.AttentionReason);
        Assert.Null(reconnected.AttentionReason);
        Assert.Equal(new ConnectedApp(BuiltInProviders.Razorpay, Connection, ConnectionState.Active, At, null, At, null), reconnected);
    }
}
