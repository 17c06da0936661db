using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using ShopIQ.Integrations.Core.Diagnostics;
using ShopIQ.Integrations.Core.Events;
using ShopIQ.Integrations.Core.Impact;
using ShopIQ.Integrations.Core.Persistence;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Services;

/// <summary>
/// The connected-apps application service other ShopIQ services call: for each command it loads the
/// store, asks the provider's adapter, applies the store operation, saves, and publishes the events.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe; register it as a singleton. Every command carries an <see cref="IdempotencyKey"/>: the
/// same key on the same store answers the first run's result (<see cref="CommandStatus.Replayed"/>) and
/// acts no second time. Saves use optimistic concurrency; on a version conflict the command reloads the
/// store and runs again, up to <see cref="ConnectedAppsOptions.MaxConflictRetries"/> times, then answers
/// <see cref="CommandStatus.Conflict"/> with nothing saved.
/// </para>
/// <para>
/// A connect validates the setup offline (no slot on failure), saves a pending reservation, calls the
/// adapter, then completes or releases the reservation. If the process dies in between, the reservation
/// expires (R6): lazily on the store's next command, or by <see cref="SweepAsync"/>, which a host calls on a
/// schedule. Events are published to every <see cref="IStoreEventSink"/> only after their change is saved.
/// </para>
/// <para>
/// Adapter calls (<see cref="IIntegrationProvider.ConnectAsync"/>) may be repeated for one key when two
/// requests with it race, so adapters' connects must be idempotent per store. A disconnect, replace or plan
/// change tells the old provider after the slot is freed, best effort: a provider that fails is logged.
/// </para>
/// </remarks>
public sealed class ConnectedAppsService : IDisposable
{
    private readonly IStoreRepository _repository;
    private readonly FrozenDictionary<ProviderKey, IIntegrationProvider> _providers;
    private readonly IStoreEventSink[] _sinks;
    private readonly IClock _clock;
    private readonly ConnectedAppsOptions _options;
    private readonly ILogger _logger;
    private readonly ConnectedAppsMetrics _metrics;
    private readonly StoreGate _gate = new(GateStripes);

    /// <summary>The fewest attempts a command gets to settle a reservation it saved, whatever <see cref="ConnectedAppsOptions.MaxConflictRetries"/> says.</summary>
    private const int SettleRetries = 100;

    /// <summary>How many stripes the per-store gate has: enough that unrelated busy stores rarely share one.</summary>
    private const int GateStripes = 1024;

    /// <summary>Creates the service; DI calls this with the registered parts.</summary>
    /// <param name="repository">Where stores are kept.</param>
    /// <param name="providers">The registered adapters; one per provider key.</param>
    /// <param name="sinks">Where events go after each save.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="options">The settings; validated again here.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="meterFactory">The meter factory, or null to create the meter directly.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="meterFactory"/> is null.</exception>
    /// <exception cref="ArgumentException">Two adapters have the same provider key, or an adapter's key is a native feature's.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public ConnectedAppsService(
        IStoreRepository repository,
        IEnumerable<IIntegrationProvider> providers,
        IEnumerable<IStoreEventSink> sinks,
        IClock clock,
        IOptions<ConnectedAppsOptions> options,
        ILogger<ConnectedAppsService> logger,
        IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _repository = repository;
        _clock = clock;
        _logger = logger;
        _options = options.Value;
        var validation = new ConnectedAppsOptionsValidator(string.Empty).Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ConnectedAppsOptions), validation.Failures);
        }

        Policy = ConnectedAppsOptionsValidator.ToPolicy(_options);
        var byKey = new Dictionary<ProviderKey, IIntegrationProvider>();
        foreach (var provider in providers)
        {
            ArgumentNullException.ThrowIfNull(provider, nameof(providers));
            var key = provider.Descriptor.Key;
            if (NativeFeatures.TryGetNative(key, out _))
            {
                throw new ArgumentException($"Adapter {provider.GetType().Name} uses the provider key '{key}', which belongs to a native ShopIQ feature.", nameof(providers));
            }

            if (!byKey.TryAdd(key, provider))
            {
                throw new ArgumentException($"Two adapters are registered for the provider key '{key}': {byKey[key].GetType().Name} and {provider.GetType().Name}.", nameof(providers));
            }
        }

        _providers = byKey.ToFrozenDictionary();
        Providers = Array.AsReadOnly(byKey.Values.Select(p => p.Descriptor).OrderBy(d => d.Key.Value, StringComparer.Ordinal).ToArray());
        _sinks = sinks.Select(s => s ?? throw new ArgumentNullException(nameof(sinks), "Event sinks must not hold null.")).ToArray();
        _metrics = new ConnectedAppsMetrics(meterFactory);
    }

    /// <summary>The rules in force: the plan catalog and the tunable parts, built from the options.</summary>
    public ConnectedAppsPolicy Policy { get; }

    /// <summary>The descriptors of the registered adapters, by key order.</summary>
    public IReadOnlyList<ProviderDescriptor> Providers { get; }

    /// <summary>Finds the adapter registered for a provider key.</summary>
    /// <param name="key">The provider key.</param>
    /// <param name="provider">The adapter, when found.</param>
    /// <returns>Whether one is registered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool TryGetProvider(ProviderKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IIntegrationProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _providers.TryGetValue(key, out provider);
    }

    /// <summary>Reads a store: a detached copy rebuilt from its ledger; changing it changes nothing saved.</summary>
    /// <param name="store">The store's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The store, or null if it does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public async Task<Store?> GetStoreAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var loaded = await _repository.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        return loaded.Ledger is null ? null : Store.FromLedger(loaded.Ledger, Policy, _clock);
    }

    /// <summary>Opens a new store on a plan.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="CommandStatus.Completed"/> (the store's outcome says whether the plan was known), <see cref="CommandStatus.StoreAlreadyExists"/>, or a replay.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async Task<ConnectedAppsResult> OpenStoreAsync(OpenStoreCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var activity = StartActivity("OpenStore", command, null);
        if (!Policy.Catalog.TryGetPlan(command.Plan, out _))
        {
            return Finish("OpenStore", command, activity, new ConnectedAppsResult(
                CommandStatus.Completed, null, OutcomeStatus.UnknownPlan, false, $"The plan '{command.Plan}' is not in the catalog; the store was not opened.", null, 0));
        }

        for (var attempt = 1; ; attempt++)
        {
            var loaded = await _repository.LoadAsync(command.Store, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
            if (loaded.Record is { } record)
            {
                return Finish("OpenStore", command, activity, Answer(record, command, loaded));
            }

            if (loaded.Ledger is not null)
            {
                return Finish("OpenStore", command, activity, ConnectedAppsResult.NotRun(CommandStatus.StoreAlreadyExists, $"The store '{command.Store}' already exists.", null, loaded.Version));
            }

            var store = Store.Open(command.Store, command.Plan, Policy, _clock, command.Actor);
            var result = new ConnectedAppsResult(CommandStatus.Completed, null, null, true, $"The store '{command.Store}' is open on the plan '{command.Plan}' with {store.Allowance} connected-app slots.", null, store.Version);
            if (await TrySaveAsync(store, 0, result.ToRecord(command.IdempotencyKey, command.Fingerprint, true, _clock.GetCurrentInstant()), cancellationToken).ConfigureAwait(false))
            {
                return Finish("OpenStore", command, activity, result);
            }

            if (!await BackOffAsync("OpenStore", command.Store, attempt, cancellationToken).ConfigureAwait(false))
            {
                return Finish("OpenStore", command, activity, Conflicted(command.Store, null, attempt));
            }
        }
    }

    /// <summary>
    /// Connects a provider (R1, R4, R5, R6): validates the setup offline, reserves a slot, lets the adapter
    /// connect within <see cref="ConnectedAppsOptions.ConnectTimeout"/>, then completes the connection or
    /// releases the slot.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command; a reservation already made is released.</param>
    /// <returns>
    /// <see cref="CommandStatus.Completed"/> with the store's outcome (<see cref="OutcomeStatus.Activated"/> when connected, or a refusal
    /// such as <see cref="OutcomeStatus.LimitReached"/> or <see cref="OutcomeStatus.SetupInvalid"/>), <see cref="CommandStatus.ProviderRefused"/>
    /// or <see cref="CommandStatus.ProviderFailed"/> (the reservation released), or another <see cref="CommandStatus"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ConnectedAppsResult> ConnectAsync(ConnectAppCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "Connect";
        using var activity = StartActivity(operation, command, command.Provider);
        var result = await ConnectCoreAsync(command, cancellationToken).ConfigureAwait(false);
        _metrics.ConnectAttempt(result.Status.ToString(), result.OutcomeStatus?.ToString() ?? "none");
        return Finish(operation, command, activity, result);
    }

    /// <summary>Disconnects an app, freeing its slot at once (R7, R8), then tells its provider, best effort.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="CommandStatus.Completed"/> with the store's outcome (<see cref="OutcomeStatus.Disconnected"/>, or <see cref="OutcomeStatus.AcknowledgementRequired"/>, ...), or another <see cref="CommandStatus"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async Task<ConnectedAppsResult> DisconnectAsync(DisconnectAppCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "Disconnect";
        using var activity = StartActivity(operation, command, command.Provider);
        var run = await ExecuteAsync(
            operation,
            command,
            store => command.Acknowledgement is null
                ? store.Disconnect(command.Provider, command.Actor)
                : store.Disconnect(command.Provider, command.Acknowledgement, command.Actor),
            cancellationToken).ConfigureAwait(false);
        if (run.Result.Status == CommandStatus.Completed && run.Result.OutcomeStatus == OutcomeStatus.Disconnected)
        {
            await TellDisconnectedAsync(command.Store, command.Provider).ConfigureAwait(false);
        }

        return Finish(operation, command, activity, run.Result);
    }

    /// <summary>
    /// Replaces a connected app with another provider (R10): checks the replace would be accepted, lets the
    /// replacement's adapter connect, then swaps the apps in one ledger entry that changes no slot count,
    /// and tells the old provider, best effort.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="CommandStatus.Completed"/> with the store's outcome (<see cref="OutcomeStatus.Replaced"/> and the workflows to test, or a refusal), <see cref="CommandStatus.ProviderRefused"/>, <see cref="CommandStatus.ProviderFailed"/>, or another <see cref="CommandStatus"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ConnectedAppsResult> ReplaceAsync(ReplaceAppCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "Replace";
        using var activity = StartActivity(operation, command, command.Replacement);
        if (!_providers.TryGetValue(command.Replacement, out var adapter))
        {
            return Finish(operation, command, activity, await NoAdapterAsync(operation, command, command.Replacement, cancellationToken).ConfigureAwait(false));
        }

        var setup = Validate(adapter, command.Setup);
        StoreOutcome Apply(Store store) => command.Acknowledgement is null
            ? store.Replace(command.Current, adapter.Descriptor, setup, command.Actor)
            : store.Replace(command.Current, adapter.Descriptor, setup, command.Acknowledgement, command.Actor);

        var result = await CallThenApplyAsync(operation, command, adapter, command.Setup, Apply, OutcomeStatus.Replaced, cancellationToken).ConfigureAwait(false);
        if (result.Status == CommandStatus.Completed && result.OutcomeStatus == OutcomeStatus.Replaced)
        {
            await TellDisconnectedAsync(command.Store, command.Current).ConfigureAwait(false);
        }

        return Finish(operation, command, activity, result);
    }

    /// <summary>Moves a store to another plan, disconnecting the named apps first, all or nothing (R12), then tells their providers, best effort.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="CommandStatus.Completed"/> with the store's outcome (<see cref="OutcomeStatus.PlanChanged"/>, <see cref="OutcomeStatus.DowngradeNeedsDisconnects"/>, ...), or another <see cref="CommandStatus"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async Task<ConnectedAppsResult> ChangePlanAsync(ChangePlanCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "ChangePlan";
        using var activity = StartActivity(operation, command, null);
        var run = await ExecuteAsync(
            operation,
            command,
            store => command.AppsToDisconnect.Count == 0 && command.Acknowledgements.Count == 0
                ? store.ChangePlan(command.Plan, command.Actor)
                : store.ChangePlan(command.Plan, command.AppsToDisconnect, command.Acknowledgements, command.Actor),
            cancellationToken).ConfigureAwait(false);
        if (run.Result.Status == CommandStatus.Completed && run.Result.IsSuccess)
        {
            foreach (var app in command.AppsToDisconnect.Distinct())
            {
                await TellDisconnectedAsync(command.Store, app).ConfigureAwait(false);
            }
        }

        return Finish(operation, command, activity, run.Result);
    }

    /// <summary>Records that a connected app was used (R11).</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="CommandStatus.Completed"/> with the store's outcome, or another <see cref="CommandStatus"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async Task<ConnectedAppsResult> RecordActivityAsync(RecordActivityCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "RecordActivity";
        using var activity = StartActivity(operation, command, command.Provider);
        var run = await ExecuteAsync(operation, command, store => store.RecordActivity(command.Provider, command.Actor), cancellationToken).ConfigureAwait(false);
        return Finish(operation, command, activity, run.Result);
    }

    /// <summary>Marks a connected app as needing attention; it keeps its slot (R17).</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="CommandStatus.Completed"/> with the store's outcome, or another <see cref="CommandStatus"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async Task<ConnectedAppsResult> MarkNeedsAttentionAsync(MarkNeedsAttentionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "MarkNeedsAttention";
        using var activity = StartActivity(operation, command, command.Provider);
        var run = await ExecuteAsync(operation, command, store => store.MarkNeedsAttention(command.Provider, command.Reason, command.Actor), cancellationToken).ConfigureAwait(false);
        return Finish(operation, command, activity, run.Result);
    }

    /// <summary>Reconnects an app that needs attention with new credentials, in place (R17): the adapter connects with them first.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="CommandStatus.Completed"/> with the store's outcome (<see cref="OutcomeStatus.Reconnected"/>, or a refusal), <see cref="CommandStatus.ProviderRefused"/>, <see cref="CommandStatus.ProviderFailed"/>, or another <see cref="CommandStatus"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ConnectedAppsResult> ReconnectAsync(ReconnectAppCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "Reconnect";
        using var activity = StartActivity(operation, command, command.Provider);
        if (!_providers.TryGetValue(command.Provider, out var adapter))
        {
            return Finish(operation, command, activity, await NoAdapterAsync(operation, command, command.Provider, cancellationToken).ConfigureAwait(false));
        }

        var setup = Validate(adapter, command.Setup);
        var result = await CallThenApplyAsync(
            operation, command, adapter, command.Setup, store => store.Reconnect(command.Provider, setup, command.Actor), OutcomeStatus.Reconnected, cancellationToken).ConfigureAwait(false);
        return Finish(operation, command, activity, result);
    }

    /// <summary>
    /// Asks the provider whether an app's connection still works (R17). An active app whose provider
    /// reports a problem is marked as needing attention (it keeps its slot); a healthy answer, or an app
    /// that already needs attention or is pending, changes nothing. Call it on a schedule.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>
    /// <see cref="CommandStatus.Completed"/>: with <see cref="OutcomeStatus.MarkedNeedsAttention"/> when the app was marked, with
    /// <see cref="OutcomeStatus.NotConnected"/> when it is not connected, or without an outcome status when nothing needed to change;
    /// <see cref="CommandStatus.ProviderFailed"/> when the provider could not be asked; or another <see cref="CommandStatus"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ConnectedAppsResult> CheckHealthAsync(CheckHealthCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "CheckHealth";
        using var activity = StartActivity(operation, command, command.Provider);
        if (!_providers.TryGetValue(command.Provider, out var adapter))
        {
            return Finish(operation, command, activity, ConnectedAppsResult.NotRun(CommandStatus.ProviderNotRegistered, $"No adapter is registered for the provider '{command.Provider}'.", command.Provider, 0));
        }

        ProviderHealth health;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                health = await adapter.CheckHealthAsync(command.Store, timeout.Token).WaitAsync(_options.ConnectTimeout, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Adapter {adapter.GetType().Name} answered null.");
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Log.ProviderFailed(_logger, command.Provider.Value, "health check", command.Store.Value, exception.GetType().Name, Redact(exception.Message, ProviderSetup.Empty));
                return Finish(operation, command, activity, ConnectedAppsResult.NotRun(
                    CommandStatus.ProviderFailed, $"{adapter.Descriptor.DisplayName} could not be asked about the connection; nothing was changed.", command.Provider, 0));
            }
        }

        var run = await ExecuteAsync(
            operation,
            command,
            store =>
            {
                // A missing app gets the store's own NotConnected answer (the reason is then unused).
                var app = store.Apps.FirstOrDefault(a => a.Key == command.Provider);
                return app is null || (health.Problem is { } problem && app.State == ConnectionState.Active)
                    ? store.MarkNeedsAttention(command.Provider, health.Problem ?? AttentionReason.CredentialsExpired, command.Actor)
                    : null;
            },
            _ => false,
            true,
            (outcome, version) => outcome is not null
                ? ConnectedAppsResult.Completed(outcome, version)
                : new ConnectedAppsResult(
                    CommandStatus.Completed, null, null, true,
                    health.IsHealthy ? $"{adapter.Descriptor.DisplayName} reports the connection works." : $"{adapter.Descriptor.DisplayName} reports {health.Problem}; the app is not active, so nothing was changed.",
                    command.Provider, version),
            cancellationToken).ConfigureAwait(false);
        return Finish(operation, command, activity, run.Result);
    }

    /// <summary>Spends AI credits (R14).</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="CommandStatus.Completed"/> with the store's outcome, or another <see cref="CommandStatus"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async Task<ConnectedAppsResult> UseAiCreditsAsync(UseAiCreditsCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "UseAiCredits";
        using var activity = StartActivity(operation, command, null);
        var run = await ExecuteAsync(operation, command, store => store.UseAiCredits(command.Credits, command.Purpose, command.Actor), cancellationToken).ConfigureAwait(false);
        return Finish(operation, command, activity, run.Result);
    }

    /// <summary>
    /// Assesses what disconnecting or replacing an app would break (R8, R9), with the live facts its
    /// provider reports within <see cref="ConnectedAppsOptions.LiveFactsBudget"/> (R19). A slow or failing
    /// adapter never blocks the assessment: the report lists its facts as missing.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app.</param>
    /// <param name="cancellationToken">Cancels the assessment.</param>
    /// <returns>The report, or null when the store does not exist or the app is not connected.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Task<ImpactReport?> AssessImpactAsync(StoreId store, ProviderKey provider, CancellationToken cancellationToken) =>
        AssessImpactAsync(store, provider, [], cancellationToken);

    /// <summary>
    /// Assesses what disconnecting an app together with others would break, as in a downgrade naming
    /// several apps (R12): each is assessed with the others gone. Live facts are gathered for the app only.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app.</param>
    /// <param name="alongWith">The other apps leaving in the same change.</param>
    /// <param name="cancellationToken">Cancels the assessment.</param>
    /// <returns>The report, or null when the store does not exist or the app is not connected.</returns>
    /// <exception cref="ArgumentNullException">An argument is null or <paramref name="alongWith"/> holds a null.</exception>
    public async Task<ImpactReport?> AssessImpactAsync(StoreId store, ProviderKey provider, IEnumerable<ProviderKey> alongWith, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(alongWith);
        var others = alongWith.Select(a => a ?? throw new ArgumentNullException(nameof(alongWith), "The other apps must not hold null.")).ToArray();
        using var activity = ConnectedAppsMetrics.ActivitySource.StartActivity("ShopIQ.ConnectedApps.AssessImpact");
        activity?.SetTag("shopiq.store", store.Value);
        activity?.SetTag("shopiq.provider", provider.Value);
        var current = await GetStoreAsync(store, cancellationToken).ConfigureAwait(false);
        if (current is null || !current.TryAssessImpact(provider, others, out var assessment))
        {
            return null;
        }

        var facts = new List<LiveFact>();
        var missing = new List<MissingFacts>();
        if (!_providers.TryGetValue(provider, out var adapter))
        {
            missing.Add(new MissingFacts(provider, MissingFactsReason.NoAdapter));
        }
        else
        {
            var reason = await GatherFactsAsync(adapter, store, facts, cancellationToken).ConfigureAwait(false);
            if (reason is { } why)
            {
                missing.Add(new MissingFacts(provider, why));
                Log.LiveFactsMissing(_logger, provider.Value, store.Value, why.ToString());
            }
        }

        return new ImpactReport(assessment, facts, missing);
    }

    /// <summary>
    /// Expires every pending reservation whose deadline has come, in up to <see cref="ConnectedAppsOptions.SweepBatchSize"/>
    /// stores, and deletes idempotency records older than <see cref="ConnectedAppsOptions.IdempotencyKeyRetention"/>.
    /// A host calls this on a schedule (every minute is plenty); reservations also expire lazily when their store is next used.
    /// </summary>
    /// <param name="cancellationToken">Cancels the sweep between stores.</param>
    /// <returns>What was expired and purged.</returns>
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        using var activity = ConnectedAppsMetrics.ActivitySource.StartActivity("ShopIQ.ConnectedApps.Sweep");
        var now = _clock.GetCurrentInstant();
        var due = await _repository.FindStoresWithDueReservationsAsync(now, _options.SweepBatchSize, cancellationToken).ConfigureAwait(false);
        var stores = 0;
        var expired = 0;
        foreach (var id in due)
        {
            for (var attempt = 1; ; attempt++)
            {
                var loaded = await _repository.LoadAsync(id, null, cancellationToken).ConfigureAwait(false);
                if (loaded.Ledger is null)
                {
                    break;
                }

                var store = Store.FromLedger(loaded.Ledger, Policy, _clock);
                var gone = store.ExpireReservations();
                if (gone.Count == 0)
                {
                    break;
                }

                if (await TrySaveAsync(store, loaded.Version, null, cancellationToken).ConfigureAwait(false))
                {
                    stores++;
                    expired += gone.Count;
                    break;
                }

                if (!await BackOffAsync("Sweep", id, attempt, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }

        var purged = await _repository.PurgeIdempotencyRecordsAsync(now - Duration.FromTimeSpan(_options.IdempotencyKeyRetention), cancellationToken).ConfigureAwait(false);
        Log.Swept(_logger, expired, stores, purged);
        activity?.SetTag("shopiq.reservations_expired", expired);
        return new SweepReport(stores, expired, purged);
    }

    /// <summary>Disposes the service's meter.</summary>
    public void Dispose()
    {
        _metrics.Dispose();
        _gate.Dispose();
    }

    private async Task<ConnectedAppsResult> ConnectCoreAsync(ConnectAppCommand command, CancellationToken cancellationToken)
    {
        const string operation = "Connect";
        if (!_providers.TryGetValue(command.Provider, out var adapter))
        {
            return await NoAdapterAsync(operation, command, command.Provider, cancellationToken).ConfigureAwait(false);
        }

        var setup = Validate(adapter, command.Setup);
        var reserve = await ExecuteAsync(
            operation, command, store => store.BeginConnect(adapter.Descriptor, setup, command.Actor), outcome => outcome.Status == OutcomeStatus.Reserved, true, null, cancellationToken).ConfigureAwait(false);
        if (reserve.Result.Status != CommandStatus.Completed || reserve.Result.OutcomeStatus != OutcomeStatus.Reserved)
        {
            return reserve.Result;
        }

        // From here the reservation is ours: whatever happens, it is completed or released, even when the
        // caller cancels (those last saves ignore the caller's token; the reservation would expire anyway).
        ProviderCallResult answer;
        try
        {
            answer = await CallProviderAsync(adapter, "connect", command.Store, command.Setup, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ExecuteAsync(operation, command, store => store.FailConnect(command.Provider, command.Actor), _ => false, false, null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (answer.Succeeded)
        {
            var complete = await ExecuteAsync(
                operation, command, store => store.CompleteConnect(command.Provider, command.Actor), _ => false, false, null, CancellationToken.None).ConfigureAwait(false);
            // Only a provider whose app the store no longer holds is told to let go: a late answer may find the
            // app already activated by another request for the same provider, after its own reservation expired.
            if (complete.Result.OutcomeStatus != OutcomeStatus.Activated && complete.Store?.Apps.Any(a => a.Key == command.Provider) != true)
            {
                Log.Compensating(_logger, command.Provider.Value, command.Store.Value, complete.Result.OutcomeStatus?.ToString() ?? complete.Result.Status.ToString());
                await TellDisconnectedAsync(command.Store, command.Provider).ConfigureAwait(false);
            }

            return complete.Result;
        }

        var status = answer == ProviderCallFailed ? CommandStatus.ProviderFailed : CommandStatus.ProviderRefused;
        var message = status == CommandStatus.ProviderFailed
            ? $"{adapter.Descriptor.DisplayName} did not connect (the provider failed or did not answer in time); the reserved slot was released. Try again later."
            : $"{adapter.Descriptor.DisplayName} refused the connection: {answer.Reason} The reserved slot was released.";
        var release = await ExecuteAsync(
            operation,
            command,
            store => store.FailConnect(command.Provider, command.Actor),
            _ => false,
            false,
            (outcome, version) => ConnectedAppsResult.WithStatus(status, outcome!, message, version),
            CancellationToken.None).ConfigureAwait(false);
        return release.Result;
    }

    /// <summary>
    /// Replace and reconnect: try the store operation on a copy first (no provider call for a refusal),
    /// call the adapter, then apply for real. A refusal or failure of the provider changes nothing.
    /// </summary>
    private async Task<ConnectedAppsResult> CallThenApplyAsync(
        string operation,
        ConnectedAppsCommand command,
        IIntegrationProvider adapter,
        ProviderSetup setup,
        Func<Store, StoreOutcome> apply,
        OutcomeStatus success,
        CancellationToken cancellationToken)
    {
        var loaded = await _repository.LoadAsync(command.Store, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        if (loaded.Record is { } record)
        {
            return Answer(record, command, loaded);
        }

        if (loaded.Ledger is null)
        {
            return StoreNotFound(command.Store);
        }

        if (apply(Store.FromLedger(loaded.Ledger, Policy, _clock)).Status != success)
        {
            // A refusal: record it through the normal path (the store may have moved on meanwhile).
            return (await ExecuteAsync(operation, command, apply, cancellationToken).ConfigureAwait(false)).Result;
        }

        var answer = await CallProviderAsync(adapter, "connect", command.Store, setup, cancellationToken).ConfigureAwait(false);
        if (!answer.Succeeded)
        {
            var status = answer == ProviderCallFailed ? CommandStatus.ProviderFailed : CommandStatus.ProviderRefused;
            var message = status == CommandStatus.ProviderFailed
                ? $"{adapter.Descriptor.DisplayName} did not answer in time or failed; nothing was changed. Try again later."
                : $"{adapter.Descriptor.DisplayName} refused the connection: {answer.Reason} Nothing was changed.";
            return (await ExecuteAsync(operation, command, _ => null, _ => false, true, (_, version) => ConnectedAppsResult.NotRun(status, message, adapter.Descriptor.Key, version), cancellationToken).ConfigureAwait(false)).Result;
        }

        var run = await ExecuteAsync(operation, command, apply, cancellationToken).ConfigureAwait(false);
        if (run.Result.Status == CommandStatus.Completed && run.Result.OutcomeStatus != success && run.Store?.Apps.Any(a => a.Key == adapter.Descriptor.Key) != true)
        {
            Log.Compensating(_logger, adapter.Descriptor.Key.Value, command.Store.Value, run.Result.OutcomeStatus?.ToString() ?? "none");
            await TellDisconnectedAsync(command.Store, adapter.Descriptor.Key).ConfigureAwait(false);
        }

        return run.Result;
    }

    private Task<(ConnectedAppsResult Result, Store? Store)> ExecuteAsync(string operation, ConnectedAppsCommand command, Func<Store, StoreOutcome> apply, CancellationToken cancellationToken) =>
        ExecuteAsync(operation, command, apply, _ => false, true, null, cancellationToken);

    /// <summary>
    /// The load, apply, save, publish loop. <paramref name="apply"/> may answer null to save only the
    /// record (the store unchanged); <paramref name="shape"/> turns the outcome into the result (default: completed).
    /// </summary>
    private async Task<(ConnectedAppsResult Result, Store? Store)> ExecuteAsync(
        string operation,
        ConnectedAppsCommand command,
        Func<Store, StoreOutcome?> apply,
        Func<StoreOutcome, bool> unfinished,
        bool answerRecords,
        Func<StoreOutcome?, long, ConnectedAppsResult>? shape,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            ConnectedAppsResult result;
            Store store;
            IReadOnlyList<StoreEvent>? events;

            // Callers of this instance on the same store take turns from load to save, so they do not collide.
            using (await _gate.EnterAsync(command.Store, cancellationToken).ConfigureAwait(false))
            {
                var loaded = await _repository.LoadAsync(command.Store, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
                if (answerRecords && loaded.Record is { } record)
                {
                    return (Answer(record, command, loaded), null);
                }

                if (loaded.Ledger is null)
                {
                    return (StoreNotFound(command.Store), null);
                }

                store = Store.FromLedger(loaded.Ledger, Policy, _clock);
                var outcome = apply(store);
                result = shape is not null ? shape(outcome, store.Version) : ConnectedAppsResult.Completed(outcome!, store.Version);
                var isFinal = outcome is null || !unfinished(outcome);
                var written = result.ToRecord(command.IdempotencyKey, command.Fingerprint, isFinal, _clock.GetCurrentInstant());
                events = await SaveOnlyAsync(store, loaded.Version, written, cancellationToken).ConfigureAwait(false);
            }

            if (events is not null)
            {
                await PublishAsync(store, events).ConfigureAwait(false);
                return (result, store);
            }

            // Settling a reservation this command already saved (the only calls with answerRecords false) gets far
            // more attempts: giving up leaves the slot held until it expires.
            var limit = answerRecords ? _options.MaxConflictRetries : Math.Max(_options.MaxConflictRetries, SettleRetries);
            if (!await BackOffAsync(operation, command.Store, attempt, limit, cancellationToken).ConfigureAwait(false))
            {
                return (answerRecords
                    ? Conflicted(command.Store, (command as ConnectAppCommand)?.Provider, attempt)
                    : ConnectedAppsResult.NotRun(
                        CommandStatus.Conflict,
                        $"Store '{command.Store}' kept changing while the provider's answer was being saved ({attempt} attempts); the reserved slot stays held until its reservation expires. Try again later.",
                        (command as ConnectAppCommand)?.Provider,
                        0), null);
            }
        }
    }

    /// <summary>Saves the store's new entries and the record; on success publishes the events. False on a conflict.</summary>
    private async Task<bool> TrySaveAsync(Store store, long expectedVersion, IdempotencyRecord? record, CancellationToken cancellationToken)
    {
        var events = await SaveOnlyAsync(store, expectedVersion, record, cancellationToken).ConfigureAwait(false);
        if (events is null)
        {
            return false;
        }

        await PublishAsync(store, events).ConfigureAwait(false);
        return true;
    }

    /// <summary>Saves the store's new entries and the record; the events to publish, or null on a conflict.</summary>
    private async Task<IReadOnlyList<StoreEvent>?> SaveOnlyAsync(Store store, long expectedVersion, IdempotencyRecord? record, CancellationToken cancellationToken)
    {
        var entries = store.Ledger.Entries;
        var added = new List<Slots.SlotLedgerEntry>(entries.Count - (int)expectedVersion);
        for (var i = (int)expectedVersion; i < entries.Count; i++)
        {
            added.Add(entries[i]);
        }

        if (added.Count == 0 && record is null)
        {
            return [];
        }

        var deadline = store.Apps.Where(a => a.PendingUntil is not null).Select(a => a.PendingUntil).Min();
        var saved = await _repository.SaveAsync(new StoreChange(store.Id, expectedVersion, added, deadline, record), cancellationToken).ConfigureAwait(false);
        if (saved != SaveOutcome.Saved)
        {
            return null;
        }

        var events = store.TakeEvents();
        _metrics.Saved(store, events);
        return events;
    }

    /// <summary>Hands saved events to every sink, after the save and outside the store's turn.</summary>
    private async Task PublishAsync(Store store, IReadOnlyList<StoreEvent> events)
    {
        if (events.Count > 0)
        {
            foreach (var sink in _sinks)
            {
                try
                {
                    await sink.PublishAsync(events, CancellationToken.None).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A sink's failure must not undo or hide a saved change; it is logged.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    Log.SinkFailed(_logger, exception, sink.GetType().Name, events.Count, store.Id.Value);
                }
            }
        }

    }

    private Task<bool> BackOffAsync(string operation, StoreId store, int attempt, CancellationToken cancellationToken) =>
        BackOffAsync(operation, store, attempt, _options.MaxConflictRetries, cancellationToken);

    private async Task<bool> BackOffAsync(string operation, StoreId store, int attempt, int limit, CancellationToken cancellationToken)
    {
        _metrics.Conflict(operation);
        if (attempt > limit)
        {
            Log.ConflictGaveUp(_logger, operation, store.Value, attempt);
            return false;
        }

        Log.ConflictRetry(_logger, operation, store.Value, attempt);

        // A little random wait spreads callers that collided, so the next attempt does not collide again.
        var wait = Random.Shared.Next(0, Math.Min(1 << Math.Min(attempt, 10), 50));
        if (wait > 0)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Task.Yield();
        }

        return true;
    }

    private ConnectedAppsResult Answer(IdempotencyRecord record, ConnectedAppsCommand command, LoadedStore loaded)
    {
        if (record.Fingerprint != command.Fingerprint)
        {
            return ConnectedAppsResult.NotRun(
                CommandStatus.KeyReused,
                $"The idempotency key '{command.IdempotencyKey}' was already used on store '{command.Store}' for another command; use a new key.",
                null,
                loaded.Version);
        }

        if (record.IsFinal)
        {
            return ConnectedAppsResult.Replay(record);
        }

        var stillPending = loaded.Ledger is not null
            && record.Provider is { } provider
            && Store.FromLedger(loaded.Ledger, Policy, _clock).Apps.Any(a => a.Key == provider && a.State == ConnectionState.Pending && a.PendingUntil > _clock.GetCurrentInstant());
        return stillPending
            ? ConnectedAppsResult.NotRun(CommandStatus.InProgress, $"The connect with key '{command.IdempotencyKey}' is still waiting for the provider; its slot is reserved.", record.Provider, loaded.Version)
            : new ConnectedAppsResult(
                CommandStatus.Replayed, null, OutcomeStatus.ReservationExpired, false,
                $"The connect with key '{command.IdempotencyKey}' did not finish and its reservation is gone; start again with a new key.", record.Provider, loaded.Version);
    }

    /// <summary>No adapter: a native feature still gets the store's answer (R2, recorded); anything else is not run.</summary>
    private async Task<ConnectedAppsResult> NoAdapterAsync(string operation, ConnectedAppsCommand command, ProviderKey provider, CancellationToken cancellationToken)
    {
        if (NativeFeatures.TryGetNative(provider, out var feature))
        {
            return (await ExecuteAsync(operation, command, _ => Store.NativeFeatureOutcome(provider, feature.Value), cancellationToken).ConfigureAwait(false)).Result;
        }

        return ConnectedAppsResult.NotRun(CommandStatus.ProviderNotRegistered, $"No adapter is registered for the provider '{provider}'.", provider, 0);
    }

    private static SetupValidation Validate(IIntegrationProvider adapter, ProviderSetup setup)
    {
        var validation = adapter.ValidateSetup(setup);
        if (validation is null || validation.Provider != adapter.Descriptor.Key)
        {
            throw new InvalidOperationException($"Adapter {adapter.GetType().Name} returned a setup validation for another provider than '{adapter.Descriptor.Key}'.");
        }

        return validation;
    }

    private static readonly ProviderCallResult ProviderCallFailed = ProviderCallResult.Refused("The provider failed or did not answer in time.");

    /// <summary>Calls the adapter's connect within the connect timeout; a failure or timeout answers <see cref="ProviderCallFailed"/>.</summary>
    private async Task<ProviderCallResult> CallProviderAsync(IIntegrationProvider adapter, string call, StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            var answer = await adapter.ConnectAsync(store, setup, timeout.Token).WaitAsync(_options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                throw new InvalidOperationException($"Adapter {adapter.GetType().Name} answered null.");
            }

            if (!answer.Succeeded)
            {
                Log.ProviderRefused(_logger, adapter.Descriptor.Key.Value, call, store.Value, Redact(answer.Reason ?? string.Empty, setup));
                return ProviderCallResult.Refused(Redact(answer.Reason ?? "no reason given", setup));
            }

            return answer;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ProviderFailed(_logger, adapter.Descriptor.Key.Value, call, store.Value, exception.GetType().Name, Redact(exception.Message, setup));
            return ProviderCallFailed;
        }
    }

    /// <summary>Tells a provider the store let it go; best effort, bounded by the connect timeout, never throws.</summary>
    private async Task TellDisconnectedAsync(StoreId store, ProviderKey provider)
    {
        if (!_providers.TryGetValue(provider, out var adapter))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.ConnectTimeout);
        try
        {
            var answer = await adapter.DisconnectAsync(store, timeout.Token).WaitAsync(_options.ConnectTimeout).ConfigureAwait(false);
            if (answer is { Succeeded: false })
            {
                Log.ProviderRefused(_logger, provider.Value, "disconnect", store.Value, answer.Reason ?? string.Empty);
            }
        }
#pragma warning disable CA1031 // The slot is already free; a provider that cannot be told is logged, not thrown.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.ProviderFailed(_logger, provider.Value, "disconnect", store.Value, exception.GetType().Name, Redact(exception.Message, ProviderSetup.Empty));
        }
    }

    private async Task<MissingFactsReason?> GatherFactsAsync(IIntegrationProvider adapter, StoreId store, List<LiveFact> facts, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.LiveFactsBudget);
        try
        {
            var found = await adapter.GetLiveFactsAsync(store, budget.Token).WaitAsync(_options.LiveFactsBudget, cancellationToken).ConfigureAwait(false);
            facts.AddRange(found ?? []);
            return null;
        }
        catch (Exception exception) when (exception is TimeoutException || (exception is OperationCanceledException && budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            return MissingFactsReason.TimedOut;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ProviderFailed(_logger, adapter.Descriptor.Key.Value, "live facts", store.Value, exception.GetType().Name, Redact(exception.Message, ProviderSetup.Empty));
            return MissingFactsReason.Failed;
        }
    }

    /// <summary>Replaces every secret of the setup that appears in a text; adapters' messages are not trusted to leave them out.</summary>
    private static string Redact(string text, ProviderSetup setup)
    {
        foreach (var name in setup.FieldNames)
        {
            if (setup.GetSecret(name) is { } secret)
            {
                text = text.Replace(secret.Reveal(), SecretValue.Redacted, StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static ConnectedAppsResult StoreNotFound(StoreId store) =>
        ConnectedAppsResult.NotRun(CommandStatus.StoreNotFound, $"No store with the id '{store}' exists.", null, 0);

    private static ConnectedAppsResult Conflicted(StoreId store, ProviderKey? provider, int attempts) =>
        ConnectedAppsResult.NotRun(CommandStatus.Conflict, $"Store '{store}' was changed by other callers on each of {attempts} attempts; nothing was saved. Try again.", provider, 0);

    private static Activity? StartActivity(string operation, ConnectedAppsCommand command, ProviderKey? provider)
    {
        var activity = ConnectedAppsMetrics.ActivitySource.StartActivity("ShopIQ.ConnectedApps." + operation);
        activity?.SetTag("shopiq.store", command.Store.Value);
        if (provider is not null)
        {
            activity?.SetTag("shopiq.provider", provider.Value);
        }

        return activity;
    }

    private ConnectedAppsResult Finish(string operation, ConnectedAppsCommand command, Activity? activity, ConnectedAppsResult result)
    {
        activity?.SetTag("shopiq.status", result.Status.ToString());
        activity?.SetTag("shopiq.outcome", result.OutcomeStatus?.ToString());
        if (result.Status is CommandStatus.Conflict or CommandStatus.ProviderFailed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Status.ToString());
        }

        Log.CommandFinished(_logger, operation, command.Store.Value, result.Status.ToString(), result.OutcomeStatus?.ToString() ?? "none", result.StoreVersion);
        return result;
    }
}
