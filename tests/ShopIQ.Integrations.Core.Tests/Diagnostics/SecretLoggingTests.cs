using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Diagnostics;

/// <summary>The log of a full flow with secret setup values never holds a secret, in any part of any entry.</summary>
public sealed class SecretLoggingTests
{
    private const string LeakySecret = "SECRETleakyAdapterToken0123456789";

    [Fact]
    public async Task Log_ConnectReplaceDisconnectFlowWithSecrets_NeverContainsASecret()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var options = ServiceFixture.TestOptions();
        using var service = new ConnectedAppsService(
            new InMemoryStoreRepository(),
            [.. BuiltInSetups.Adapters, new LeakyProvider()],
            [],
            new FakeClock(StoreFixture.Start),
            Options.Create(options),
            factory.CreateLogger<ConnectedAppsService>(),
            null);
        var store = new StoreId("store-logs");
        var merchant = StoreFixture.Merchant;

        await service.OpenStoreAsync(new OpenStoreCommand(store, TestPlans.Starter.Id, merchant, IdempotencyKey.New()), CancellationToken.None);
        var key = IdempotencyKey.New();
        var connect = new ConnectAppCommand(store, BuiltInProviders.Razorpay.Key, BuiltInSetups.Razorpay, merchant, key);
        Assert.Equal(OutcomeStatus.Connected, (await service.ConnectAsync(connect, CancellationToken.None)).Status);
        Assert.True((await service.ConnectAsync(connect, CancellationToken.None)).IsReplay);
        await Connect(BuiltInProviders.Shiprocket.Key, BuiltInSetups.Shiprocket);
        await Connect(BuiltInProviders.Wati.Key, BuiltInSetups.Wati);

        // At the limit, then an invalid setup whose secret field holds a wrongly formatted secret.
        Assert.Equal(OutcomeStatus.LimitReached, (await Connect(BuiltInProviders.GoogleAnalytics.Key, BuiltInSetups.GoogleAnalytics)).Status);
        var badSecret = BuiltInSetups.Razorpay.WithSecret("key-secret", new SecretValue(BuiltInSetups.RazorpayKeySecret + " with spaces"));
        Assert.Equal(OutcomeStatus.AlreadyConnected, (await Connect(BuiltInProviders.Razorpay.Key, badSecret)).Status);

        // An adapter that puts the secret into its refusal and into its exception message.
        var shiprocket = await service.AssessImpactAsync(store, BuiltInProviders.Shiprocket.Key, CancellationToken.None);
        Assert.NotNull(shiprocket);
        var replace = await service.ReplaceAsync(
            new ReplaceAppCommand(store, BuiltInProviders.Shiprocket.Key, LeakyProvider.Key, LeakyProvider.Setup("refuse"), shiprocket.Assessment.Acknowledge(), merchant, IdempotencyKey.New()),
            CancellationToken.None);
        Assert.Equal(OutcomeStatus.ProviderRefused, replace.Status);
        replace = await service.ReplaceAsync(
            new ReplaceAppCommand(store, BuiltInProviders.Shiprocket.Key, LeakyProvider.Key, LeakyProvider.Setup("throw"), shiprocket.Assessment.Acknowledge(), merchant, IdempotencyKey.New()),
            CancellationToken.None);
        Assert.Equal(OutcomeStatus.ProviderFailed, replace.Status);
        Assert.DoesNotContain(LeakySecret, replace.Message, StringComparison.Ordinal);
        replace = await service.ReplaceAsync(
            new ReplaceAppCommand(store, BuiltInProviders.Shiprocket.Key, LeakyProvider.Key, LeakyProvider.Setup("accept"), shiprocket.Assessment.Acknowledge(), merchant, IdempotencyKey.New()),
            CancellationToken.None);
        Assert.Equal(OutcomeStatus.Replaced, replace.Status);

        var razorpay = await service.AssessImpactAsync(store, BuiltInProviders.Razorpay.Key, CancellationToken.None);
        Assert.NotNull(razorpay);
        var disconnect = await service.DisconnectAsync(
            new DisconnectAppCommand(store, BuiltInProviders.Razorpay.Key, razorpay.Assessment.Acknowledge(), merchant, IdempotencyKey.New()), CancellationToken.None);
        Assert.Equal(OutcomeStatus.Disconnected, disconnect.Status);

        var lines = logs.Lines;
        Assert.Contains(lines, l => l.Contains("store-logs", StringComparison.Ordinal) && l.Contains("Replace", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("LeakyException", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("refused connect", StringComparison.Ordinal));
        foreach (var secret in BuiltInSetups.Secrets.Append(LeakySecret))
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }

        Task<ConnectedAppsResult> Connect(ProviderKey provider, ProviderSetup setup) =>
            service.ConnectAsync(new ConnectAppCommand(store, provider, setup, merchant, IdempotencyKey.New()), CancellationToken.None);
    }

    /// <summary>An adapter written carelessly: it repeats the secret it was given in its refusal and its exception.</summary>
    private sealed class LeakyProvider : OfflineProvider
    {
        public static readonly ProviderKey Key = new("leaky-logistics");

        public override ProviderDescriptor Descriptor { get; } = new(
            Key,
            "Leaky Logistics",
            ProviderCategory.Logistics,
            [CommerceWorkflow.ShipmentCreationAndTracking],
            [
                new SetupField("mode", "Mode", SetupRequirement.AccountDetails, isSecret: false, isRequired: true),
                new SetupField("token", "Token", SetupRequirement.ApiKey, isSecret: true, isRequired: true),
            ],
            supportsSelfServiceDisconnect: true,
            ProviderAvailability.Available);

        public static ProviderSetup Setup(string mode) => ProviderSetup.Empty.With("mode", mode).WithSecret("token", new SecretValue(LeakySecret));

        public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
        {
            var token = setup.GetSecret("token")!.Reveal();
            return setup.GetValue("mode") switch
            {
                "refuse" => Task.FromResult(ProviderCallResult.Refused($"token {token} was rejected")),
                "throw" => throw new LeakyException($"HTTP 401 for token {token}"),
                _ => Task.FromResult(ProviderCallResult.Success),
            };
        }

        protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
        {
        }
    }

    private sealed class LeakyException(string message) : Exception(message);
}
