using System.Collections.Concurrent;
namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>
/// A provider adapter whose calls a test scripts: connect, disconnect and live facts answer whatever
/// the test sets, and every call is counted. The setup has a plain account id and a secret token.
/// </summary>
internal sealed class FakeAdapter : IntegrationProviderBase
{
    public const string AccountField = "account-id";
    public const string TokenField = "api-token";
    public const string Token = "SECRETfakeAdapterToken0123456789";
    public const string NewToken = "SECRETfakeAdapterNewToken9876543210";

    private readonly ConcurrentQueue<ProviderSetup> _connectSetups = new();
    private int _connectCalls;
    private int _disconnectCalls;
    private int _liveFactsCalls;

    public FakeAdapter(string key, ProviderCategory category, CommerceWorkflow workflow)
    {
        Descriptor = new ProviderDescriptor(
            new ProviderKey(key),
            "Fake " + key,
            category,
            [workflow],
            [
                new SetupField(AccountField, "Account id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true),
                new SetupField(TokenField, "API token", SetupRequirement.ApiKey, isSecret: true, isRequired: true),
            ],
            supportsSelfServiceDisconnect: true,
            ProviderAvailability.Available);
    }

    /// <summary>A valid setup carrying <see cref="Token"/>.</summary>
    public static ProviderSetup ValidSetup { get; } = SetupWith(Token);

    /// <summary>A valid setup carrying <see cref="NewToken"/>, as after the merchant renewed credentials.</summary>
    public static ProviderSetup RenewedSetup { get; } = SetupWith(NewToken);

    public override ProviderDescriptor Descriptor { get; }

    public ProviderKey Key => Descriptor.Key;

    public Func<ProviderSetup, CancellationToken, Task<ProviderCallResult>> OnConnect { get; set; } =
        (_, _) => Task.FromResult(ProviderCallResult.Success);

    public Func<CancellationToken, Task<ProviderCallResult>> OnDisconnect { get; set; } =
        _ => Task.FromResult(ProviderCallResult.Success);

    public Func<CancellationToken, Task<IReadOnlyList<LiveFact>>> OnLiveFacts { get; set; } =
        _ => Task.FromResult<IReadOnlyList<LiveFact>>([]);

    public int ConnectCalls => Volatile.Read(ref _connectCalls);

    public int DisconnectCalls => Volatile.Read(ref _disconnectCalls);

    public int LiveFactsCalls => Volatile.Read(ref _liveFactsCalls);

    /// <summary>The setups connect was called with, in order.</summary>
    public IReadOnlyList<ProviderSetup> ConnectSetups => _connectSetups.ToArray();

    /// <summary>A payments adapter (critical by default, R8).</summary>
    public static FakeAdapter Payments(string key = "fake-pay") => new(key, ProviderCategory.Payments, CommerceWorkflow.PaymentProcessing);

    /// <summary>An advertising adapter (not critical by default).</summary>
    public static FakeAdapter Advertising(string key = "fake-ads") => new(key, ProviderCategory.Advertising, CommerceWorkflow.MarketingAndPerformanceData);

    public FakeAdapter Refusing(string reason)
    {
        OnConnect = (_, _) => Task.FromResult(ProviderCallResult.Refused(reason));
        return this;
    }

    /// <summary>Connect fails with an exception whose message repeats the secret token, as careless adapters do.</summary>
    public FakeAdapter ThrowingWithSecret()
    {
        OnConnect = (setup, _) => Task.FromException<ProviderCallResult>(
            new InvalidOperationException($"HTTP 401 from provider for token {setup.GetSecret(TokenField)?.Reveal()}"));
        return this;
    }

    /// <summary>Connect never completes and ignores cancellation.</summary>
    public FakeAdapter NeverAnswering()
    {
        OnConnect = (_, _) => new TaskCompletionSource<ProviderCallResult>().Task;
        return this;
    }

    /// <summary>Connect waits until the test answers through the returned gate.</summary>
    public ConnectGate Gated()
    {
        var gate = new ConnectGate();
        OnConnect = gate.WaitAsync;
        return gate;
    }

    public FakeAdapter WithLiveFacts(params LiveFact[] facts)
    {
        OnLiveFacts = _ => Task.FromResult<IReadOnlyList<LiveFact>>(facts);
        return this;
    }

    /// <summary>Live facts never arrive, whatever the cancellation token says.</summary>
    public FakeAdapter WithSlowLiveFacts()
    {
        OnLiveFacts = _ => new TaskCompletionSource<IReadOnlyList<LiveFact>>().Task;
        return this;
    }

    public FakeAdapter WithFailingLiveFacts()
    {
        OnLiveFacts = _ => Task.FromException<IReadOnlyList<LiveFact>>(new HttpRequestException("The provider's API answered 503."));
        return this;
    }

    public FakeAdapter WithFailingDisconnect()
    {
        OnDisconnect = _ => Task.FromException<ProviderCallResult>(new HttpRequestException("The provider's API answered 500."));
        return this;
    }

    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connectCalls);
        _connectSetups.Enqueue(setup);
        return OnConnect(setup, cancellationToken);
    }

    public override Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _disconnectCalls);
        return OnDisconnect(cancellationToken);
    }

    public override Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderHealth.Healthy);

    public override Task<IReadOnlyList<LiveFact>> GetLiveFactsAsync(StoreId store, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _liveFactsCalls);
        return OnLiveFacts(cancellationToken);
    }

    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
    }

    private static ProviderSetup SetupWith(string token) =>
        ProviderSetup.Empty.With(AccountField, "acct-1001").WithSecret(TokenField, new SecretValue(token));
}
