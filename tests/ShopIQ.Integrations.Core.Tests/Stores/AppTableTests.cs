using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// A store's app table answers as a dictionary of its apps would, below and above the size at which it starts an
/// index, with keys that are the same object or only equal, and keeps the order a dictionary would list them in
/// (a freed place reused, the most recently freed first) through removals, clones, restores and clears.
/// </summary>
public sealed class AppTableTests
{
    private static readonly ConnectionState[] States = [ConnectionState.Pending, ConnectionState.Active, ConnectionState.NeedsAttention];

    [Theory]
    [InlineData(3)]
    [InlineData(AppTable.IndexThreshold)]
    [InlineData(AppTable.IndexThreshold + 1)]
    [InlineData(40)]
    public void AddFindRemove_WithSameOrEqualKeys_AnswerAsADictionaryAndListInItsOrder(int size)
    {
        var table = new AppTable();
        var model = new Model();
        for (var i = 0; i < size; i++)
        {
            Add(table, model, Key(i), States[i % States.Length]);
        }

        // Remove every third, through keys equal to the stored ones but not the same object.
        for (var i = 0; i < size; i += 3)
        {
            Assert.True(table.Remove(Key(i), out var removed));
            Assert.Equal(model.Remove(Key(i)), removed);
            Assert.False(table.Remove(Key(i), out _));
        }

        Same(model, table);

        // Refill: freed places come back most recently freed first, as a dictionary's do.
        for (var i = size; i < size + (size / 2); i++)
        {
            Add(table, model, Key(i), ConnectionState.Active);
        }

        Same(model, table);
        Same(model, table.Clone());
        Same(model, AppTable.Restore(table.Keys.ToArray(), table.States.ToArray(), table.FreePlaces.ToArray()));
    }

    [Fact]
    public void Add_AKeyAlreadyThere_AnswersItsOwnPlaceUnchanged()
    {
        var table = new AppTable();
        var stored = Key(1);
        table.Add(Key(0), out _).State = ConnectionState.Active;
        table.Add(stored, out _).State = ConnectionState.NeedsAttention;

        ref var again = ref table.Add(Key(1), out var exists);

        Assert.True(exists);
        Assert.Equal(ConnectionState.NeedsAttention, again.State);
        Assert.Equal(2, table.Count);
        Assert.Equal(2, table.End);
        Assert.Same(stored, table.Keys[1]);
    }

    [Fact]
    public void Add_TheKeyInTheFirstPlace_IsFoundThere()
    {
        var table = new AppTable();
        table.Add(Key(0), out _).State = ConnectionState.NeedsAttention;

        ref var again = ref table.Add(Key(0), out var exists);

        Assert.True(exists);
        Assert.Equal(ConnectionState.NeedsAttention, again.State);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Add_AfterAClear_AnswersAClearedPlace()
    {
        var table = new AppTable();
        table.Add(Key(0), out _).Start(StoreFixture.Provider("app-0", ProviderCategory.Other), ConnectionId.New(), ConnectionState.Pending, StoreFixture.Start, StoreFixture.Start);
        table.Clear();

        ref var place = ref table.Add(Key(1), out var exists);

        Assert.False(exists);
        Assert.Null(place.Provider);
        Assert.Null(place.ConnectionId);
        Assert.Null(place.PendingUntil);
        Assert.Equal(default, place.State);
    }

    [Fact]
    public void Snapshot_IsMadeOncePerState_AndAgainAfterAChange()
    {
        var state = default(AppState);
        state.Start(StoreFixture.Provider("app-0", ProviderCategory.Other), ConnectionId.New(), ConnectionState.Active, StoreFixture.Start, null);

        var first = state.Snapshot();
        Assert.Same(first, state.Snapshot());

        state.State = ConnectionState.NeedsAttention;
        state.Changed();
        var second = state.Snapshot();

        Assert.NotSame(first, second);
        Assert.Equal(ConnectionState.NeedsAttention, second.State);
    }

    [Fact]
    public void Find_AKeyNotThere_AnswersANullReference()
    {
        var table = new AppTable();
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref table.Find(Key(0))));
        table.Add(Key(0), out _);
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref table.Find(Key(1))));
        Assert.False(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref table.Find(Key(0))));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    public void Clone_IsIndependentOfItsSource(int size)
    {
        var table = new AppTable();
        var model = new Model();
        for (var i = 0; i < size; i++)
        {
            Add(table, model, Key(i), ConnectionState.Active);
        }

        var copy = table.Clone();
        Assert.True(table.Remove(Key(0), out _));
        table.Find(Key(1)).State = ConnectionState.NeedsAttention;
        table.Add(Key(1000), out _).State = ConnectionState.Pending;

        Same(model, copy);
        Add(copy, model, Key(2000), ConnectionState.Pending);
        Same(model, copy);
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref copy.Find(Key(1000))));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    public void Clear_EmptiesTheTableWhichThenFillsFromTheStart(int size)
    {
        var table = new AppTable();
        for (var i = 0; i < size; i++)
        {
            table.Add(Key(i), out _).State = ConnectionState.Active;
        }

        table.Remove(Key(1), out _);
        table.Clear();

        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.End);
        Assert.True(table.FreePlaces.IsEmpty);
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref table.Find(Key(0))));
        var model = new Model();
        for (var i = 0; i < size; i++)
        {
            Add(table, model, Key(i + 500), ConnectionState.Pending);
        }

        Same(model, table);
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref table.Find(Key(0))));
    }

    [Fact]
    public void Restore_CountsOnlyThePlacesWithAKey()
    {
        ProviderKey?[] keys = [Key(0), null, Key(2), null];
        var apps = new AppState[4];
        apps[0].State = ConnectionState.Active;
        apps[2].State = ConnectionState.NeedsAttention;

        var table = AppTable.Restore(keys, apps, [3, 1]);

        Assert.Equal(2, table.Count);
        Assert.Equal(4, table.End);
        Assert.Equal(ConnectionState.NeedsAttention, table.Find(Key(2)).State);
        table.Add(Key(9), out _);
        Assert.Equal(Key(9), table.Keys[1]);
    }

    private static ProviderKey Key(int i) => new($"app-{i}");

    private static void Add(AppTable table, Model model, ProviderKey key, ConnectionState state)
    {
        ref var place = ref table.Add(key, out var exists);
        Assert.False(exists);
        place.State = state;
        model.Add(key, state);
    }

    private static void Same(Model model, AppTable table)
    {
        Assert.Equal(model.Count, table.Count);
        var listed = new List<(ProviderKey, ConnectionState)>();
        for (var i = 0; i < table.End; i++)
        {
            if (table.Keys[i] is { } key)
            {
                listed.Add((key, table.States[i].State));
            }
        }

        Assert.Equal(model.InOrder(), listed);
        foreach (var (key, state) in model.InOrder())
        {
            // An equal key, not the stored object: the lookup by hash and text (or the index) must find it.
            ref var found = ref table.Find(new ProviderKey(key.Value));
            Assert.False(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref found));
            Assert.Equal(state, found.State);
        }
    }

    /// <summary>A dictionary of the same adds and removes: the order the table promises to list in.</summary>
    private sealed class Model
    {
        private readonly Dictionary<ProviderKey, ConnectionState> _apps = [];

        public int Count => _apps.Count;

        public void Add(ProviderKey key, ConnectionState state) => _apps.Add(key, state);

        public ConnectionState Remove(ProviderKey key)
        {
            Assert.True(_apps.Remove(key, out var state));
            return state;
        }

        public List<(ProviderKey, ConnectionState)> InOrder() => [.. _apps.Select(p => (p.Key, p.Value))];
    }
}
