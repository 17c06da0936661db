using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers;

/// <summary>
/// The adapter base: the descriptor's field checks come first, format checks add reasons only for fields those
/// checks passed (one reason per field), the result names the adapter's provider, and live facts default to none (R5, R19).
/// </summary>
public sealed class IntegrationProviderBaseTests
{
    private static readonly ProviderSetup Complete = ProviderSetup.Empty
        .With("account-id", "acct-1")
        .WithSecret("api-key", new SecretValue("key-1"))
        .With("note", "hello");

    [Fact]
    public void R5_ValidateSetup_NothingWrong_IsValidForTheAdaptersKey()
    {
        var adapter = new FormatReportingAdapter();

        var validation = adapter.ValidateSetup(Complete);

        Assert.True(validation.IsValid, validation.ToString());
        Assert.Equal(adapter.Descriptor.Key, validation.Provider);
        Assert.Same(Complete, Assert.Single(adapter.Checked));
    }

    [Fact]
    public void R5_ValidateSetup_FormatErrorOnAFieldThatPassedCheckFields_IsReportedForTheAdaptersKey()
    {
        var adapter = new FormatReportingAdapter("api-key");

        var validation = adapter.ValidateSetup(Complete);

        Assert.Equal(adapter.Descriptor.Key, validation.Provider);
        Assert.Equal([new SetupFieldError("api-key", FormatReportingAdapter.Reason("api-key"))], validation.Errors);
    }

    [Fact]
    public void R5_ValidateSetup_FormatErrorOnAFieldCheckFieldsRefusedAsMissing_KeepsOnlyTheRequiredReason()
    {
        var adapter = new FormatReportingAdapter("account-id");

        var validation = adapter.ValidateSetup(Complete.With("account-id", " "));

        Assert.Equal([new SetupFieldError("account-id", "Account id is required.")], validation.Errors);
    }

    [Fact]
    public void R5_ValidateSetup_FormatErrorOnAFieldGivenAsTheWrongKind_KeepsOnlyTheKindReason()
    {
        var adapter = new FormatReportingAdapter("api-key");

        var validation = adapter.ValidateSetup(Complete.With("api-key", "key-1"));

        var error = Assert.Single(validation.Errors);
        Assert.Equal("api-key", error.Field);
        Assert.Contains("must be given as a secret value", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void R5_ValidateSetup_FormatErrorOnAnUndeclaredField_KeepsOnlyTheUndeclaredReason()
    {
        var adapter = new FormatReportingAdapter("extra");

        var validation = adapter.ValidateSetup(Complete.With("extra", "x"));

        var error = Assert.Single(validation.Errors);
        Assert.Equal("extra", error.Field);
        Assert.Contains("has no setup field 'extra'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void R5_ValidateSetup_FieldAndFormatErrorsOnDifferentFields_OneReasonPerFieldFieldChecksFirst()
    {
        var adapter = new FormatReportingAdapter("account-id", "api-key", "note");

        var validation = adapter.ValidateSetup(Complete.Without("account-id"));

        Assert.Equal(adapter.Descriptor.Key, validation.Provider);
        Assert.Equal(
            [
                new SetupFieldError("account-id", "Account id is required."),
                new SetupFieldError("api-key", FormatReportingAdapter.Reason("api-key")),
                new SetupFieldError("note", FormatReportingAdapter.Reason("note")),
            ],
            validation.Errors);
    }

    [Fact]
    public void R5_ValidateSetup_SameSetupTwoAdapters_EachValidationNamesItsOwnAdapter()
    {
        var first = new FormatReportingAdapter();
        var second = new FormatReportingAdapter(new ProviderKey("beta-pay"));

        Assert.Equal(new ProviderKey("acme-pay"), first.ValidateSetup(Complete).Provider);
        Assert.Equal(new ProviderKey("beta-pay"), second.ValidateSetup(Complete).Provider);
        Assert.Equal(new ProviderKey("beta-pay"), second.ValidateSetup(ProviderSetup.Empty).Provider);
    }

    [Fact]
    public void ValidateSetup_Null_ThrowsBeforeAnyCheck()
    {
        var adapter = new FormatReportingAdapter();

        Assert.Throws<ArgumentNullException>("setup", () => adapter.ValidateSetup(null!));
        Assert.Empty(adapter.Checked);
    }

    [Fact]
    public async Task R19_GetLiveFactsAsync_NotOverridden_IsEmpty()
    {
        var facts = await new FormatReportingAdapter().GetLiveFactsAsync(new StoreId("store-1"), CancellationToken.None);

        Assert.Empty(facts);
    }

    /// <summary>An adapter whose format checks report the fields it was told to, whatever the setup holds.</summary>
    private sealed class FormatReportingAdapter : IntegrationProviderBase
    {
        private readonly string[] _failing;

        public FormatReportingAdapter(params string[] failing)
            : this(new ProviderKey("acme-pay"), failing)
        {
        }

        public FormatReportingAdapter(ProviderKey key, params string[] failing)
        {
            _failing = failing;
            Descriptor = new ProviderDescriptor(
                key,
                "Acme Pay",
                ProviderCategory.Payments,
                [CommerceWorkflow.PaymentProcessing],
                [
                    new SetupField("account-id", "Account id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true),
                    new SetupField("api-key", "API key", SetupRequirement.ApiKey, isSecret: true, isRequired: true),
                    new SetupField("note", "Note", SetupRequirement.ProviderSideSetup, isSecret: false, isRequired: false),
                ],
                supportsSelfServiceDisconnect: true,
                ProviderAvailability.Available);
        }

        public override ProviderDescriptor Descriptor { get; }

        public List<ProviderSetup> Checked { get; } = [];

        public static string Reason(string field) => $"{field} has the wrong format.";

        public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) =>
            Task.FromResult(ProviderCallResult.Success);

        public override Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken) =>
            Task.FromResult(ProviderCallResult.Success);

        public override Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) =>
            Task.FromResult(ProviderHealth.Healthy);

        protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
        {
            Checked.Add(setup);
            foreach (var field in _failing)
            {
                errors.Add(new SetupFieldError(field, Reason(field)));
            }
        }
    }

    [Fact]
    public async Task GetLiveFactsAsync_NullStore_ThrowsArgumentNullException() =>
        await Assert.ThrowsAsync<ArgumentNullException>("store", () => new RazorpayProvider().GetLiveFactsAsync(null!, CancellationToken.None));

    [Fact]
    public async Task GetLiveFactsAsync_CancelledToken_ThrowsOperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RazorpayProvider().GetLiveFactsAsync(new StoreId("store-1"), cancelled.Token));
    }
}
