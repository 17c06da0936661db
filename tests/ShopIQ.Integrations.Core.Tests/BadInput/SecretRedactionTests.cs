using System.Globalization;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.BadInput;

/// <summary>
/// R5: secret values never appear in results, the ledger, events, exception messages or <c>ToString()</c>, including
/// when a merchant pastes a secret where it does not belong.
/// </summary>
[Trait("Rule", "R5")]
public sealed class SecretRedactionTests
{
    // Well-formed for every field it is put in (Razorpay key secret, WATI token), so only the rule under test refuses it.
    private const string Secret = "rzpSecretZq81xT01234567";

    private static readonly Actor M = StoreFixture.Merchant;

    /// <summary>A second payment gateway whose setup also takes a secret, to replace Razorpay with.</summary>
    private static readonly ProviderDescriptor Cashfree = new(
        new ProviderKey("cashfree"),
        "Cashfree",
        ProviderCategory.Payments,
        [CommerceWorkflow.PaymentProcessing],
        [
            new SetupField("app-id", "App id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true),
            new SetupField("secret-key", "Secret key", SetupRequirement.ApiKey, isSecret: true, isRequired: true),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    public static TheoryData<string> ValuesRefusedByWith => new()
    {
        Secret + "\n",
        "\u0000" + Secret,
        Secret + "\r\nX-Injected: 1",
        Secret + new string('x', 4096),
    };

    [Fact]
    public void R5_SecretValue_ToString_IsRedactedButRevealGivesTheSecret()
    {
        var secret = new SecretValue(Secret);

        Assert.Equal(SecretValue.Redacted, secret.ToString());
        AssertNoSecret($"{secret}");
        AssertNoSecret(string.Format(CultureInfo.InvariantCulture, "key={0}", secret));
        Assert.Equal(Secret, secret.Reveal());
    }

    [Fact]
    public void R5_ProviderSetup_ToString_ShowsSecretFieldsAsRedacted()
    {
        var setup = ProviderSetup.Empty
            .With("key-id", "rzp_test_1DP5mmOlF5G5ag")
            .WithSecret("key-secret", new SecretValue(Secret))
            .WithSecret("webhook-secret", new SecretValue(Secret));

        var text = setup.ToString();

        AssertNoSecret(text);
        Assert.Contains("key-secret=[redacted]", text, StringComparison.Ordinal);
        Assert.Contains("webhook-secret=[redacted]", text, StringComparison.Ordinal);
        Assert.Equal(Secret, setup.GetSecret("key-secret")!.Reveal());
    }

    [Fact]
    public void R5_ProviderSetup_ToString_SecretPastedAsAPlainValue_IsNotShown()
    {
        // ProviderSetup's own remarks: "a merchant may paste a secret into a plain field". CheckFields refuses it,
        // but a setup that is logged before or after that check must not print it (R5: logs, ToString()).
        var setup = ProviderSetup.Empty.With("key-id", "rzp_test_1DP5mmOlF5G5ag").With("key-secret", Secret);

        AssertNoSecret(setup.ToString());
    }

    [Fact]
    public void R5_CheckFields_SecretGivenAsAPlainValue_ReasonNamesTheFieldButNotTheValue()
    {
        var setup = ProviderSetup.Empty.With("key-id", "rzp_test_1DP5mmOlF5G5ag").With("key-secret", Secret);

        var validation = BuiltInProviders.Razorpay.CheckFields(setup);

        var error = Assert.Single(validation.Errors);
        Assert.Equal("key-secret", error.Field);
        AssertNoSecret(error.Reason);
        AssertNoSecret(error.ToString());
        AssertNoSecret(validation.ToString());
    }

    [Fact]
    public void R5_CheckFields_UnknownField_ReasonNamesTheFieldButNotTheValue()
    {
        var setup = ProviderSetup.Empty.With("key-id", "rzp_test_1DP5mmOlF5G5ag").WithSecret("key-secret", new SecretValue("kSecret0123456789abcd")).With("api-password", Secret);

        var validation = BuiltInProviders.Razorpay.CheckFields(setup);

        var error = Assert.Single(validation.Errors);
        Assert.Equal("api-password", error.Field);
        AssertNoSecret(error.ToString());
        AssertNoSecret(validation.ToString());
    }

    [Fact]
    public void R5_CheckFields_PlainFieldGivenAsASecret_ReasonOmitsTheSecret()
    {
        var setup = ProviderSetup.Empty.WithSecret("key-id", new SecretValue(Secret)).WithSecret("key-secret", new SecretValue(Secret));

        var validation = BuiltInProviders.Razorpay.CheckFields(setup);

        var error = Assert.Single(validation.Errors);
        Assert.Equal("key-id", error.Field);
        AssertNoSecret(validation.ToString());
    }

    [Theory]
    [MemberData(nameof(ValuesRefusedByWith))]
    public void R5_ProviderSetupWith_RefusedValue_ExceptionNamesTheFieldButNotTheValue(string value)
    {
        var refused = BadInputAssert.Throws<ArgumentException>("value", () => ProviderSetup.Empty.With("key-secret", value), "'key-secret'");

        AssertNoSecret(refused.Message);
        AssertNoSecret(refused.ToString());
    }

    [Fact]
    public void R5_SetupInvalidOutcomes_MessageToStringAndErrorsOmitTheSecret()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.MetaPixel);
        var pasted = BuiltInProviders.Razorpay.CheckFields(ProviderSetup.Empty.With("key-id", "rzp_test_1DP5mmOlF5G5ag").With("key-secret", Secret));
        Assert.False(pasted.IsValid);

        StoreOutcome[] outcomes =
        [
            fixture.Store.Connect(BuiltInProviders.Razorpay, pasted, M),
            fixture.Store.BeginConnect(BuiltInProviders.Razorpay, pasted, M),
            fixture.Store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.Razorpay, pasted, M),
            fixture.Store.Reconnect(BuiltInProviders.MetaPixel.Key, BuiltInProviders.MetaPixel.CheckFields(ProviderSetup.Empty.With("pixel-id", "1234").With("conversions-api-token", Secret)), M),
        ];

        foreach (var outcome in outcomes)
        {
            Assert.Equal(OutcomeStatus.SetupInvalid, outcome.Status);
            Assert.Contains(outcome.Provider == BuiltInProviders.MetaPixel.Key ? "conversions-api-token" : "key-secret", outcome.Message, StringComparison.Ordinal);
            AssertNoSecret(outcome.Message);
            AssertNoSecret(outcome.ToString());
            AssertNoSecret(string.Join("; ", outcome.SetupErrors()));
        }

        AssertNoSecret(StoreState.Of(fixture.Store));
        Assert.Empty(fixture.Store.PendingEvents);
    }

    [Fact]
    public void R5_AfterConnectingWithSecrets_OutcomesLedgerEventsAndStoreOmitThem()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var razorpaySetup = BuiltInProviders.Razorpay.CheckFields(ProviderSetup.Empty
            .With("key-id", "rzp_test_1DP5mmOlF5G5ag")
            .WithSecret("key-secret", new SecretValue(Secret))
            .WithSecret("webhook-secret", new SecretValue(Secret)));
        var cashfreeSetup = Cashfree.CheckFields(ProviderSetup.Empty.With("app-id", "cf-1").WithSecret("secret-key", new SecretValue(Secret)));
        var watiSetup = BuiltInProviders.Wati.CheckFields(ProviderSetup.Empty.With("api-endpoint", "https://live.wati.io/1").WithSecret("access-token", new SecretValue(Secret)));
        Assert.True(razorpaySetup.IsValid);
        Assert.True(cashfreeSetup.IsValid);
        Assert.True(watiSetup.IsValid);

        var outcomes = new List<StoreOutcome>
        {
            store.BeginConnect(BuiltInProviders.Razorpay, razorpaySetup, M),
            store.CompleteConnect(BuiltInProviders.Razorpay.Key, M),
            store.MarkNeedsAttention(BuiltInProviders.Razorpay.Key, AttentionReason.CredentialsRevoked, M),
            store.Reconnect(BuiltInProviders.Razorpay.Key, razorpaySetup, M),
            store.Connect(BuiltInProviders.Wati, watiSetup, M),
            store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), M),
            store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), M),
        };
        Assert.True(store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));
        outcomes.Add(store.Replace(BuiltInProviders.Razorpay.Key, Cashfree, cashfreeSetup, assessment.Acknowledge(), M));
        Assert.True(store.TryAssessImpact(BuiltInProviders.Wati.Key, out var watiAssessment));
        outcomes.Add(store.Disconnect(BuiltInProviders.Wati.Key, watiAssessment.Acknowledge(), M));

        Assert.Equal(
            [OutcomeStatus.Reserved, OutcomeStatus.Activated, OutcomeStatus.MarkedNeedsAttention, OutcomeStatus.Reconnected, OutcomeStatus.Connected, OutcomeStatus.Connected, OutcomeStatus.LimitReached, OutcomeStatus.Replaced, OutcomeStatus.Disconnected],
            outcomes.Select(o => o.Status));
        foreach (var outcome in outcomes)
        {
            AssertNoSecret(outcome.ToString());
            AssertNoSecret(outcome.App?.ToString());
            AssertNoSecret(outcome.Details?.ToString());
            AssertNoSecret((outcome.Details as ReplacementDetails)?.Assessment.ToString());
        }

        AssertNoSecret(assessment.ToString());
        AssertNoSecret(string.Join("\n", store.Ledger.Entries));
        AssertNoSecret(string.Join("\n", store.PendingEvents));
        AssertNoSecret(StoreState.Of(store));
        AssertNoSecret(store.ToString());
    }

    private static void AssertNoSecret(string? text)
    {
        Assert.DoesNotContain(Secret, text ?? string.Empty, StringComparison.Ordinal);

        // A cut or partly escaped secret is still a leak.
        Assert.DoesNotContain("Zq81xT", text ?? string.Empty, StringComparison.Ordinal);
    }
}
