using System.Diagnostics;
using ShopIQ.Integrations.Core.Tests.BadInput;

namespace ShopIQ.Integrations.Core.Tests.Providers;

/// <summary>
/// R5: what each <see cref="SetupFieldFormat"/> accepts and refuses, checked through <see cref="ProviderDescriptor.CheckFields"/>
/// with one field; misuse of the factories throws.
/// </summary>
[Trait("Rule", "R5")]
public sealed class SetupFieldFormatTests
{
    public static TheoryData<string, string, bool> Examples { get; } = new()
    {
        // Text: bounds only, taken as entered.
        { "text", "abc", true },
        { "text", " a b ", true },
        { "text", "ab", false },
        { "text", "abcdefghijk", false },
        // Pattern: anchored at both ends.
        { "pattern", "123", true },
        { "pattern", "1234", false },
        { "pattern", "x123", false },
        { "pattern", "123x", false },
        { "pattern", " 123", false },
        // HttpsUrl.
        { "https-url", "https://example.com/path?q=1", true },
        { "https-url", "http://example.com", false },
        { "https-url", "https://user:pw@example.com", false },
        { "https-url", "example.com", false },
        { "https-url", "ftp://example.com", false },
        // Email.
        { "email", "name@example.com", true },
        { "email", "user@localhost", false },
        { "email", "name@@example.com", false },
        { "email", "na me@example.com", false },
        // NumericId: ASCII digits only, leading zeros kept.
        { "numeric-id", "0042", true },
        { "numeric-id", "004", false },
        { "numeric-id", "004200", false },
        { "numeric-id", "00a2", false },
        { "numeric-id", "٠٠٤٢", false },
    };

    private static readonly ProviderDescriptor Formats = new(
        new ProviderKey("formats"),
        "Formats",
        ProviderCategory.Other,
        [CommerceWorkflow.OtherCommerceOperations],
        [
            new SetupField("text", "Text", SetupRequirement.AccountDetails, isSecret: false, isRequired: false, SetupFieldFormat.Text(3, 10)),
            new SetupField("pattern", "Pattern", SetupRequirement.AccountDetails, isSecret: false, isRequired: false, SetupFieldFormat.Pattern("[0-9]{3}", "three digits")),
            new SetupField("https-url", "URL", SetupRequirement.AccountDetails, isSecret: false, isRequired: false, SetupFieldFormat.HttpsUrl()),
            new SetupField("email", "Email", SetupRequirement.AccountDetails, isSecret: false, isRequired: false, SetupFieldFormat.Email()),
            new SetupField("numeric-id", "Id", SetupRequirement.AccountDetails, isSecret: false, isRequired: false, SetupFieldFormat.NumericId(4, 5)),
            new SetupField("token", "Token", SetupRequirement.ApiKey, isSecret: true, isRequired: false, SetupFieldFormat.Pattern("tok_[a-z]{8}", "tok_ and 8 small letters")),
            new SetupField("slow", "Slow", SetupRequirement.AccountDetails, isSecret: false, isRequired: false, SetupFieldFormat.Pattern("(a+)+b", "a's and a b")),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    [Theory]
    [MemberData(nameof(Examples))]
    public void CheckFields_ValueOfEachKind_IsAcceptedOrRefusedAsItsFormatSays(string field, string value, bool accepted)
    {
        var validation = Formats.CheckFields(ProviderSetup.Empty.With(field, value));

        Assert.Equal(accepted, validation.IsValid);
        if (!accepted)
        {
            var error = Assert.Single(validation.Errors);
            Assert.Equal(field, error.Field);
            Assert.DoesNotContain(value.Trim(), error.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CheckFields_MalformedValue_ReasonIsTheFieldAndTheDescription()
    {
        var error = Assert.Single(Formats.CheckFields(ProviderSetup.Empty.With("pattern", "12")).Errors);

        Assert.Equal("Pattern must be three digits.", error.Reason);
    }

    [Fact]
    public void CheckFields_SpaceAroundAValueOfAFormatOtherThanText_HasAReasonOfItsOwn()
    {
        var error = Assert.Single(Formats.CheckFields(ProviderSetup.Empty.With("email", "name@example.com ")).Errors);

        Assert.Equal("Email must not start or end with a space or line break; remove them and try again.", error.Reason);
    }

    [Fact]
    public void CheckFields_MalformedSecret_ReasonNeverContainsIt()
    {
        const string secret = "tok_SECRETVALUE123";
        var validation = Formats.CheckFields(ProviderSetup.Empty.WithSecret("token", new SecretValue(secret)));

        var error = Assert.Single(validation.Errors);
        Assert.Equal("token", error.Field);
        Assert.DoesNotContain("SECRETVALUE", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETVALUE", validation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFields_OptionalFieldGivenBlank_CountsAsNotGiven()
    {
        Assert.True(Formats.CheckFields(ProviderSetup.Empty.With("pattern", "").With("email", "  ")).IsValid);
    }

    [Fact]
    public void CheckFields_PatternThatBacktracksForever_RefusesWithinItsTimeout()
    {
        var watch = Stopwatch.StartNew();

        var validation = Formats.CheckFields(ProviderSetup.Empty.With("slow", new string('a', 40) + "!"));

        Assert.Equal("slow", Assert.Single(validation.Errors).Field);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void SetupField_DeclaredWithoutAFormat_TakesAnyTextOfUpTo4096Characters()
    {
        var field = new SetupField("note", "Note", SetupRequirement.AccountDetails, isSecret: false, isRequired: true);

        Assert.Equal(SetupFieldFormat.Text(1, SetupFieldFormat.MaxValueLength), field.Format);
        Assert.Equal(SetupFieldFormatKind.Text, field.Format.Kind);
        Assert.Equal("at most 4096 characters long", field.Format.Description);
    }

    [Fact]
    public void Factories_Parts_AreWhatTheyWereMadeWith()
    {
        var pattern = SetupFieldFormat.Pattern("[0-9]{3}", "three digits");
        Assert.Equal((SetupFieldFormatKind.Pattern, 1, SetupFieldFormat.MaxValueLength, "[0-9]{3}", "three digits"), (pattern.Kind, pattern.MinLength, pattern.MaxLength, pattern.RegularExpression, pattern.Description));
        Assert.Equal((SetupFieldFormatKind.NumericId, 15, 16, (string?)null, "15 to 16 digits"), Parts(SetupFieldFormat.NumericId(15, 16)));
        Assert.Equal("exactly 6 digits", SetupFieldFormat.NumericId(6, 6).Description);
        Assert.Equal("2 to 8 characters long", SetupFieldFormat.Text(2, 8).Description);
        Assert.Equal(SetupFieldFormatKind.HttpsUrl, SetupFieldFormat.HttpsUrl().Kind);
        Assert.Equal(SetupFieldFormatKind.Email, SetupFieldFormat.Email().Kind);
    }

    [Fact]
    public void Equality_IsByValue_AndWithDescriptionMakesAnotherFormat()
    {
        Assert.Equal(SetupFieldFormat.Pattern("[0-9]{3}", "three digits"), SetupFieldFormat.Pattern("[0-9]{3}", "three digits"));
        Assert.NotEqual(SetupFieldFormat.Pattern("[0-9]{3}", "three digits"), SetupFieldFormat.Pattern("[0-9]{4}", "three digits"));
        var described = SetupFieldFormat.Email().WithDescription("the email of the API user");
        Assert.NotEqual(SetupFieldFormat.Email(), described);
        Assert.Equal(("the email of the API user", SetupFieldFormatKind.Email), (described.Description, described.Kind));
    }

    [Fact]
    public void Text_BoundsOutOfRange_Throw()
    {
        BadInputAssert.Throws<ArgumentOutOfRangeException>("minLength", () => SetupFieldFormat.Text(0, 5));
        BadInputAssert.Throws<ArgumentOutOfRangeException>("maxLength", () => SetupFieldFormat.Text(5, 4));
        BadInputAssert.Throws<ArgumentOutOfRangeException>("maxLength", () => SetupFieldFormat.Text(1, SetupFieldFormat.MaxValueLength + 1));
    }

    [Fact]
    public void NumericId_BoundsOutOfRange_Throw()
    {
        BadInputAssert.Throws<ArgumentOutOfRangeException>("minDigits", () => SetupFieldFormat.NumericId(0, 3));
        BadInputAssert.Throws<ArgumentOutOfRangeException>("maxDigits", () => SetupFieldFormat.NumericId(3, 2));
        BadInputAssert.Throws<ArgumentOutOfRangeException>("maxDigits", () => SetupFieldFormat.NumericId(1, 65));
    }

    [Fact]
    public void Pattern_BadPatternOrDescription_Throws()
    {
        BadInputAssert.Throws<ArgumentNullException>("pattern", () => SetupFieldFormat.Pattern(null!, "three digits"));
        BadInputAssert.Throws<ArgumentException>("pattern", () => SetupFieldFormat.Pattern(" ", "three digits"));
        BadInputAssert.Throws<ArgumentException>("pattern", () => SetupFieldFormat.Pattern("[0-9", "three digits"), "not a valid regular expression");
        // Would close the anchoring group and match anything that starts with a.
        BadInputAssert.Throws<ArgumentException>("pattern", () => SetupFieldFormat.Pattern("a)|(b", "an a"));
        BadInputAssert.Throws<ArgumentNullException>("description", () => SetupFieldFormat.Pattern("[0-9]{3}", null!));
        BadInputAssert.Throws<ArgumentException>("description", () => SetupFieldFormat.Pattern("[0-9]{3}", " "));
        BadInputAssert.Throws<ArgumentException>("description", () => SetupFieldFormat.Pattern("[0-9]{3}", "three digits."), "full stop");
        BadInputAssert.Throws<ArgumentException>("description", () => SetupFieldFormat.Pattern("[0-9]{3}", new string('d', 501)));
    }

    [Fact]
    public void WithDescription_BadDescription_Throws()
    {
        BadInputAssert.Throws<ArgumentNullException>("description", () => SetupFieldFormat.Email().WithDescription(null!));
        BadInputAssert.Throws<ArgumentException>("description", () => SetupFieldFormat.Email().WithDescription("an email\u0007"));
        BadInputAssert.Throws<ArgumentException>("description", () => SetupFieldFormat.Email().WithDescription("an email."));
    }

    [Fact]
    public void SetupField_NullFormat_Throws() =>
        BadInputAssert.Throws<ArgumentNullException>("format", () => new SetupField("note", "Note", SetupRequirement.AccountDetails, isSecret: false, isRequired: true, null!));

    private static (SetupFieldFormatKind, int, int, string?, string) Parts(SetupFieldFormat f) => (f.Kind, f.MinLength, f.MaxLength, f.RegularExpression, f.Description);
}
