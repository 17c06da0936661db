using System.Text;
using Microsoft.Extensions.Logging;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.Diagnostics;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>Where a generated text goes in: a caller's id, key, name or value, or free text an adapter gives back.</summary>
public enum TextTarget
{
    StoreId,
    PlanId,
    ProviderKey,
    IdempotencyKey,
    ActorId,
    SetupValue,
    SetupFieldName,
    RefusalReason,
    SetupErrorReason,
    ExceptionMessage,
    DisconnectRefusal,
}

/// <summary>One generated text, where it goes in, and whether the adapter's connect calls out (two saves) or not (one).</summary>
public sealed record TextCase(TextTarget Target, string Text, bool CallsOut)
{
    /// <summary>Shows the text escaped, so a failing case reads clearly in the test output.</summary>
    public override string ToString() =>
        $"{Target} {Preconditions.Describe(Text)} ({Text.Length} chars, {(CallsOut ? "two saves" : "one save")})";
}

/// <summary>
/// Sends one <see cref="TextCase"/> through <see cref="ConnectedAppsService"/> on a given repository and checks the text
/// rule: a caller's id, key, name or setup value is either refused at once (an <see cref="ArgumentException"/> naming the
/// parameter, with a clean message) and then nothing changes, or is taken and read back equal; free text from an adapter
/// never throws and is stored, logged and returned only as its cleaned form. Whether a text must be refused, and what its
/// cleaned form is, come from <see cref="TextOracle"/>, which is written apart from the library's own checks. The answer
/// is an observation two repositories must agree on.
/// </summary>
internal static class TextRuleHarness
{
    public const string DisplayName = "Text app";
    public const string AccountField = "account-id";

    private static readonly Actor Merchant = Actor.Merchant("merchant-t");

    /// <summary>Runs one case on <paramref name="repository"/>, on stores named from <paramref name="suffix"/>; answers what was seen and every store id it touched.</summary>
    public static (string Observation, IReadOnlyList<StoreId> Stores) Run(TextCase input, IStoreRepository repository, string suffix) =>
        Task.Run(() => RunAsync(input, repository, suffix)).GetAwaiter().GetResult();

    private static async Task<(string, IReadOnlyList<StoreId>)> RunAsync(TextCase input, IStoreRepository repository, string suffix)
    {
        var adapter = new TextAdapter(input.CallsOut);
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var service = new ConnectedAppsService(
            repository, [adapter], [], new FakeClock(StoreFixture.Start), Microsoft.Extensions.Options.Options.Create(ServiceFixture.TestOptions()),
            factory.CreateLogger<ConnectedAppsService>(), null);
        var id = new StoreId("t-" + suffix);
        var stores = new List<StoreId> { id };
        var opened = await service.OpenStoreAsync(new OpenStoreCommand(id, TestPlans.Starter.Id, Merchant, IdempotencyKey.New()), CancellationToken.None);
        Assert.Equal(OutcomeStatus.StoreOpened, opened.Status);
        var text = input.Text;
        var mustRefuse = TextOracle.MustRefuse(text);
        string observation;
        switch (input.Target)
        {
            case TextTarget.StoreId:
                observation = await CallerTextAsync(service, id, text, "value", () => new StoreId(text), async storeId =>
                {
                    stores.Add(storeId);
                    var result = await service.OpenStoreAsync(new OpenStoreCommand(storeId, TestPlans.Starter.Id, Merchant, IdempotencyKey.New()), CancellationToken.None);
                    Assert.Equal(OutcomeStatus.StoreOpened, result.Status);
                    Assert.Equal(text, (await service.GetStoreAsync(new StoreId(text), CancellationToken.None))!.Id.Value);
                    return result.Status.ToString();
                });
                break;
            case TextTarget.PlanId:
                observation = await CallerTextAsync(service, id, text, "value", () => new PlanId(text), async plan =>
                {
                    var other = new StoreId("u-" + suffix);
                    stores.Add(other);
                    var result = await service.OpenStoreAsync(new OpenStoreCommand(other, plan, Merchant, IdempotencyKey.New()), CancellationToken.None);
                    var known = TestPlans.Catalog.Plans.Any(p => p.Id == plan);
                    Assert.Equal(known ? OutcomeStatus.StoreOpened : OutcomeStatus.UnknownPlan, result.Status);
                    Assert.Equal(known, await service.GetStoreAsync(other, CancellationToken.None) is { } s && s.PlanId.Value == text);
                    return result.Status.ToString();
                });
                break;
            case TextTarget.ProviderKey:
                observation = await CallerTextAsync(service, id, text, "value", () => new ProviderKey(text), async key =>
                {
                    var (version, slots) = await StateAsync(service, id);
                    var result = await service.ConnectAsync(new ConnectAppCommand(id, key, adapter.ValidSetup, Merchant, IdempotencyKey.New()), CancellationToken.None);
                    if (result.Status != OutcomeStatus.Connected)
                    {
                        Assert.Contains(result.Status, new[] { OutcomeStatus.ProviderNotRegistered, OutcomeStatus.NativeFeature });
                        Assert.Equal((version, slots), await StateAsync(service, id));
                    }

                    return result.Status.ToString();
                });
                break;
            case TextTarget.IdempotencyKey:
                observation = await CallerTextAsync(service, id, text, "value", () => new IdempotencyKey(text), async key =>
                {
                    var command = new ConnectAppCommand(id, adapter.Descriptor.Key, adapter.ValidSetup, Merchant, key);
                    var first = await service.ConnectAsync(command, CancellationToken.None);
                    var again = await service.ConnectAsync(command, CancellationToken.None);
                    Assert.Equal(OutcomeStatus.Connected, first.Status);
                    Assert.True(again.IsReplay);
                    Assert.Equal(first.Message, again.Message);
                    Assert.Equal(input.CallsOut ? 1 : 2, adapter.ConnectCalls); // an adapter that calls out is not asked again
                    Assert.Equal(text, (await repository.LoadAsync(id, key, CancellationToken.None)).Record!.Key.Value);
                    return first.Status.ToString();
                });
                break;
            case TextTarget.ActorId:
                observation = await CallerTextAsync(service, id, text, "id", () => Actor.Merchant(text), async actor =>
                {
                    var result = await service.ConnectAsync(new ConnectAppCommand(id, adapter.Descriptor.Key, adapter.ValidSetup, actor, IdempotencyKey.New()), CancellationToken.None);
                    Assert.Equal(OutcomeStatus.Connected, result.Status);
                    Assert.Equal(text, (await service.ReadLedgerAsync(id, CancellationToken.None))!.Entries[^1].Actor.Id);
                    return result.Status.ToString();
                });
                break;
            case TextTarget.SetupValue:
                observation = await CallerTextAsync(service, id, text, "value", () => ProviderSetup.Empty.With(AccountField, text), async setup =>
                {
                    var (version, slots) = await StateAsync(service, id);
                    var result = await service.ConnectAsync(new ConnectAppCommand(id, adapter.Descriptor.Key, setup, Merchant, IdempotencyKey.New()), CancellationToken.None);
                    if (result.Status == OutcomeStatus.Connected)
                    {
                        Assert.Equal(text, Assert.Single(adapter.Setups).GetValue(AccountField));
                    }
                    else
                    {
                        Assert.Equal(OutcomeStatus.SetupInvalid, result.Status);
                        Assert.Equal((version, slots), await StateAsync(service, id));
                    }

                    return result.Status.ToString();
                });
                break;
            case TextTarget.SetupFieldName:
                observation = await CallerTextAsync(service, id, text, "field", () => adapter.ValidSetup.With(text, "v"), async setup =>
                {
                    var (version, slots) = await StateAsync(service, id);
                    var result = await service.ConnectAsync(new ConnectAppCommand(id, adapter.Descriptor.Key, setup, Merchant, IdempotencyKey.New()), CancellationToken.None);
                    if (result.Status != OutcomeStatus.Connected)
                    {
                        Assert.Equal(OutcomeStatus.SetupInvalid, result.Status);
                        Assert.Equal((version, slots), await StateAsync(service, id));
                    }

                    return result.Status.ToString();
                });
                break;
            case TextTarget.RefusalReason:
            {
                adapter.OnConnect = () => ProviderCallResult.Refused(text);
                var expected = $"{DisplayName} refused the connection: {TextOracle.Clean(text)} The reserved slot was released.";
                observation = await AdapterTextAsync(service, repository, adapter, id, OutcomeStatus.ProviderRefused, expected);
                break;
            }

            case TextTarget.SetupErrorReason:
            {
                adapter.SetupError = text;
                var expected = $"The setup of '{adapter.Descriptor.Key}' is incomplete or invalid: {AccountField}: {TextOracle.Clean(text).TrimEnd('.')}. No slot was used.";
                observation = await AdapterTextAsync(service, repository, adapter, id, OutcomeStatus.SetupInvalid, expected);
                break;
            }

            case TextTarget.ExceptionMessage:
            {
                adapter.OnConnect = () => throw new InvalidOperationException(text);
                observation = await AdapterTextAsync(service, repository, adapter, id, OutcomeStatus.ProviderFailed, null);
                // An adapter that makes no remote call is asked again by the resend (before the store looks at the key).
                var logged = logs.Lines.Where(l => l.Contains("[5]", StringComparison.Ordinal)).ToArray();
                Assert.Equal(input.CallsOut ? 1 : 2, logged.Length);
                Assert.All(logged, l => Assert.Contains($"{nameof(InvalidOperationException)}: {TextOracle.Clean(text)} ::", l, StringComparison.Ordinal));
                break;
            }

            case TextTarget.DisconnectRefusal:
            {
                var connected = await service.ConnectAsync(new ConnectAppCommand(id, adapter.Descriptor.Key, adapter.ValidSetup, Merchant, IdempotencyKey.New()), CancellationToken.None);
                Assert.Equal(OutcomeStatus.Connected, connected.Status);
                adapter.OnDisconnect = () => ProviderCallResult.Refused(text);
                var result = await service.DisconnectAsync(new DisconnectAppCommand(id, adapter.Descriptor.Key, Merchant, IdempotencyKey.New()), CancellationToken.None);
                Assert.Equal(OutcomeStatus.Disconnected, result.Status);
                Assert.Equal(0, (await StateAsync(service, id)).Slots);
                var logged = Assert.Single(logs.Lines, l => l.Contains("[4]", StringComparison.Ordinal));
                Assert.Contains($"disconnect for store {id}: {TextOracle.Clean(text)} ::", logged, StringComparison.Ordinal);
                observation = $"{result.Status}|{result.Message}";
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.Target, null);
        }

        if (input.Target < TextTarget.RefusalReason && mustRefuse)
        {
            Assert.Equal("refused", observation);
        }

        // Nothing any text did reaches a log raw: every line is well-formed and holds no control, separator or format character.
        Assert.All(logs.Lines, line => Assert.False(TextOracle.MustRefuse(line), line));
        var (finalVersion, finalSlots) = await StateAsync(service, id);
        return ($"{observation}|v{finalVersion}|s{finalSlots}", stores);
    }

    /// <summary>
    /// A caller's text: made into its value (a refusal must be an <see cref="ArgumentException"/> naming
    /// <paramref name="paramName"/>, with a clean message, and changes nothing), then used through the service.
    /// </summary>
    private static async Task<string> CallerTextAsync<T>(ConnectedAppsService service, StoreId id, string text, string paramName, Func<T> make, Func<T, Task<string>> use)
    {
        var before = await StateAsync(service, id);
        T value;
        try
        {
            value = make();
        }
        catch (ArgumentException exception)
        {
            Assert.Equal(paramName, exception.ParamName);
            Assert.False(TextOracle.MustRefuse(exception.Message), exception.Message);
            Assert.Equal(before, await StateAsync(service, id));
            return "refused";
        }

        return await use(value);
    }

    /// <summary>
    /// Free text from the adapter: the connect answers <paramref name="status"/> (never an exception), holds no slot, the
    /// message is <paramref name="expected"/> (the text in its cleaned form) when given, a resend replays it, and the
    /// record the repository keeps reads back equal.
    /// </summary>
    private static async Task<string> AdapterTextAsync(
        ConnectedAppsService service, IStoreRepository repository, TextAdapter adapter, StoreId id, OutcomeStatus status, string? expected)
    {
        var key = IdempotencyKey.New();
        var command = new ConnectAppCommand(id, adapter.Descriptor.Key, adapter.ValidSetup, Merchant, key);
        var result = await service.ConnectAsync(command, CancellationToken.None);
        Assert.Equal(status, result.Status);
        if (expected is not null)
        {
            Assert.Equal(expected, result.Message);
        }

        Assert.False(TextOracle.MustRefuse(result.Message), result.Message);
        Assert.Equal(0, (await StateAsync(service, id)).Slots);
        var again = await service.ConnectAsync(command, CancellationToken.None);
        Assert.True(again.IsReplay);
        Assert.Equal((result.Status, result.Message), (again.Status, again.Message));
        Assert.Equal(result.Message, (await repository.LoadAsync(id, key, CancellationToken.None)).Record!.Message);
        return $"{result.Status}|{result.Message}";
    }

    private static async Task<(long Version, int Slots)> StateAsync(ConnectedAppsService service, StoreId id)
    {
        var store = (await service.GetStoreAsync(id, CancellationToken.None))!;
        return (store.Version, store.SlotsInUse);
    }

    /// <summary>One advertising adapter whose connect, disconnect and setup error a case scripts.</summary>
    internal sealed class TextAdapter(bool callsOut) : IntegrationProviderBase
    {
        private readonly List<ProviderSetup> _setups = [];
        private int _connectCalls;

        public override ProviderDescriptor Descriptor { get; } = new(
            new ProviderKey("text-app"),
            DisplayName,
            ProviderCategory.Advertising,
            [CommerceWorkflow.MarketingAndPerformanceData],
            [new SetupField(AccountField, "Account id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true)],
            supportsSelfServiceDisconnect: true,
            ProviderAvailability.Available);

        public override bool ConnectCallsOut => callsOut;

        public ProviderSetup ValidSetup { get; } = ProviderSetup.Empty.With(AccountField, "acct-1001");

        public Func<ProviderCallResult> OnConnect { get; set; } = () => ProviderCallResult.Success;

        public Func<ProviderCallResult> OnDisconnect { get; set; } = () => ProviderCallResult.Success;

        public string? SetupError { get; set; }

        public int ConnectCalls => Volatile.Read(ref _connectCalls);

        public IReadOnlyList<ProviderSetup> Setups
        {
            get
            {
                lock (_setups)
                {
                    return [.. _setups];
                }
            }
        }

        public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _connectCalls);
            lock (_setups)
            {
                _setups.Add(setup);
            }

            return Task.FromResult(OnConnect());
        }

        public override Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken) => Task.FromResult(OnDisconnect());

        public override Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) => Task.FromResult(ProviderHealth.Healthy);

        protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
        {
            if (SetupError is { } reason)
            {
                errors.Add(new SetupFieldError(AccountField, reason));
            }
        }
    }
}

/// <summary>
/// The text rule, written apart from the library's code (on <see cref="Rune"/>s, not UTF-16 code units) so the
/// properties check the library against it rather than against itself.
/// </summary>
internal static class TextOracle
{
    /// <summary>Whether an id, key, name or value must be refused: it is not well-formed, or holds a control, separator or format character.</summary>
    public static bool MustRefuse(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done || IsUnwanted(rune))
            {
                return true;
            }

            rest = rest[used..];
        }

        return false;
    }

    /// <summary>Free text as it must be stored: ill-formed parts as U+FFFD, controls and separators as spaces, format characters gone, trimmed, cut with "…".</summary>
    public static string Clean(string text)
    {
        var builder = new StringBuilder();
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            Rune.DecodeFromUtf16(rest, out var rune, out var used);
            if (Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            {
                builder.Append(' ');
            }
            else if (Rune.GetUnicodeCategory(rune) != System.Globalization.UnicodeCategory.Format)
            {
                builder.Append(rune.ToString());
            }

            rest = rest[used..];
        }

        var cleaned = builder.ToString().Trim();
        if (cleaned.Length == 0)
        {
            return "No reason was given.";
        }

        if (cleaned.Length <= SetupFieldError.MaxReasonLength)
        {
            return cleaned;
        }

        // Whole runes only, leaving room for the "…".
        var kept = new StringBuilder();
        foreach (var rune in cleaned.EnumerateRunes())
        {
            if (kept.Length + rune.Utf16SequenceLength > SetupFieldError.MaxReasonLength - 1)
            {
                break;
            }

            kept.Append(rune.ToString());
        }

        return kept.ToString().TrimEnd() + "\u2026";
    }

    private static bool IsUnwanted(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Control
            or System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator
            or System.Globalization.UnicodeCategory.ParagraphSeparator;
}
