using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers.BuiltIn;

/// <summary>
/// What every built-in adapter must do, run once per adapter by its <c>XxxProviderTests</c> class: the
/// descriptor says what the provider is (checked against literal expectations, not against itself), the
/// descriptor's field rules hold for every declared field (R5), and the offline calls behave as
/// <see cref="OfflineProvider"/> promises. The adapter-specific formats are theories in the derived classes,
/// which call <see cref="AssertValidWith"/> and <see cref="AssertOnlyFieldRefusedWith"/>.
/// </summary>
/// <typeparam name="TAdapter">The adapter under test.</typeparam>
public abstract class BuiltInAdapterContract<TAdapter>
    where TAdapter : OfflineProvider, new()
{
    private static readonly StoreId Store = new("store-1");

    /// <summary>A fresh adapter per test.</summary>
    protected TAdapter Adapter { get; } = new();

    /// <summary>A setup that passes, with every declared field filled in.</summary>
    protected abstract ProviderSetup ValidSetup { get; }

    protected abstract string ExpectedKey { get; }

    protected abstract ProviderCategory ExpectedCategory { get; }

    protected abstract IReadOnlyList<CommerceWorkflow> ExpectedWorkflows { get; }

    /// <summary>The declared fields, in order, with whether each is secret and required.</summary>
    protected abstract IReadOnlyList<(string Name, bool IsSecret, bool IsRequired)> ExpectedFields { get; }

    private IEnumerable<string> RequiredFields => ExpectedFields.Where(f => f.IsRequired).Select(f => f.Name);

    [Fact]
    public void Descriptor_IsTheBuiltInDescriptorWithTheExpectedKeyCategoryWorkflowsAndFields()
    {
        var descriptor = Adapter.Descriptor;

        Assert.Same(Assert.Single(BuiltInProviders.All, p => p.Key.Value == ExpectedKey), descriptor);
        Assert.Equal(ExpectedCategory, descriptor.Category);
        Assert.Equal(ExpectedWorkflows, descriptor.Workflows);
        Assert.Equal(ExpectedFields, descriptor.SetupFields.Select(f => (f.Name, f.IsSecret, f.IsRequired)));
        Assert.Equal(ProviderAvailability.Available, descriptor.Availability);
        Assert.True(descriptor.SupportsSelfServiceDisconnect);
    }

    [Fact]
    public void R5_ValidateSetup_ValidSetup_IsValidForThisProvider()
    {
        var validation = Adapter.ValidateSetup(ValidSetup);

        Assert.True(validation.IsValid, validation.ToString());
        Assert.Empty(validation.Errors);
        Assert.Equal(ExpectedKey, validation.Provider.Value);
    }

    [Fact]
    public void R5_ValidateSetup_OptionalFieldsLeftOut_IsValid()
    {
        var optional = ExpectedFields.Where(f => !f.IsRequired).Select(f => f.Name).ToArray();
        var onlyRequired = optional.Aggregate(ValidSetup, (setup, field) => setup.Without(field));

        Assert.Equal(RequiredFields.Order(StringComparer.Ordinal), onlyRequired.FieldNames);
        AssertValid(onlyRequired);
        foreach (var field in optional)
        {
            AssertValid(ValidSetup.Without(field));
        }
    }

    [Fact]
    public void R5_ValidateSetup_EmptySetup_NamesEveryRequiredFieldOnce()
    {
        var validation = Adapter.ValidateSetup(ProviderSetup.Empty);

        Assert.False(validation.IsValid);
        Assert.Equal(RequiredFields, validation.Errors.Select(e => e.Field));
        Assert.All(validation.Errors, e => Assert.EndsWith(" is required.", e.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void R5_ValidateSetup_EachRequiredFieldMissing_RefusesOnlyThatFieldAsRequired()
    {
        foreach (var field in RequiredFields)
        {
            var error = AssertOnlyRefused(Adapter.ValidateSetup(ValidSetup.Without(field)), field);
            Assert.Equal($"{DisplayName(field)} is required.", error.Reason);
        }
    }

    [Fact]
    public void R5_ValidateSetup_RequiredPlainFieldBlank_RefusesOnlyThatFieldAsRequired()
    {
        // A blank value also breaks the field's format; the merchant gets the one reason that helps.
        foreach (var field in ExpectedFields.Where(f => f.IsRequired && !f.IsSecret))
        {
            foreach (var blank in new[] { string.Empty, "   ", " \u00a0\u2003 " })
            {
                var error = AssertOnlyRefused(Adapter.ValidateSetup(ValidSetup.With(field.Name, blank)), field.Name);
                Assert.Equal($"{DisplayName(field.Name)} is required.", error.Reason);
            }
        }
    }

    [Fact]
    public void R5_ValidateSetup_FieldGivenAsTheWrongKind_RefusesOnlyThatField()
    {
        foreach (var field in ExpectedFields)
        {
            var text = ValidSetup.Text(field.Name);
            var setup = field.IsSecret ? ValidSetup.With(field.Name, text) : ValidSetup.WithSecret(field.Name, new SecretValue(text));

            var error = AssertOnlyRefused(Adapter.ValidateSetup(setup), field.Name);

            Assert.Equal(
                field.IsSecret
                    ? $"{DisplayName(field.Name)} is a secret and must be given as a secret value."
                    : $"{DisplayName(field.Name)} is not a secret; give it as a plain value.",
                error.Reason);
        }
    }

    [Fact]
    public void R5_ValidateSetup_EveryFieldGivenAsTheWrongKind_RefusesEachFieldOnce()
    {
        var setup = ExpectedFields.Aggregate(
            ProviderSetup.Empty,
            (s, f) => f.IsSecret ? s.With(f.Name, ValidSetup.Text(f.Name)) : s.WithSecret(f.Name, new SecretValue(ValidSetup.Text(f.Name))));

        var validation = Adapter.ValidateSetup(setup);

        Assert.Equal(ExpectedFields.Select(f => f.Name), validation.Errors.Select(e => e.Field));
    }

    [Fact]
    public void R5_ValidateSetup_UndeclaredField_RefusesOnlyThatFieldByName()
    {
        // Near misses of the declared names as well as plainly foreign ones, each as plain text and as a secret.
        var undeclared = ExpectedFields.Select(f => f.Name + "-2").Append("api-key-2").Append("password");
        foreach (var field in undeclared)
        {
            foreach (var setup in new[] { ValidSetup.With(field, "value-1"), ValidSetup.WithSecret(field, new SecretValue("value-1")) })
            {
                var error = AssertOnlyRefused(Adapter.ValidateSetup(setup), field);
                Assert.Contains($"'{field}'", error.Reason, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ConnectAsync_ValidatedSetup_Succeeds()
    {
        Assert.True(Adapter.ValidateSetup(ValidSetup).IsValid);

        var result = await Adapter.ConnectAsync(Store, ValidSetup, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Null(result.Reason);
    }

    [Fact]
    public async Task DisconnectAsync_Succeeds()
    {
        var result = await Adapter.DisconnectAsync(Store, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Null(result.Reason);
    }

    [Fact]
    public async Task CheckHealthAsync_IsHealthy()
    {
        var health = await Adapter.CheckHealthAsync(Store, CancellationToken.None);

        Assert.True(health.IsHealthy);
        Assert.Null(health.Problem);
    }

    [Fact]
    public async Task GetLiveFactsAsync_HasNoFacts()
    {
        var facts = await Adapter.GetLiveFactsAsync(Store, CancellationToken.None);

        Assert.Empty(facts);
    }

    [Fact]
    public async Task ProviderCalls_CancelledToken_ThrowOperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Adapter.ConnectAsync(Store, ValidSetup, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Adapter.DisconnectAsync(Store, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Adapter.CheckHealthAsync(Store, cancelled.Token));
    }

    [Fact]
    public async Task Calls_NullArguments_ThrowArgumentNullExceptionNamingTheParameter()
    {
        Assert.Throws<ArgumentNullException>("setup", () => Adapter.ValidateSetup(null!));
        await Assert.ThrowsAsync<ArgumentNullException>("store", () => Adapter.ConnectAsync(null!, ValidSetup, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>("setup", () => Adapter.ConnectAsync(Store, null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>("store", () => Adapter.DisconnectAsync(null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>("store", () => Adapter.CheckHealthAsync(null!, CancellationToken.None));
    }

    /// <summary>Asserts the valid setup stays valid with <paramref name="text"/> in <paramref name="field"/> (as a secret if the field is secret).</summary>
    protected void AssertValidWith(string field, string text) => AssertValid(ValidSetup.WithText(Adapter.Descriptor, field, text));

    /// <summary>
    /// Asserts the valid setup with <paramref name="text"/> in <paramref name="field"/> is refused for that field
    /// alone, with one format reason that starts with the field's display name and does not repeat the text.
    /// </summary>
    protected void AssertOnlyFieldRefusedWith(string field, string text)
    {
        var error = AssertOnlyRefused(Adapter.ValidateSetup(ValidSetup.WithText(Adapter.Descriptor, field, text)), field);

        Assert.StartsWith($"{DisplayName(field)} must ", error.Reason, StringComparison.Ordinal);

        // Short wrong texts such as "G-" may legitimately appear in the description of the format.
        if (text.Trim().Length >= 10)
        {
            Assert.DoesNotContain(text.Trim(), error.Reason, StringComparison.Ordinal);
        }
    }

    private void AssertValid(ProviderSetup setup)
    {
        var validation = Adapter.ValidateSetup(setup);
        Assert.True(validation.IsValid, $"{setup} should be valid: {validation}");
        Assert.Equal(ExpectedKey, validation.Provider.Value);
    }

    private SetupFieldError AssertOnlyRefused(SetupValidation validation, string field)
    {
        Assert.False(validation.IsValid, $"'{field}' should be refused");
        Assert.Equal(ExpectedKey, validation.Provider.Value);
        Assert.Equal([field], validation.Errors.Select(e => e.Field));
        return validation.Errors[0];
    }

    private string DisplayName(string field) => Adapter.Descriptor.SetupFields.Single(f => f.Name == field).DisplayName;
}
