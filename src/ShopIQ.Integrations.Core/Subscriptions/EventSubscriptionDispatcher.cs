using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using ShopIQ.Integrations.Core.Diagnostics;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The hosted service that runs every added event subscription from this instance, each in its own loop, so a slow or
/// failing handler never holds up another subscription. Checks the subscriptions' options and the repository when the host
/// starts, and stops the host's start with a message naming what is wrong.
/// </summary>
internal sealed class EventSubscriptionDispatcher : BackgroundService
{
    private readonly EventSubscriptions _subscriptions;
    private readonly IEnumerable<EventSubscriptionRegistration> _registrations;
    private readonly IOptionsMonitor<EventSubscriptionOptions> _options;
    private readonly IServiceScopeFactory _scopes;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly SubscriptionMetrics _metrics;

    public EventSubscriptionDispatcher(
        EventSubscriptions subscriptions,
        IEnumerable<EventSubscriptionRegistration> registrations,
        IOptionsMonitor<EventSubscriptionOptions> options,
        IServiceScopeFactory scopes,
        IClock clock,
        IServiceProvider services)
    {
        _subscriptions = subscriptions;
        _registrations = registrations;
        _options = options;
        _scopes = scopes;
        _clock = clock;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger("ShopIQ.Integrations.Core.EventSubscriptions") ?? NullLogger.Instance;
        _metrics = new SubscriptionMetrics(services.GetService<IMeterFactory>());
        Holder = NewHolder();
    }

    /// <summary>This instance's name in the leases it takes: machine, process and a random part, so two instances never share one.</summary>
    internal string Holder { get; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_registrations.Any())
        {
            _subscriptions.Log();
        }

        foreach (var registration in _registrations)
        {
            var problems = _options.Get(registration.Name).Problems().ToArray();
            if (problems.Length > 0)
            {
                throw new OptionsValidationException(registration.Name, typeof(EventSubscriptionOptions), problems.Select(p => $"Event subscription '{registration.Name}': {p}"));
            }

            using var scope = _scopes.CreateScope();
            object? handler;
            try
            {
                handler = scope.ServiceProvider.GetService(registration.HandlerType);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"Event subscription '{registration.Name}': its handler {registration.HandlerType.Name} cannot be made: {e.Message}", e);
            }

            if (handler is not IStoreEventHandler)
            {
                throw new InvalidOperationException($"Event subscription '{registration.Name}': its handler {registration.HandlerType.Name} is not registered as an {nameof(IStoreEventHandler)}.");
            }
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _metrics.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var log = _registrations.Any() ? _subscriptions.Log() : null;
        var runs = _registrations
            .Select(r => new SubscriptionRunner(r, _options.Get(r.Name), log!, _scopes, _clock, _logger, _metrics, Holder))
            .Select(runner => Task.Run(() => runner.RunAsync(stoppingToken), CancellationToken.None))
            .ToArray();
        return Task.WhenAll(runs);
    }

    private static string NewHolder()
    {
        var random = Guid.NewGuid().ToString("N")[..12];
        var machine = new string(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.').Take(40).ToArray());
        return $"{(machine.Length == 0 ? "host" : machine)}:{Environment.ProcessId}:{random}";
    }
}
