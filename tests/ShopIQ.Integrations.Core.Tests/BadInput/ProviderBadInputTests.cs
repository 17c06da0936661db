namespace ShopIQ.Integrations.Core.Tests.BadInput;

/// <summary>
/// Bad input to provider descriptions and setups (SetupField, SetupFieldError, SetupValidation, SecretValue,
/// ProviderSetup, ProviderDescriptor, NativeFeatures): refused with the exact exception type, the parameter's
/// name and a clear message (the bad-input rules).
/// </summary>
public sealed class ProviderBadInputTests
{
    private static readonly ProviderKey AcmePay = new("acme-pay");
    private static readonly SetupField KeyId = new("key-id", "Key id", SetupRequirement.ApiKey, isSecret: false, isRequired: true);
    private static readonly CommerceWorkflow[] Payments = [CommerceWorkflow.PaymentProcessing];

    public static TheoryData<string, string> BadFieldNames => new()
    {
        { "", "''" },
        { "Key-Id", "'Key-Id'" },
        { "key_id", "'key_id'" },
        { "key id", "'key id'" },
        { "-key", "'-key'" },
        { "key\u0000id", "'key\\u0000id'" },
        { new string('k', 65), "(cut, 65 characters)" },
    };

    public static TheoryData<string, string> BadTexts => new()
    {
        { "", "must not be empty" },
        { " \t ", "must not be empty" },
        { "Key\u0000id", "'Key\\u0000id'" },
        { "Key id\u2028\u0085", "'Key id\\u2028\\u0085'" },
        { "Key\u202Eid", "'Key\\u202eid'" },
        { "\uFEFFKey id", "'\\ufeffKey id'" },
        { new string('k', 201), "at most 200" },
    };

    /// <summary>
    /// Reasons adapters write (free text, cleaned rather than refused) and what they become. Reasons may quote long display
    /// names, so their limit is <see cref="SetupFieldError.MaxReasonLength"/>, not 200.
    /// </summary>
    public static TheoryData<string, string> UncleanReasons => new()
    {
        { "", "No reason was given." },
        { " \t ", "No reason was given." },
        { "Key\u0000id is required.", "Key id is required." },
        { "Key id\r\nX-Injected: 1", "Key id  X-Injected: 1" },
        { "Key \u202Eid\u200B", "Key id" },
        { new string('k', SetupFieldError.MaxReasonLength + 1), new string('k', SetupFieldError.MaxReasonLength - 1) + "\u2026" },
    };

    [Theory]
    [MemberData(nameof(BadFieldNames))]
    public void SetupField_BadName_ThrowsArgumentExceptionNamingSetupFieldName(string name, string shown) =>
        BadInputAssert.Throws<ArgumentException>("name", () => new SetupField(name, "Key id", SetupRequirement.ApiKey, false, true), "Setup field name", shown);

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void SetupField_BadDisplayName_ThrowsArgumentExceptionNamingDisplayName(string displayName, string shown) =>
        BadInputAssert.Throws<ArgumentException>("displayName", () => new SetupField("key-id", displayName, SetupRequirement.ApiKey, false, true), "Setup field display name", shown);

    [Fact]
    public void SetupField_NullOrUndefinedArguments_Throw()
    {
        BadInputAssert.Throws<ArgumentNullException>("name", () => new SetupField(null!, "Key id", SetupRequirement.ApiKey, false, true));
        BadInputAssert.Throws<ArgumentNullException>("displayName", () => new SetupField("key-id", null!, SetupRequirement.ApiKey, false, true));
        BadInputAssert.Throws<ArgumentOutOfRangeException>("requirement", () => new SetupField("key-id", "Key id", (SetupRequirement)99, false, true), "99", "SetupRequirement");
    }

    [Theory]
    [MemberData(nameof(BadFieldNames))]
    public void SetupFieldError_BadField_ThrowsArgumentException(string field, string shown) =>
        BadInputAssert.Throws<ArgumentException>("field", () => new SetupFieldError(field, "Key id is required."), "Setup field name", shown);

    [Theory]
    [MemberData(nameof(UncleanReasons))]
    public void SetupFieldError_UncleanReason_IsCleanedNotRefused(string reason, string cleaned) =>
        Assert.Equal(cleaned, new SetupFieldError("key-id", reason).Reason);

    [Fact]
    public void SetupFieldError_NullArguments_ThrowArgumentNullException()
    {
        BadInputAssert.Throws<ArgumentNullException>("field", () => new SetupFieldError(null!, "Key id is required."));
        BadInputAssert.Throws<ArgumentNullException>("reason", () => new SetupFieldError("key-id", null!));
    }

    [Fact]
    public void SetupValidation_InvalidWithNoErrorsOrNulls_IsRefused()
    {
        BadInputAssert.Throws<ArgumentNullException>("errors", () => SetupValidation.Invalid(AcmePay, null!));
        BadInputAssert.Throws<ArgumentException>("errors", () => SetupValidation.Invalid(AcmePay, []), "at least one field error");
        BadInputAssert.Throws<ArgumentNullException>("errors", () => SetupValidation.Invalid(AcmePay, [new SetupFieldError("key-id", "Key id is required."), null!]), "null");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    public void SecretValue_EmptyOrWhiteSpace_ThrowsArgumentException(string value) =>
        BadInputAssert.Throws<ArgumentException>("value", () => new SecretValue(value), "secret value must not be empty");

    [Fact]
    public void SecretValue_Null_ThrowsArgumentNullException() =>
        BadInputAssert.Throws<ArgumentNullException>("value", () => new SecretValue(null!));

    [Theory]
    [MemberData(nameof(BadFieldNames))]
    public void ProviderSetup_BadFieldName_ThrowsArgumentExceptionAndLeavesTheSetupAsItWas(string field, string shown)
    {
        var setup = ProviderSetup.Empty.With("key-id", "rzp_test_1");
        var before = setup.ToString();

        BadInputAssert.Throws<ArgumentException>("field", () => setup.With(field, "value"), "Setup field name", shown);
        BadInputAssert.Throws<ArgumentException>("field", () => setup.WithSecret(field, new SecretValue("s3cret")), "Setup field name", shown);

        Assert.Equal(before, setup.ToString());
        Assert.Equal(["key-id"], setup.FieldNames);
    }

    [Theory]
    [InlineData("rzp_test\u0000")]
    [InlineData("rzp_test\r\nX-Injected: 1")]
    [InlineData("\u001b[31mred")]
    public void ProviderSetup_ValueWithControlCharacter_ThrowsArgumentExceptionNamingTheField(string value) =>
        BadInputAssert.Throws<ArgumentException>("value", () => ProviderSetup.Empty.With("key-id", value), "'key-id'", "control character");

    [Theory]
    [InlineData("\uFEFFrzp_test", "format character")]
    [InlineData("rzp_\u200Btest", "format character")]
    [InlineData("rzp_test\u202E", "format character")]
    [InlineData("rzp_test\u2028", "line or paragraph separator")]
    public void ProviderSetup_ValueNotWellFormedOrWithAFormatCharacter_ThrowsArgumentExceptionNamingTheFieldNotTheValue(string value, string problem)
    {
        var exception = BadInputAssert.Throws<ArgumentException>("value", () => ProviderSetup.Empty.With("key-id", value), "'key-id'", problem);
        Assert.DoesNotContain("rzp", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Texts holding half of a surrogate pair, with how a message quotes them. Facts, not theory data: xunit passes theory
    /// data through UTF-8, which turns a lone surrogate into U+FFFD before the test sees it.
    /// </summary>
    private static readonly (string Text, string Shown)[] HalvesOfPairs =
    [
        ("Key id \uD83D", "'Key id \\ud83d'"),
        ("Key \uDE00id", "'Key \\ude00id'"),
        ("\uDE00\uD83DKey id", "'\\ude00\\ud83dKey id'"),
    ];

    [Fact]
    public void DisplayNamesAndSetupValues_WithHalfASurrogatePair_AreRefusedNamingTheParameter()
    {
        foreach (var (text, shown) in HalvesOfPairs)
        {
            BadInputAssert.Throws<ArgumentException>("displayName", () => new SetupField("key-id", text, SetupRequirement.ApiKey, false, true), "Setup field display name", shown, "surrogate");
            BadInputAssert.Throws<ArgumentException>(
                "displayName",
                () => new ProviderDescriptor(AcmePay, text, ProviderCategory.Payments, Payments, [], true, ProviderAvailability.Available),
                "Provider display name",
                shown);
            var refused = BadInputAssert.Throws<ArgumentException>("value", () => ProviderSetup.Empty.With("key-id", text), "'key-id'", "surrogate");
            Assert.DoesNotContain("Key id", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SetupFieldError_ReasonWithHalfASurrogatePair_IsCleanedToTheReplacementCharacter()
    {
        Assert.Equal("Key id \uFFFD", new SetupFieldError("key-id", "Key id \uD83D").Reason);
        Assert.Equal("\uFFFD\uFFFD Key id", new SetupFieldError("key-id", "\uDE00\uD83D Key id").Reason);
    }

    [Fact]
    public void ProviderSetup_ValueWithAWholeEmoji_IsAccepted() =>
        Assert.Equal("shop \uD83D\uDE00", ProviderSetup.Empty.With("key-id", "shop \uD83D\uDE00").GetValue("key-id"));

    [Fact]
    public void ProviderSetup_ValueLongerThan4096_ThrowsArgumentExceptionAndExactly4096IsAccepted()
    {
        BadInputAssert.Throws<ArgumentException>("value", () => ProviderSetup.Empty.With("key-id", new string('v', 4097)), "'key-id'", "4096");
        Assert.Equal(4096, ProviderSetup.Empty.With("key-id", new string('v', 4096)).GetValue("key-id")!.Length);
    }

    [Fact]
    public void ProviderSetup_NullArguments_ThrowArgumentNullException()
    {
        BadInputAssert.Throws<ArgumentNullException>("field", () => ProviderSetup.Empty.With(null!, "v"));
        BadInputAssert.Throws<ArgumentNullException>("value", () => ProviderSetup.Empty.With("key-id", null!));
        BadInputAssert.Throws<ArgumentNullException>("field", () => ProviderSetup.Empty.WithSecret(null!, new SecretValue("s3cret")));
        BadInputAssert.Throws<ArgumentNullException>("secret", () => ProviderSetup.Empty.WithSecret("key-secret", null!));
        BadInputAssert.Throws<ArgumentNullException>("field", () => ProviderSetup.Empty.GetValue(null!));
        BadInputAssert.Throws<ArgumentNullException>("field", () => ProviderSetup.Empty.GetSecret(null!));
    }

    [Fact]
    public void ProviderDescriptor_NullArguments_ThrowArgumentNullException()
    {
        BadInputAssert.Throws<ArgumentNullException>("key", () => Descriptor(key: null));
        BadInputAssert.Throws<ArgumentNullException>("displayName", () => new ProviderDescriptor(AcmePay, null!, ProviderCategory.Payments, Payments, [], true, ProviderAvailability.Available));
        BadInputAssert.Throws<ArgumentNullException>("workflows", () => new ProviderDescriptor(AcmePay, "Acme Pay", ProviderCategory.Payments, null!, [], true, ProviderAvailability.Available));
        BadInputAssert.Throws<ArgumentNullException>("setupFields", () => new ProviderDescriptor(AcmePay, "Acme Pay", ProviderCategory.Payments, Payments, null!, true, ProviderAvailability.Available));
        BadInputAssert.Throws<ArgumentNullException>("setupFields", () => new ProviderDescriptor(AcmePay, "Acme Pay", ProviderCategory.Payments, Payments, [KeyId, null!], true, ProviderAvailability.Available), "'acme-pay'");
    }

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void ProviderDescriptor_BadDisplayName_ThrowsArgumentException(string displayName, string shown) =>
        BadInputAssert.Throws<ArgumentException>(
            "displayName",
            () => new ProviderDescriptor(AcmePay, displayName, ProviderCategory.Payments, Payments, [], true, ProviderAvailability.Available),
            "Provider display name",
            shown);

    [Theory]
    [InlineData(99)]
    [InlineData(-1)]
    public void ProviderDescriptor_UndefinedEnumValues_ThrowArgumentOutOfRangeException(int undefined)
    {
        BadInputAssert.Throws<ArgumentOutOfRangeException>(
            "category",
            () => new ProviderDescriptor(AcmePay, "Acme Pay", (ProviderCategory)undefined, Payments, [], true, ProviderAvailability.Available),
            $"{undefined}",
            "ProviderCategory");
        BadInputAssert.Throws<ArgumentOutOfRangeException>(
            "availability",
            () => new ProviderDescriptor(AcmePay, "Acme Pay", ProviderCategory.Payments, Payments, [], true, (ProviderAvailability)undefined),
            $"{undefined}",
            "ProviderAvailability");
        BadInputAssert.Throws<ArgumentOutOfRangeException>(
            "workflows",
            () => new ProviderDescriptor(AcmePay, "Acme Pay", ProviderCategory.Payments, [CommerceWorkflow.PaymentProcessing, (CommerceWorkflow)undefined], [], true, ProviderAvailability.Available),
            $"{undefined}",
            "CommerceWorkflow");
        BadInputAssert.Throws<ArgumentOutOfRangeException>(
            "availability",
            () => BuiltInProviders.Razorpay.WithAvailability((ProviderAvailability)undefined),
            $"{undefined}",
            "ProviderAvailability");
    }

    [Fact]
    public void ProviderDescriptor_NoWorkflowOrRepeatedWorkflow_ThrowsArgumentExceptionNamingTheProvider()
    {
        BadInputAssert.Throws<ArgumentException>(
            "workflows",
            () => new ProviderDescriptor(AcmePay, "Acme Pay", ProviderCategory.Payments, [], [], true, ProviderAvailability.Available),
            "'acme-pay'",
            "at least one workflow");
        BadInputAssert.Throws<ArgumentException>(
            "workflows",
            () => new ProviderDescriptor(AcmePay, "Acme Pay", ProviderCategory.Payments, [CommerceWorkflow.PaymentProcessing, CommerceWorkflow.PaymentProcessing], [], true, ProviderAvailability.Available),
            "'acme-pay'",
            "more than once");
    }

    [Fact]
    public void ProviderDescriptor_RepeatedSetupFieldName_ThrowsArgumentExceptionNamingTheField()
    {
        var again = new SetupField("key-id", "Key id (again)", SetupRequirement.AccountDetails, isSecret: true, isRequired: false);
        BadInputAssert.Throws<ArgumentException>(
            "setupFields",
            () => new ProviderDescriptor(AcmePay, "Acme Pay", ProviderCategory.Payments, Payments, [KeyId, again], true, ProviderAvailability.Available),
            "'acme-pay'",
            "'key-id'");
    }

    [Fact]
    public void ProviderDescriptor_CheckFieldsNull_ThrowsArgumentNullException() =>
        BadInputAssert.Throws<ArgumentNullException>("setup", () => BuiltInProviders.Razorpay.CheckFields(null!));

    [Fact]
    public void ProviderDescriptor_CheckFieldsWithLongestAllowedNames_AnswersAValidationNotAnException()
    {
        // Display names of 200 characters are valid, so checking a setup against them must still answer per field (R5).
        var longName = new string('N', 200);
        var secretField = new SetupField("key-secret", longName, SetupRequirement.ApiKey, isSecret: true, isRequired: true);
        var provider = new ProviderDescriptor(AcmePay, longName, ProviderCategory.Payments, Payments, [secretField], true, ProviderAvailability.Available);
        var setup = ProviderSetup.Empty.With("key-secret", "pasted-as-plain").With(new string('u', 64), "unknown");

        var validation = provider.CheckFields(setup);

        Assert.False(validation.IsValid);
        Assert.Equal(["key-secret", new string('u', 64)], validation.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(99)]
    [InlineData(-1)]
    public void NativeFeatures_UndefinedFeature_ThrowsArgumentOutOfRangeException(int undefined)
    {
        var feature = (NativeFeature)undefined;
        BadInputAssert.Throws<ArgumentOutOfRangeException>("feature", () => NativeFeatures.KeyOf(feature), $"{undefined}", "NativeFeature");
        BadInputAssert.Throws<ArgumentOutOfRangeException>("feature", () => NativeFeatures.DisplayNameOf(feature), $"{undefined}", "NativeFeature");
        BadInputAssert.Throws<ArgumentOutOfRangeException>("feature", () => NativeFeatures.SlotsUsed(feature), $"{undefined}", "NativeFeature");
    }

    [Fact]
    public void NativeFeatures_TryGetNativeNull_ThrowsArgumentNullException() =>
        BadInputAssert.Throws<ArgumentNullException>("key", () => NativeFeatures.TryGetNative(null!, out _));

    private static ProviderDescriptor Descriptor(ProviderKey? key) =>
        new(key!, "Acme Pay", ProviderCategory.Payments, Payments, [KeyId], true, ProviderAvailability.Available);
}
