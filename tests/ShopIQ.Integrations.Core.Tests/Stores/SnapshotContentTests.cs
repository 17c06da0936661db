using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// A snapshot whose checksum matches its bytes is still only trusted when what the bytes say is a state a store can be
/// in (R15): versions from 1, an apps version no later than the store's, no negative credit, a table whose free places
/// are exactly its empty ones, no app in two places, no more apps than the allowance, a deadline on every pending app
/// and on no other. Anything else is refused with the reason, never thrown on, and the caller replays the ledger.
/// The bytes here are written by the test from the documented layout (format 3), not by the library's writer.
/// </summary>
public sealed class SnapshotContentTests
{
    private static readonly StoreId Id = new("store-1");
    private static readonly Instant At = StoreFixture.Start;

    [Fact]
    public void R15_ASoundStateWrittenByHand_IsReadAsTheStoreItDescribes()
    {
        var snapshot = new SnapshotBytes
        {
            Places = [App("first", ConnectionState.Active), null, App("second", ConnectionState.Pending, pendingUntil: At + Duration.FromMinutes(30)), App("third", ConnectionState.NeedsAttention, attention: AttentionReason.CredentialsRevoked)],
            Free = [1],
            Expired = ["late"],
            Credits = 7,
        };

        var store = Read(snapshot, out var problem);

        Assert.Null(problem);
        Assert.NotNull(store);
        Assert.Equal(3, store.SlotsInUse);
        Assert.Equal(7, store.AiCreditBalance);
        Assert.Equal((5L, 4L), (store.Version, store.AppsVersion));
        Assert.Equal(At + Duration.FromMinutes(30), store.NextReservationDeadline());
        Assert.Equal(
            [("first", ConnectionState.Active), ("second", ConnectionState.Pending), ("third", ConnectionState.NeedsAttention)],
            store.GetApps().Select(a => (a.Key.Value, a.State)).Order().ToArray());
        Assert.Equal(AttentionReason.CredentialsRevoked, store.GetApps().Single(a => a.Key.Value == "third").AttentionReason);
    }

    [Theory]
    [InlineData(0L, 0L, 0, "version")]
    [InlineData(5L, 0L, 0, "appsVersion")]
    [InlineData(5L, 6L, 0, "appsVersion")]
    [InlineData(5L, 4L, -1, "credits")]
    public void R15_VersionsOrCreditsNoStoreCanHave_AreRefused(long version, long appsVersion, int credits, string named)
    {
        var snapshot = new SnapshotBytes { Version = version, AppsVersion = appsVersion, Credits = credits };

        Refused(snapshot, "ArgumentOutOfRangeException", $"(Parameter '{named}')");
    }

    [Fact]
    public void R15_TheLastVersionsAndNoCredit_AreSound()
    {
        var store = Read(new SnapshotBytes { Version = 1, AppsVersion = 1, Credits = 0 }, out var problem);

        Assert.Null(problem);
        Assert.Equal((1L, 1L, 0), (store!.Version, store.AppsVersion, store.AiCreditBalance));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100_000)]
    public void R15_ATableSizeTheBytesCannotHold_IsRefused(int end)
    {
        Refused(new SnapshotBytes { End = end }, "ArgumentOutOfRangeException", "(Parameter 'end')");
    }

    [Fact]
    public void R15_MoreFreePlacesListedThanTheTableHas_IsRefused()
    {
        var snapshot = new SnapshotBytes { Places = [App("first", ConnectionState.Active), null], Free = [1, 1] };

        Refused(snapshot, "InvalidDataException", "2 free places listed, but 1 places are free.");
    }

    [Fact]
    public void R15_AnEmptyPlaceNotListedFree_IsRefused()
    {
        var snapshot = new SnapshotBytes { Places = [App("first", ConnectionState.Active), null], Free = [] };

        Refused(snapshot, "InvalidDataException", "0 free places listed, but 1 places are free.");
    }

    [Theory]
    [InlineData(0)] // a place that holds an app
    [InlineData(2)] // past the table's end
    [InlineData(-1)] // before its start
    public void R15_AFreePlaceThatIsNotAnEmptyPlaceOfTheTable_IsRefused(int place)
    {
        var snapshot = new SnapshotBytes { Places = [App("first", ConnectionState.Active), null], Free = [place] };

        Refused(snapshot, "InvalidDataException", $"Free place {place} is not a free place of the table.");
    }

    [Fact]
    public void R15_AFreePlaceListedTwice_IsRefused()
    {
        var snapshot = new SnapshotBytes { Places = [App("first", ConnectionState.Active), null, null], Free = [1, 1] };

        Refused(snapshot, "InvalidDataException", "A place is listed free twice, or an app holds two places.");
    }

    [Fact]
    public void R15_AnAppInTwoPlaces_IsRefused()
    {
        var snapshot = new SnapshotBytes { Places = [App("first", ConnectionState.Active), App("first", ConnectionState.Active)] };

        Refused(snapshot, "InvalidDataException", "A place is listed free twice, or an app holds two places.");
    }

    [Fact]
    public void R15_MoreAppsThanTheAllowance_IsRefused_AndAsManyAsItIsSound()
    {
        var four = new SnapshotBytes { Slots = 3, Places = [.. new[] { "a", "b", "c", "d" }.Select(k => App(k, ConnectionState.Active))] };
        var three = new SnapshotBytes { Slots = 3, Places = [.. new[] { "a", "b", "c" }.Select(k => App(k, ConnectionState.Active))] };
        var unlimited = new SnapshotBytes { Slots = -1, Places = [.. new[] { "a", "b", "c", "d" }.Select(k => App(k, ConnectionState.Active))] };

        Refused(four, "InvalidDataException", "4 apps hold a slot on an allowance of 3.");
        Assert.Equal(3, Read(three, out _)!.SlotsInUse);
        var store = Read(unlimited, out var problem);
        Assert.Null(problem);
        Assert.Equal(SlotAllowance.Unlimited, store!.Allowance);
        Assert.Equal(4, store.SlotsInUse);
    }

    [Fact]
    public void R15_ANegativeCountOfExpiredReservations_IsRefused()
    {
        Refused(new SnapshotBytes { ExpiredCount = -1 }, "ArgumentOutOfRangeException", "(Parameter 'expiredCount')");
    }

    [Theory]
    [InlineData(ConnectionState.Pending, false)]
    [InlineData(ConnectionState.Active, true)]
    [InlineData(ConnectionState.NeedsAttention, true)]
    [InlineData(ConnectionState.Disconnected, false)]
    [InlineData(ConnectionState.Disconnected, true)]
    public void R15_AnAppWhoseStateAndDeadlineDisagree_IsRefused(ConnectionState state, bool withDeadline)
    {
        var app = App("first", state, pendingUntil: withDeadline ? At + Duration.FromMinutes(5) : null);

        Refused(
            new SnapshotBytes { Places = [app] },
            "InvalidDataException",
            $"App 'first' is {state} with{(withDeadline ? "" : "out")} a deadline.");
    }

    [Fact]
    public void R15_AStateOrAReasonOutOfRange_IsRefused()
    {
        Refused(new SnapshotBytes { Places = [App("first", (ConnectionState)99)] }, "ArgumentOutOfRangeException", "(Parameter 'state')");
        Refused(
            new SnapshotBytes { Places = [App("first", ConnectionState.NeedsAttention, attention: (AttentionReason)99)] },
            "ArgumentOutOfRangeException",
            "(Parameter 'reason')");
    }

    private static AppBytes App(string key, ConnectionState state, Instant? pendingUntil = null, AttentionReason? attention = null) =>
        new(key, state, pendingUntil, attention);

    private static Store? Read(SnapshotBytes snapshot, out string? problem) =>
        Store.TryFromSnapshot(
            StoreSnapshot.FromBytes(Id, Math.Max(snapshot.Version, 1), snapshot.ToBytes()), [], TestPlans.Policy, new NodaTime.Testing.FakeClock(At), out problem);

    private static void Refused(SnapshotBytes snapshot, string exception, string reason)
    {
        var store = Read(snapshot, out var problem);

        Assert.Null(store);
        Assert.NotNull(problem);
        Assert.StartsWith($"the snapshot cannot be read: {exception}: ", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    private sealed record AppBytes(string Key, ConnectionState State, Instant? PendingUntil, AttentionReason? Attention);

    /// <summary>Format 3, as the format's documentation lays it out, sealed with its FNV-1a checksum.</summary>
    private sealed class SnapshotBytes
    {
        public long Version { get; init; } = 5;

        public long AppsVersion { get; init; } = 4;

        public int Slots { get; init; } = 3;

        public int Credits { get; init; }

        public AppBytes?[] Places { get; init; } = [];

        public int? End { get; init; }

        public int[] Free { get; init; } = [];

        public string[] Expired { get; init; } = [];

        public int? ExpiredCount { get; init; }

        public byte[] ToBytes()
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, new System.Text.UTF8Encoding(false), leaveOpen: true))
            {
                writer.Write(3);
                writer.Write(Id.Value);
                writer.Write(Version);
                writer.Write(AppsVersion);
                writer.Write(At.ToUnixTimeTicks());
                writer.Write(TestPlans.Starter.Id.Value);
                writer.Write(Slots);
                writer.Write(Credits);
                writer.Write(End ?? Places.Length);
                foreach (var place in Places)
                {
                    writer.Write(place is not null);
                    if (place is not null)
                    {
                        WriteApp(writer, place);
                    }
                }

                writer.Write(Free.Length);
                foreach (var free in Free)
                {
                    writer.Write(free);
                }

                writer.Write(ExpiredCount ?? Expired.Length);
                foreach (var key in Expired)
                {
                    writer.Write(key);
                }
            }

            var body = buffer.ToArray();
            var hash = 14695981039346656037UL;
            foreach (var b in body)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            return [.. body, .. BitConverter.GetBytes(hash)];
        }

        private static void WriteApp(BinaryWriter writer, AppBytes app)
        {
            writer.Write(app.Key); // the descriptor: key, name, category, workflows, setup fields, self-service, availability
            writer.Write($"App {app.Key}");
            writer.Write((int)ProviderCategory.Other);
            writer.Write(1);
            writer.Write((int)CommerceWorkflow.OtherCommerceOperations);
            writer.Write(0);
            writer.Write(true);
            writer.Write((int)ProviderAvailability.Available);
            writer.Write(Guid.NewGuid().ToByteArray());
            writer.Write((int)app.State);
            writer.Write(At.ToUnixTimeTicks());
            writer.Write(app.PendingUntil.HasValue);
            if (app.PendingUntil is { } until)
            {
                writer.Write(until.ToUnixTimeTicks());
            }

            writer.Write(false); // no activity recorded
            writer.Write(app.Attention.HasValue);
            if (app.Attention is { } reason)
            {
                writer.Write((int)reason);
            }
        }
    }
}
