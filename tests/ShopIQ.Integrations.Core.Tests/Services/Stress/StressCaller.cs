using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>
/// One of the concurrent callers: a seeded random mix of every command on the shared stores, acknowledging
/// impacts the way a real caller does (assess, then send the acknowledgement), plus re-sends of earlier
/// commands with the same key and duplicates sent twice at the same moment.
/// </summary>
internal sealed class StressCaller
{
    private static readonly Plan[] ShiftPlans = [TestPlans.Free, TestPlans.Starter, TestPlans.Growth];
    private static readonly ProviderKey NativeKey = NativeFeatures.KeyOf(NativeFeature.AiChat);

    private readonly StressWorld _world;
    private readonly int _index;
    private readonly Random _random;
    private readonly List<SentCommand> _sent = [];
    private readonly ProviderKey[] _providers;
    private int _commands;

    public StressCaller(StressWorld world, int index, int seed)
    {
        _world = world;
        _index = index;
        _random = new Random((seed * 1000) + index);
        _providers = [.. world.Adapters.Select(a => a.Descriptor.Key)];
    }

    /// <summary>Whether this caller moves the clock on (and so must never wait for a parked connect).</summary>
    public bool MovesClock => _index == 0;

    public IReadOnlyList<SentCommand> Sent => _sent;

    public int Sends { get; private set; }

    public int Retries { get; private set; }

    public int SharedRetries { get; private set; }

    public int Duplicates { get; private set; }

    /// <summary>
    /// Runs on the caller's own thread, waiting on each command: the synchronous stretches of the service
    /// (load, apply, save on the in-memory repository) then run on 16 threads the OS preempts anywhere,
    /// which overlaps them far more than 16 awaiting tasks sharing two thread-pool threads would.
    /// </summary>
    public void Run(int operations)
    {
        ParkingAdapter.NeverPark.Value = MovesClock;
        try
        {
            for (var i = 0; i < operations; i++)
            {
                RunOneAsync().GetAwaiter().GetResult();
                if (MovesClock && i % 20 == 19)
                {
                    _world.MoveClockOn();
                }

                if (i % 8 == 7)
                {
                    _world.SweepSignal.Release();
                }
            }
        }
        finally
        {
            if (MovesClock)
            {
                _world.Parking.Stop();
            }
        }
    }

    private async Task RunOneAsync()
    {
        var roll = _random.Next(100);
        if (roll < 9 && _sent.Count > 0)
        {
            Retries++;
            Sends++;
            await _sent[_random.Next(_sent.Count)].SendAsync(_world.AnyService(_random));
            return;
        }

        if (roll < 12 && _world.PickShared(_random) is { } shared)
        {
            SharedRetries++;
            Sends++;
            await shared.SendAsync(_world.AnyService(_random));
            return;
        }

        var sent = await NextCommandAsync();
        if (roll < 16)
        {
            // The same command twice at once, as a client that timed out and retried while the first was still running.
            Duplicates++;
            Sends += 2;
            var (first, second) = (_world.AnyService(_random), _world.AnyService(_random));
            await Task.WhenAll(Task.Run(() => sent.SendAsync(first)), Task.Run(() => sent.SendAsync(second)));
        }
        else
        {
            Sends++;
            await sent.SendAsync(_world.AnyService(_random));
        }

        _sent.Add(sent);
        _world.Share(sent);
    }

    private async Task<SentCommand> NextCommandAsync()
    {
        // One actor per command, so the audit can find exactly the entries each command wrote; the key is the same text.
        var actor = Actor.Merchant($"c{_index:00}-{_commands++:000}");
        var key = new IdempotencyKey(actor.Id);
        var op = PickOp();
        var store = op == StressOp.ChangePlan ? _world.ShiftingStore : _world.Stores[_random.Next(_world.Stores.Count)].Store;
        switch (op)
        {
            case StressOp.Connect:
                var wanted = _random.Next(100) < 4 ? NativeKey : RandomProvider();
                return new(new ConnectAppCommand(store, wanted, Setup(wanted), actor, key), op, 0);
            case StressOp.Disconnect:
                var leaving = await PickAppAsync(store);
                return new(await AcknowledgementAsync(store, leaving, []) is { } ack
                    ? new DisconnectAppCommand(store, leaving, ack, actor, key)
                    : new DisconnectAppCommand(store, leaving, actor, key), op, 0);
            case StressOp.Replace:
                var current = await PickAppAsync(store);
                var replacement = RandomProvider();
                return new(await AcknowledgementAsync(store, current, []) is { } replaceAck
                    ? new ReplaceAppCommand(store, current, replacement, Setup(replacement), replaceAck, actor, key)
                    : new ReplaceAppCommand(store, current, replacement, Setup(replacement), actor, key), op, 0);
            case StressOp.ChangePlan:
                return await ChangePlanAsync(store, actor, key);
            case StressOp.RecordActivity:
                return new(new RecordActivityCommand(store, await PickAppAsync(store), actor, key), op, 0);
            case StressOp.MarkNeedsAttention:
                var reasons = Enum.GetValues<AttentionReason>();
                return new(new MarkNeedsAttentionCommand(store, await PickAppAsync(store), reasons[_random.Next(reasons.Length)], actor, key), op, 0);
            case StressOp.Reconnect:
                var again = await PickAppAsync(store);
                return new(new ReconnectAppCommand(store, again, Setup(again), actor, key), op, 0);
            default:
                return new(new UseAiCreditsCommand(store, _random.Next(1, 6), AiUsePurpose.Summarize, actor, key), op, 0);
        }
    }

    private StressOp PickOp()
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 30 => StressOp.Connect,
            < 44 => StressOp.Disconnect,
            < 54 => StressOp.Replace,
            < 62 => StressOp.ChangePlan,
            < 71 => StressOp.RecordActivity,
            < 80 => StressOp.MarkNeedsAttention,
            < 90 => StressOp.Reconnect,
            _ => StressOp.UseAiCredits,
        };
    }

    private ProviderKey RandomProvider() => _providers[_random.Next(_providers.Length)];

    private ProviderSetup Setup(ProviderKey provider) =>
        _random.Next(100) < 8 || provider == NativeKey ? StressWorld.InvalidSetup : StressWorld.ValidSetup(provider);

    /// <summary>Mostly an app the store has (as last read: it may be gone by the time the command runs), sometimes any provider.</summary>
    private async Task<ProviderKey> PickAppAsync(StoreId store)
    {
        var apps = (await _world.Service.GetStoreAsync(store, CancellationToken.None))!.GetApps();
        return apps.Count > 0 && _random.Next(100) < 75 ? apps[_random.Next(apps.Count)].Key : RandomProvider();
    }

    /// <summary>
    /// What a careful caller sends: the acknowledgement of the impact as assessed now, when the assessment asks
    /// for one. One time in ten the caller "forgets" it. Other callers may change the store before the command
    /// runs, which makes the acknowledgement stale (R8): that is part of what is tested.
    /// </summary>
    private async Task<ImpactAcknowledgement?> AcknowledgementAsync(StoreId store, ProviderKey app, ProviderKey[] alongWith)
    {
        var report = await _world.Service.AssessImpactAsync(store, app, alongWith, CancellationToken.None);
        return report is { Assessment.RequiresAcknowledgement: true } && _random.Next(100) < 90 ? report.Assessment.Acknowledge() : null;
    }

    /// <summary>Up or down; a downgrade below the slots in use names that many apps (sometimes one too few), each acknowledged.</summary>
    private async Task<SentCommand> ChangePlanAsync(StoreId store, Actor actor, IdempotencyKey key)
    {
        var target = ShiftPlans[_random.Next(ShiftPlans.Length)];
        var apps = (await _world.Service.GetStoreAsync(store, CancellationToken.None))!.GetApps();
        var excess = apps.Count - target.ConnectedApps.Slots!.Value;
        if (excess <= 0 || _random.Next(100) >= 85)
        {
            return new(new ChangePlanCommand(store, target.Id, actor, key), StressOp.ChangePlan, 0);
        }

        var count = _random.Next(100) < 15 ? excess - 1 : excess;
        var named = apps.Select(a => a.Key).OrderBy(_ => _random.Next()).Take(count).ToArray();
        var acks = new List<ImpactAcknowledgement>();
        foreach (var app in named)
        {
            var report = await _world.Service.AssessImpactAsync(store, app, named.Where(k => k != app), CancellationToken.None);
            if (report is not null)
            {
                acks.Add(report.Assessment.Acknowledge());
            }
        }

        return new(new ChangePlanCommand(store, target.Id, named, acks, actor, key), StressOp.ChangePlan, named.Length);
    }
}
