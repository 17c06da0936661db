using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using ShopIQ.Integrations.Core.Diagnostics;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The connected-apps application service other ShopIQ services call: for each command it gets the
/// store (from its snapshot, or from this instance's cache of snapshots), asks the provider's adapter,
/// applies the store operation, saves, and publishes the events.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe; register it as a singleton. Every command carries an <see cref="IdempotencyKey"/>: the
/// same key on the same store answers the first run's result again (<see cref="ConnectedAppsResult.IsReplay"/>) and
/// acts no second time (except activity already on record, which saves nothing: its resend runs again and
/// answers the same). A command's cost does not grow with the store's age: it reads the store's snapshot, never
/// its ledger, and on a store this instance served lately it reads nothing and goes straight to the save. Saves
/// use optimistic concurrency; on a version conflict the command reloads the store and runs again, up to <see cref="ConnectedAppsOptions.MaxConflictRetries"/> times, then answers
/// <see cref="OutcomeStatus.Conflict"/> with nothing saved.
/// </para>
/// <para>
/// A connect validates the setup offline (no slot on failure), saves a pending reservation, calls the
/// adapter, then completes or releases the reservation; through an adapter that makes no remote call
/// (<see cref="IIntegrationProvider.ConnectCallsOut"/> false) the adapter answers first and one save keeps both. If the process dies in between, the reservation
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
    private readonly CommandRunner _runner;
    private readonly AdapterInvoker _adapters;
    private readonly AcknowledgementTokens? _tokens;

    /// <summary>The connections this instance's connects are waiting on their providers for.</summary>
    private readonly ConcurrentDictionary<ConnectionId, byte> _connecting = new();

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
        _tokens = ConnectedAppsOptionsValidator.ToTokens(_options);
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
        _runner = new CommandRunner(repository, Policy, clock, _options, logger, _metrics, _sinks, LetGoOfExpiredAsync);
        _adapters = new AdapterInvoker(logger);
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

    /// <summary>
    /// Reads a store as it is now: a detached copy rebuilt from its snapshot, with the reservations whose deadline has
    /// come shown as expired (R6), as its next command will save them; changing it changes nothing saved. Its
    /// <see cref="Store.Ledger"/> holds only what changed since the snapshot: <see cref="ReadLedgerAsync"/> reads the whole ledger.
    /// </summary>
    /// <param name="store">The store's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The store, or null if it does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public Task<Store?> GetStoreAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return _runner.ReadAsync(store, cancellationToken);
    }

    /// <summary>Reads a store's whole slot ledger (R15): an audit read, whose cost grows with the store's history.</summary>
    /// <param name="store">The store's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ledger, or null if the store does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public Task<SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return _repository.ReadLedgerAsync(store, cancellationToken);
    }

    /// <summary>
    /// Audits a store (R15): replays its whole ledger, verifies it, and compares the result with the snapshot commands
    /// decide on. A snapshot that disagrees is never trusted: it is replaced by the ledger's replay, logged and counted
    /// (<see cref="Diagnostics.ConnectedAppsDiagnostics.SnapshotsRebuilt"/>). Its cost grows with the store's history;
    /// run it on a schedule or on suspicion, not per command.
    /// </summary>
    /// <param name="store">The store's id.</param>
    /// <param name="cancellationToken">Cancels the audit.</param>
    /// <returns>What the audit found, or null if the store does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public async Task<StoreAudit?> VerifyAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var activity = ConnectedAppsMetrics.ActivitySource.StartActivity("ShopIQ.ConnectedApps.Verify");
        activity?.SetTag("shopiq.store", store.Value);
        var audit = await _runner.AuditAsync(store, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("shopiq.sound", audit?.IsSound);
        return audit;
    }

    /// <summary>Opens a new store on a plan.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="OutcomeStatus.StoreOpened"/>, or <see cref="OutcomeStatus.UnknownPlan"/> or <see cref="OutcomeStatus.StoreAlreadyExists"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async Task<ConnectedAppsResult> OpenStoreAsync(OpenStoreCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var activity = StartActivity("OpenStore", command, null);
        if (!Policy.Catalog.TryGetPlan(command.Plan, out _))
        {
            return Finish("OpenStore", command, activity, ConnectedAppsResult.Of(Store.UnknownPlanOutcome(Policy.Catalog, command.Plan), 0));
        }

        return Finish("OpenStore", command, activity, await _runner.OpenAsync("OpenStore", command, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Connects a provider (R1, R4, R5, R6): validates the setup offline, reserves a slot, lets the adapter
    /// connect within <see cref="ConnectedAppsOptions.ConnectTimeout"/>, then completes the connection or
    /// releases the slot.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command; a reservation already made is released.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.Connected"/>, a store's refusal such as <see cref="OutcomeStatus.LimitReached"/> or
    /// <see cref="OutcomeStatus.SetupInvalid"/>, <see cref="OutcomeStatus.ProviderRefused"/> or <see cref="OutcomeStatus.ProviderFailed"/>
    /// (the reservation released), or another service status (docs/results.md lists them all).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ConnectedAppsResult> ConnectAsync(ConnectAppCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "Connect";
        using var activity = StartActivity(operation, command, command.Provider);
        var result = await ConnectCoreAsync(command, cancellationToken).ConfigureAwait(false);
        _metrics.ConnectAttempt(result.Status.ToString());
        return Finish(operation, command, activity, result);
    }

    /// <summary>Disconnects an app, freeing its slot at once (R7, R8), then tells its provider, best effort.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns>
    /// <see cref="OutcomeStatus.Disconnected"/>, or a refusal such as <see cref="OutcomeStatus.AcknowledgementRequired"/>,
    /// <see cref="OutcomeStatus.AcknowledgementStale"/>, <see cref="OutcomeStatus.AcknowledgementInvalid"/> (a token that is not good) or a service status.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The command carries an acknowledgement token and <see cref="ConnectedAppsOptions.AcknowledgementKey"/> is not set.</exception>
    public async Task<ConnectedAppsResult> DisconnectAsync(DisconnectAppCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "Disconnect";
        using var activity = StartActivity(operation, command, command.Provider);
        var run = await _runner.RunAsync(
            operation,
            command,
            command.AcknowledgementToken is { } token
                ? ReadToken(token, command.Store, command.Provider) switch
                {
                    ({ } acknowledgement, _) => store => store.Disconnect(command.Provider, acknowledgement, command.Actor),
                    (_, var refusal) => _ => refusal!,
                }
                : store => command.Acknowledgement is null
                    ? store.Disconnect(command.Provider, command.Actor)
                    : store.Disconnect(command.Provider, command.Acknowledgement, command.Actor),
            cancellationToken).ConfigureAwait(false);
        if (run.Result.Status == OutcomeStatus.Disconnected && !run.Result.IsReplay)
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
    /// <returns><see cref="OutcomeStatus.Replaced"/> with the workflows to test, or a store's refusal, <see cref="OutcomeStatus.ProviderRefused"/>, <see cref="OutcomeStatus.ProviderFailed"/> or another service status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The command carries an acknowledgement token and <see cref="ConnectedAppsOptions.AcknowledgementKey"/> is not set.</exception>
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
        var (acknowledgement, refusal) = command.AcknowledgementToken is { } token
            ? ReadToken(token, command.Store, command.Current)
            : (command.Acknowledgement, null);
        StoreOutcome Apply(Store store) => refusal
            ?? (acknowledgement is null
                ? store.Replace(command.Current, adapter.Descriptor, setup, command.Actor)
                : store.Replace(command.Current, adapter.Descriptor, setup, acknowledgement, command.Actor));

        var result = await CallThenApplyAsync(operation, command, adapter, command.Setup, Apply, OutcomeStatus.Replaced, cancellationToken).ConfigureAwait(false);
        if (result.Status == OutcomeStatus.Replaced && !result.IsReplay)
        {
            await TellDisconnectedAsync(command.Store, command.Current).ConfigureAwait(false);
        }

        return Finish(operation, command, activity, result);
    }

    /// <summary>Moves a store to another plan, disconnecting the named apps first, all or nothing (R12), then tells their providers, best effort.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="OutcomeStatus.PlanChanged"/>, or a refusal such as <see cref="OutcomeStatus.DowngradeNeedsDisconnects"/> or a service status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The command carries an acknowledgement token and <see cref="ConnectedAppsOptions.AcknowledgementKey"/> is not set.</exception>
    public async Task<ConnectedAppsResult> ChangePlanAsync(ChangePlanCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "ChangePlan";
        using var activity = StartActivity(operation, command, null);
        var (acknowledgements, refusal) = command.AcknowledgementTokens.Count > 0 ? ReadTokens(command) : (command.Acknowledgements, null);
        var run = await _runner.RunAsync(
            operation,
            command,
            store => refusal
                ?? (command.AppsToDisconnect.Count == 0 && acknowledgements.Count == 0
                    ? store.ChangePlan(command.Plan, command.Actor)
                    : store.ChangePlan(command.Plan, command.AppsToDisconnect, acknowledgements, command.Actor)),
            cancellationToken).ConfigureAwait(false);
        if (run.Result.IsSuccess && !run.Result.IsReplay)
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
    /// <returns>The store's outcome, or a service status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async Task<ConnectedAppsResult> RecordActivityAsync(RecordActivityCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "RecordActivity";
        using var activity = StartActivity(operation, command, command.Provider);
        var run = await _runner.RecordActivityAsync(operation, command, store => store.RecordActivity(command.Provider, command.Actor), cancellationToken).ConfigureAwait(false);
        return Finish(operation, command, activity, run.Result);
    }

    /// <summary>Marks a connected app as needing attention; it keeps its slot (R17).</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns>The store's outcome, or a service status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async Task<ConnectedAppsResult> MarkNeedsAttentionAsync(MarkNeedsAttentionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "MarkNeedsAttention";
        using var activity = StartActivity(operation, command, command.Provider);
        var run = await _runner.RunAsync(operation, command, store => store.MarkNeedsAttention(command.Provider, command.Reason, command.Actor), cancellationToken).ConfigureAwait(false);
        return Finish(operation, command, activity, run.Result);
    }

    /// <summary>Reconnects an app that needs attention with new credentials, in place (R17): the adapter connects with them first.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns><see cref="OutcomeStatus.Reconnected"/>, or a store's refusal, <see cref="OutcomeStatus.ProviderRefused"/>, <see cref="OutcomeStatus.ProviderFailed"/> or another service status.</returns>
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
    /// <see cref="OutcomeStatus.MarkedNeedsAttention"/> when the app was marked, <see cref="OutcomeStatus.HealthChecked"/> when nothing
    /// needed to change, <see cref="OutcomeStatus.NotConnected"/> when it is not connected, <see cref="OutcomeStatus.ProviderFailed"/>
    /// when the provider could not be asked, or another service status.
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
            return Finish(operation, command, activity, NotRegistered(command.Provider));
        }

        var asked = await _adapters.CallAsync(
            adapter, "health check", command.Store, ProviderSetup.Empty, _options.ConnectTimeout, ct => adapter.CheckHealthAsync(command.Store, ct), cancellationToken).ConfigureAwait(false);
        if (asked.Answer is not { } health)
        {
            return Finish(operation, command, activity, ConnectedAppsResult.Service(
                OutcomeStatus.ProviderFailed, $"{adapter.Descriptor.DisplayName} could not be asked about the connection; nothing was changed.", command.Provider, null, 0));
        }

        var run = await _runner.RunAsync(
            operation,
            command,
            store =>
            {
                // A missing app gets the store's own NotConnected answer (the reason is then unused).
                store.TryGetApp(command.Provider, out var app);
                return app is null || (health.Problem is { } problem && app.State == ConnectionState.Active)
                    ? store.MarkNeedsAttention(command.Provider, health.Problem ?? AttentionReason.CredentialsExpired, command.Actor)
                    : null;
            },
            (outcome, version) => outcome is not null
                ? ConnectedAppsResult.Of(outcome, version)
                : ConnectedAppsResult.Service(
                    OutcomeStatus.HealthChecked,
                    health.IsHealthy ? $"{adapter.Descriptor.DisplayName} reports the connection works." : $"{adapter.Descriptor.DisplayName} reports {health.Problem}; the app is not active, so nothing was changed.",
                    command.Provider,
                    null,
                    version),
            cancellationToken).ConfigureAwait(false);
        return Finish(operation, command, activity, run.Result);
    }

    /// <summary>Spends AI credits (R14).</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before it is saved.</param>
    /// <returns>The store's outcome, or a service status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async Task<ConnectedAppsResult> UseAiCreditsAsync(UseAiCreditsCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        const string operation = "UseAiCredits";
        using var activity = StartActivity(operation, command, null);
        var run = await _runner.RunAsync(operation, command, store => store.UseAiCredits(command.Credits, command.Purpose, command.Actor), cancellationToken).ConfigureAwait(false);
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
    /// Issues the token that carries the acknowledgement of an assessment across a request boundary (R8): give it to the
    /// client with the impact warning, and take it back in <see cref="DisconnectAppCommand"/>, <see cref="ReplaceAppCommand"/>
    /// or <see cref="ChangePlanCommand"/>. It is signed with <see cref="ConnectedAppsOptions.AcknowledgementKey"/> and good for
    /// <see cref="ConnectedAppsOptions.AcknowledgementTokenLifetime"/>, and only while the store's apps stay as assessed.
    /// </summary>
    /// <param name="assessment">The assessment the merchant is shown, from <see cref="AssessImpactAsync(StoreId, ProviderKey, CancellationToken)"/>.</param>
    /// <returns>The token: URL-safe text that holds no secret.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="assessment"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><see cref="ConnectedAppsOptions.AcknowledgementKey"/> is not set.</exception>
    public string IssueAcknowledgementToken(ImpactAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return Tokens().Issue(assessment.Acknowledge(), _clock.GetCurrentInstant());
    }

    /// <summary>
    /// Expires every pending reservation whose deadline has come, in up to <see cref="ConnectedAppsOptions.SweepBatchSize"/>
    /// stores, telling each expired app's provider to let go; abandons up to as many connects that never settled (their
    /// unfinished idempotency records are older than <see cref="ConnectedAppsOptions.PendingReservationLifetime"/> plus five
    /// minutes: the record becomes final, answering <see cref="OutcomeStatus.ReservationExpired"/>); and deletes final
    /// idempotency records older than <see cref="ConnectedAppsOptions.IdempotencyKeyRetention"/>.
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
            var gone = await _runner.ExpireAsync(id, cancellationToken).ConfigureAwait(false);
            stores += gone > 0 ? 1 : 0;
            expired += gone;
        }

        // A connect that never settled (its instance died, or could not save the provider's answer) is abandoned well after
        // its reservation's deadline, so its record ends and is purged like the others.
        var abandonBefore = now - Duration.FromTimeSpan(_options.PendingReservationLifetime) - AbandonMargin;
        var unfinished = await _repository.FindUnfinishedConnectsAsync(abandonBefore, _options.SweepBatchSize, cancellationToken).ConfigureAwait(false);
        var abandoned = 0;
        foreach (var connect in unfinished)
        {
            abandoned += await _runner.AbandonAsync(connect, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        var purged = await _repository.PurgeIdempotencyRecordsAsync(now - Duration.FromTimeSpan(_options.IdempotencyKeyRetention), cancellationToken).ConfigureAwait(false);
        Log.Swept(_logger, expired, stores, abandoned, purged);
        activity?.SetTag("shopiq.reservations_expired", expired);
        return new SweepReport(stores, expired, abandoned, purged);
    }

    /// <summary>Disposes the service's meter.</summary>
    public void Dispose()
    {
        _metrics.Dispose();
        _runner.Dispose();
    }

    private async Task<ConnectedAppsResult> ConnectCoreAsync(ConnectAppCommand command, CancellationToken cancellationToken)
    {
        const string operation = "Connect";
        if (!_providers.TryGetValue(command.Provider, out var adapter))
        {
            return await NoAdapterAsync(operation, command, command.Provider, cancellationToken).ConfigureAwait(false);
        }

        var setup = Validate(adapter, command.Setup);
        if (!adapter.ConnectCallsOut)
        {
            return await ConnectInOneSaveAsync(operation, command, adapter, setup, cancellationToken).ConfigureAwait(false);
        }

        var reserve = await _runner.ReserveAsync(
            operation, command, store => store.BeginConnect(adapter.Descriptor, setup, command.Actor), cancellationToken).ConfigureAwait(false);
        if (reserve.Result.Status != OutcomeStatus.Reserved || reserve.Result.IsReplay)
        {
            return reserve.Result;
        }

        // From here the reservation is ours: whatever happens, it is completed or released, even when the
        // caller cancels (those last saves ignore the caller's token; the reservation would expire anyway).
        // It is settled by its connection id, never by provider alone: if it expires meanwhile and another request
        // reserves the same provider again, a late answer to this one must not settle that newer reservation.
        var connection = reserve.Result.App!.ConnectionId;
        _connecting.TryAdd(connection, 0);
        try
        {
            return await CallAndSettleAsync(operation, command, adapter, connection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _connecting.TryRemove(connection, out _);
        }
    }

    /// <summary>The connect's call to its provider, and the save of its answer.</summary>
    private async Task<ConnectedAppsResult> CallAndSettleAsync(string operation, ConnectAppCommand command, IIntegrationProvider adapter, ConnectionId connection, CancellationToken cancellationToken)
    {
        ProviderCallResult answer;
        try
        {
            answer = await CallProviderAsync(adapter, "connect", command.Store, command.Setup, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await SettleAsync(operation, command, adapter, "cancelled", store => store.FailConnect(command.Provider, connection, command.Actor), ConnectAnswer).ConfigureAwait(false);
            throw;
        }

        if (answer.Succeeded)
        {
            var complete = await SettleAsync(
                operation, command, adapter, "accepted", store => store.CompleteConnect(command.Provider, connection, command.Actor), ConnectAnswer).ConfigureAwait(false);
            // Only a provider whose app the store no longer holds is told to let go: a late answer may find the
            // app already activated by another request for the same provider, after its own reservation expired. An
            // unsettled answer left the reservation held: the provider is told when it expires (the sweep's let-go).
            if (complete.Result.Status is not (OutcomeStatus.Connected or OutcomeStatus.Unsettled) && complete.Store?.TryGetApp(command.Provider, out _) != true)
            {
                Log.Compensating(_logger, command.Provider.Value, command.Store.Value, complete.Result.Status.ToString());
                await TellDisconnectedAsync(command.Store, command.Provider).ConfigureAwait(false);
            }

            return complete.Result;
        }

        var (status, message) = Refusal(adapter, answer);
        var release = await SettleAsync(
            operation,
            command,
            adapter,
            "refused",
            store => store.FailConnect(command.Provider, connection, command.Actor),
            // Released: the provider's refusal is the answer. Anything else (the reservation expired meanwhile) is the store's.
            (outcome, version) => outcome!.Status == OutcomeStatus.Released
                ? ConnectedAppsResult.Service(status, message, command.Provider, outcome.App, version)
                : ConnectedAppsResult.Of(outcome, version)).ConfigureAwait(false);
        return release.Result;
    }

    /// <summary>
    /// Saves the provider's answer to a connect: completes or releases its reservation. Saving is tried
    /// <see cref="SettleAttempts"/> times (the repository has retried transient failures within each); when it still
    /// fails, the answer is <see cref="OutcomeStatus.Unsettled"/> and never a raw exception: the reservation stays held
    /// until its deadline, when the sweep frees it and tells the provider to let go, and the sweep later abandons the
    /// connect's unfinished record.
    /// </summary>
    private async Task<CommandRun> SettleAsync(
        string operation, ConnectAppCommand command, IIntegrationProvider adapter, string answer, Func<Store, StoreOutcome> decide, Func<StoreOutcome?, long, ConnectedAppsResult> shape)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // After a failed try, the save may have been written and only its answer lost: the key's final record says so.
                if (attempt > 1
                    && (await _repository.LoadAsync(command.Store, command.IdempotencyKey, CancellationToken.None).ConfigureAwait(false)).Record is { IsFinal: true } written)
                {
                    return new CommandRun(ConnectedAppsResult.FromRecord(written, isReplay: false), null);
                }

                return await _runner.SettleAsync(operation, command, decide, shape, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever failed, the caller gets a result that says what happened to the slot, and the error is logged.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.SettleFailed(_logger, exception, command.Provider.Value, command.Store.Value, answer, attempt);
                if (attempt >= SettleAttempts)
                {
                    var message = $"{adapter.Descriptor.DisplayName} {answer} the connection, but the answer could not be saved ({exception.GetType().Name}); "
                        + "the reserved slot stays held until its reservation expires, and is then freed and the provider told to let go. Connect again with a new key after that.";
                    return new CommandRun(ConnectedAppsResult.Service(OutcomeStatus.Unsettled, message, command.Provider, null, 0), null);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt * (0.5 + Random.Shared.NextDouble())), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A connect through an adapter that makes no remote call (R6 needs no reservation to outlive it): the adapter
    /// answers first, then the store reserves and at once activates or releases, and one save keeps both entries.
    /// The ledger, the events and the answer are those of the two-save connect.
    /// </summary>
    private async Task<ConnectedAppsResult> ConnectInOneSaveAsync(string operation, ConnectAppCommand command, IIntegrationProvider adapter, SetupValidation setup, CancellationToken cancellationToken)
    {
        var answer = await CallProviderAsync(adapter, "connect", command.Store, command.Setup, cancellationToken).ConfigureAwait(false);
        var (status, message) = Refusal(adapter, answer);
        var run = await _runner.RunAsync(
            operation,
            command,
            store =>
            {
                var reserved = store.BeginConnect(adapter.Descriptor, setup, command.Actor);
                if (reserved.Status != OutcomeStatus.Reserved)
                {
                    return reserved;
                }

                var connection = reserved.App!.ConnectionId;
                return answer.Succeeded ? store.CompleteConnect(command.Provider, connection, command.Actor) : store.FailConnect(command.Provider, connection, command.Actor);
            },
            (outcome, version) => !answer.Succeeded && outcome!.Status == OutcomeStatus.Released
                ? ConnectedAppsResult.Service(status, message, command.Provider, outcome.App, version)
                : ConnectAnswer(outcome, version),
            cancellationToken).ConfigureAwait(false);

        return run.Result;
    }

    /// <summary>The status and message of a connect whose provider refused or failed; the reservation is released.</summary>
    private static (OutcomeStatus Status, string Message) Refusal(IIntegrationProvider adapter, ProviderCallResult answer) =>
        answer == ProviderCallFailed
            ? (OutcomeStatus.ProviderFailed, $"{adapter.Descriptor.DisplayName} did not connect (the provider failed or did not answer in time); the reserved slot was released. Try again later.")
            : (OutcomeStatus.ProviderRefused, $"{adapter.Descriptor.DisplayName} refused the connection: {answer.Reason} The reserved slot was released.");

    /// <summary>A connect's answer: activating the reservation is how a connect ends, so it answers <see cref="OutcomeStatus.Connected"/>, as <see cref="Store.Connect"/> does.</summary>
    private static ConnectedAppsResult ConnectAnswer(StoreOutcome? outcome, long version) =>
        outcome!.Status == OutcomeStatus.Activated ? ConnectedAppsResult.As(OutcomeStatus.Connected, outcome, version) : ConnectedAppsResult.Of(outcome, version);

    /// <summary>
    /// Replace and reconnect: try the store operation on the store as read first (no provider call for a refusal,
    /// nor for a resend, which its record answers), call the adapter, then apply for real. A refusal or failure
    /// of the provider changes nothing.
    /// </summary>
    private AcknowledgementTokens Tokens() => _tokens ?? throw new InvalidOperationException(
        $"Acknowledgement tokens need {nameof(ConnectedAppsOptions)}.{nameof(ConnectedAppsOptions.AcknowledgementKey)} to be set (the same key on every instance); "
        + "without it, pass the typed acknowledgement from ImpactAssessment.Acknowledge() instead.");

    /// <summary>Reads one token for one app: the acknowledgement, or the refusal to answer instead of asking the store.</summary>
    private (ImpactAcknowledgement? Acknowledgement, StoreOutcome? Refusal) ReadToken(string token, StoreId store, ProviderKey provider)
    {
        var read = ReadToken(token, store);
        if (read.Refusal is not null || read.Acknowledgement!.Provider == provider)
        {
            return read;
        }

        return (null, Invalid(store, provider, "other app", $"The acknowledgement token is for '{read.Acknowledgement.Provider}', not '{provider}': assess the impact of '{provider}' and acknowledge it."));
    }

    private (ImpactAcknowledgement? Acknowledgement, StoreOutcome? Refusal) ReadToken(string token, StoreId store)
    {
        var read = Tokens().Read(token, _clock.GetCurrentInstant());
        if (read.Acknowledgement is not { } acknowledgement)
        {
            return (null, Invalid(store, null, read.Problem.ToString(), read.Message));
        }

        return acknowledgement.StoreId == store
            ? (acknowledgement, null)
            : (null, Invalid(store, acknowledgement.Provider, "other store", $"The acknowledgement token is for another store, not '{store}': assess the impact again."));
    }

    /// <summary>Reads a plan change's tokens: one good token per named app at most, each for an app named to disconnect.</summary>
    private (IReadOnlyList<ImpactAcknowledgement> Acknowledgements, StoreOutcome? Refusal) ReadTokens(ChangePlanCommand command)
    {
        var acknowledgements = new Dictionary<ProviderKey, ImpactAcknowledgement>();
        foreach (var token in command.AcknowledgementTokens)
        {
            var (acknowledgement, refusal) = ReadToken(token, command.Store);
            if (refusal is not null)
            {
                return ([], refusal);
            }

            if (!command.AppsToDisconnect.Contains(acknowledgement!.Provider))
            {
                return ([], Invalid(command.Store, acknowledgement.Provider, "other app", $"The acknowledgement token for '{acknowledgement.Provider}' is for an app not named to disconnect."));
            }

            if (!acknowledgements.TryAdd(acknowledgement.Provider, acknowledgement))
            {
                return ([], Invalid(command.Store, acknowledgement.Provider, "repeated", $"Two acknowledgement tokens are for '{acknowledgement.Provider}'; send one per app."));
            }
        }

        return ([.. acknowledgements.Values], null);
    }

    private StoreOutcome Invalid(StoreId store, ProviderKey? provider, string problem, string message)
    {
        Log.AcknowledgementTokenRefused(_logger, provider?.Value ?? "an app", store.Value, problem);
        return new StoreOutcome(OutcomeStatus.AcknowledgementInvalid, message) { Provider = provider };
    }

    private async Task<ConnectedAppsResult> CallThenApplyAsync(
        string operation,
        ConnectedAppsCommand command,
        IIntegrationProvider adapter,
        ProviderSetup setup,
        Func<Store, StoreOutcome> apply,
        OutcomeStatus success,
        CancellationToken cancellationToken)
    {
        var (answered, current) = await _runner.PeekAsync(command, cancellationToken).ConfigureAwait(false);
        if (answered is not null)
        {
            return answered;
        }

        if (apply(current!).Status != success)
        {
            // A refusal: record it through the normal path (the store may have moved on meanwhile).
            return (await _runner.RunAsync(operation, command, apply, cancellationToken).ConfigureAwait(false)).Result;
        }

        var answer = await CallProviderAsync(adapter, "connect", command.Store, setup, cancellationToken).ConfigureAwait(false);
        if (!answer.Succeeded)
        {
            var status = answer == ProviderCallFailed ? OutcomeStatus.ProviderFailed : OutcomeStatus.ProviderRefused;
            var message = status == OutcomeStatus.ProviderFailed
                ? $"{adapter.Descriptor.DisplayName} did not answer in time or failed; nothing was changed. Try again later."
                : $"{adapter.Descriptor.DisplayName} refused the connection: {answer.Reason} Nothing was changed.";
            return (await _runner.RunAsync(operation, command, _ => null, (_, version) => ConnectedAppsResult.Service(status, message, adapter.Descriptor.Key, null, version), cancellationToken).ConfigureAwait(false)).Result;
        }

        var run = await _runner.RunAsync(operation, command, apply, cancellationToken).ConfigureAwait(false);
        if (!run.Result.IsReplay && run.Result.Status != success && run.Store?.TryGetApp(adapter.Descriptor.Key, out _) != true)
        {
            Log.Compensating(_logger, adapter.Descriptor.Key.Value, command.Store.Value, run.Result.Status.ToString());
            await TellDisconnectedAsync(command.Store, adapter.Descriptor.Key).ConfigureAwait(false);
        }

        return run.Result;
    }

    /// <summary>No adapter: a native feature still gets the store's answer (R2, recorded); anything else is not run.</summary>
    private async Task<ConnectedAppsResult> NoAdapterAsync(string operation, ConnectedAppsCommand command, ProviderKey provider, CancellationToken cancellationToken)
    {
        if (NativeFeatures.TryGetNative(provider, out var feature))
        {
            return (await _runner.RunAsync(operation, command, _ => Store.NativeFeatureOutcome(provider, feature.Value), cancellationToken).ConfigureAwait(false)).Result;
        }

        return NotRegistered(provider);
    }

    private static ConnectedAppsResult NotRegistered(ProviderKey provider) =>
        ConnectedAppsResult.Service(OutcomeStatus.ProviderNotRegistered, $"No adapter is registered for the provider '{provider}'.", provider, null, 0);

    private static SetupValidation Validate(IIntegrationProvider adapter, ProviderSetup setup)
    {
        var validation = adapter.ValidateSetup(setup);
        if (validation is null || validation.Provider != adapter.Descriptor.Key)
        {
            throw new InvalidOperationException($"Adapter {adapter.GetType().Name} returned a setup validation for another provider than '{adapter.Descriptor.Key}'.");
        }

        return validation;
    }

    /// <summary>How many times a connect tries to save its provider's answer when saving throws.</summary>
    private const int SettleAttempts = 3;

    /// <summary>How long after its reservation's deadline a connect that never settled is abandoned by the sweep.</summary>
    private static readonly Duration AbandonMargin = Duration.FromMinutes(5);

    private static readonly ProviderCallResult ProviderCallFailed = ProviderCallResult.Refused("The provider failed or did not answer in time.");

    /// <summary>Calls the adapter's connect within the connect timeout; a failure or timeout answers <see cref="ProviderCallFailed"/>.</summary>
    private async Task<ProviderCallResult> CallProviderAsync(IIntegrationProvider adapter, string call, StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        var connected = await _adapters.CallAsync(adapter, call, store, setup, _options.ConnectTimeout, ct => adapter.ConnectAsync(store, setup, ct), cancellationToken).ConfigureAwait(false);
        if (connected.Answer is not { } answer)
        {
            return ProviderCallFailed;
        }

        if (!answer.Succeeded)
        {
            // The reason as given is redacted first (cleaning or cutting could hide a secret from the redaction), then cleaned:
            // adapter text must never make a save or a log line fail, nor reach either raw.
            var reason = AdapterInvoker.CleanAdapterText(answer.GivenReason, setup);
            Log.ProviderRefused(_logger, adapter.Descriptor.Key.Value, call, store.Value, reason);
            return ProviderCallResult.Refused(reason);
        }

        return answer;
    }

    /// <summary>
    /// A reservation expired in a saved change: tells its provider the store let it go, since a connect whose answer could not
    /// be saved may have been accepted. Not while this instance's own connect still waits for that provider's answer: the
    /// connect tells the provider itself if the store does not take its answer.
    /// </summary>
    private Task LetGoOfExpiredAsync(StoreId store, ProviderKey provider, ConnectionId connection)
    {
        if (_connecting.ContainsKey(connection))
        {
            return Task.CompletedTask;
        }

        Log.ExpiredLetGo(_logger, provider.Value, store.Value);
        return TellDisconnectedAsync(store, provider);
    }

    /// <summary>Tells a provider the store let it go; best effort, bounded by the connect timeout, never throws.</summary>
    private async Task TellDisconnectedAsync(StoreId store, ProviderKey provider)
    {
        if (!_providers.TryGetValue(provider, out var adapter))
        {
            return;
        }

        var told = await _adapters.CallAsync(
            adapter, "disconnect", store, ProviderSetup.Empty, _options.ConnectTimeout, ct => adapter.DisconnectAsync(store, ct), CancellationToken.None).ConfigureAwait(false);
        if (told.Answer is { Succeeded: false } refused)
        {
            Log.ProviderRefused(_logger, provider.Value, "disconnect", store.Value, refused.Reason ?? string.Empty);
        }
    }

    private async Task<MissingFactsReason?> GatherFactsAsync(IIntegrationProvider adapter, StoreId store, List<LiveFact> facts, CancellationToken cancellationToken)
    {
        var gathered = await _adapters.CallAsync(
            adapter, "live facts", store, ProviderSetup.Empty, _options.LiveFactsBudget, ct => adapter.GetLiveFactsAsync(store, ct), cancellationToken).ConfigureAwait(false);
        if (gathered.Answer is not { } found)
        {
            return gathered.TimedOut ? MissingFactsReason.TimedOut : MissingFactsReason.Failed;
        }

        facts.AddRange(found);
        return null;
    }

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
        activity?.SetTag("shopiq.replay", result.IsReplay);
        if (result.Status is OutcomeStatus.Conflict or OutcomeStatus.ProviderFailed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Status.ToString());
        }

        Log.CommandFinished(_logger, operation, command.Store.Value, result.Status.ToString(), result.IsReplay, result.StoreVersion);
        return result;
    }
}
