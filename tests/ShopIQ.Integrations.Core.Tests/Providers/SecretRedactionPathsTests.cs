using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers;

/// <summary>
/// R5: the secrets of every built-in setup (<see cref="BuiltInSetups.Secrets"/>) never come out through
/// <c>ToString()</c>, string formatting, the commands that carry a setup, System.Text.Json, validation reasons
/// or exception messages, also when a merchant puts a secret where it does not belong. (Logging is tested
/// with the service.)
/// </summary>
[Trait("Rule", "R5")]
public sealed class SecretRedactionPathsTests
{
    /// <summary>Every secret in <see cref="BuiltInSetups.Secrets"/> holds it, so a cut or partly escaped secret is caught too.</summary>
    private const string Marker = "SECRET";

    /// <summary>A secret cut to this many characters is still a leak.</summary>
    private const int LeakLength = 8;

    private const string QuotedRedacted = "\"" + SecretValue.Redacted + "\"";

    /// <summary>
    /// Every run of <see cref="LeakLength"/> characters of a secret, except runs that are provider vocabulary: the
    /// test secrets spell out names such as "shiprocket" and "Conversions", which outputs rightly show.
    /// </summary>
    private static readonly string[] SecretPieces = BuiltInSetups.Secrets
        .SelectMany(secret => Enumerable.Range(0, secret.Length - LeakLength + 1).Select(start => secret.Substring(start, LeakLength)))
        .Where(piece => !BuiltInProviders.All
            .SelectMany(d => d.SetupFields.SelectMany(f => new[] { f.Name, f.DisplayName }).Append(d.Key.Value).Append(d.DisplayName))
            .Any(word => word.Contains(piece, StringComparison.OrdinalIgnoreCase)))
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    private static readonly StoreId Store = new("store-1");
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly ProviderKey Other = new("other-provider");

    private static readonly JsonSerializerOptions[] JsonOptions =
    [
        JsonSerializerOptions.Default,
        JsonSerializerOptions.Web,
        new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping },
    ];

    private static readonly string[] Keys = ["razorpay", "shiprocket", "wati", "google-analytics", "meta-pixel", "amazon-seller-central"];

    public static TheoryData<string> BuiltInKeys => new(Keys);

    /// <summary>Secret fields whose adapter checks a format (Shiprocket's password and Razorpay's webhook secret have none).</summary>
    public static TheoryData<string, string> FormatCheckedSecretFields => new()
    {
        { "razorpay", "key-secret" },
        { "wati", "access-token" },
        { "google-analytics", "api-secret" },
        { "meta-pixel", "conversions-api-token" },
        { "amazon-seller-central", "refresh-token" },
    };

    /// <summary>A secret pasted into a plain field whose format it breaks.</summary>
    public static TheoryData<string, string, string> SecretsPastedIntoPlainFields => new()
    {
        { "razorpay", "key-id", BuiltInSetups.RazorpayKeySecret },
        { "razorpay", "key-id", BuiltInSetups.RazorpayWebhookSecret },
        { "shiprocket", "api-user-email", BuiltInSetups.ShiprocketPassword },
        { "wati", "api-endpoint", BuiltInSetups.WatiToken },
        { "google-analytics", "measurement-id", BuiltInSetups.GaApiSecret },
        { "meta-pixel", "pixel-id", BuiltInSetups.MetaToken },
        { "amazon-seller-central", "seller-id", BuiltInSetups.AmazonRefreshToken },
        { "amazon-seller-central", "marketplace-id", BuiltInSetups.AmazonRefreshToken },
    };

    /// <summary>JSON that is not a secret: not a string, or a blank one.</summary>
    public static TheoryData<string> JsonThatIsNoSecret => new()
    {
        "123",
        "12345678901234567890",
        "true",
        "\"\"",
        "\"   \"",
        "{}",
        "[]",
        "[\"" + BuiltInSetups.RazorpayKeySecret + "\"]",
        "{\"secret\":\"" + BuiltInSetups.RazorpayKeySecret + "\"}",
    };

    [Fact]
    public void BuiltInSetups_EverySecretHoldsTheMarkerAndEverySetupHoldsASecret()
    {
        Assert.All(BuiltInSetups.Secrets, s => Assert.Contains(Marker, s, StringComparison.Ordinal));
        Assert.All(BuiltInSetups.Secrets, s => Assert.True(SecretPieces.Count(p => s.Contains(p, StringComparison.Ordinal)) >= 10, $"too few pieces of {s} are searched for"));
        foreach (var key in Keys)
        {
            Assert.NotEmpty(SecretFields(key));
        }

        Assert.Equal(
            BuiltInSetups.Secrets.Order(StringComparer.Ordinal),
            Keys.SelectMany(key => SecretFields(key).Select(f => SetupOf(key).GetSecret(f)!.Reveal())).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R5_SecretValue_ToStringAndFormatting_ShowOnlyRedacted(string key)
    {
        foreach (var field in SecretFields(key))
        {
            var secret = SetupOf(key).GetSecret(field)!;

            Assert.Contains(secret.Reveal(), BuiltInSetups.Secrets);
            Assert.Equal(SecretValue.Redacted, secret.ToString());
            Assert.Equal(SecretValue.Redacted, $"{secret}");
            Assert.Equal($"[{SecretValue.Redacted,12}]", $"[{secret,12}]");
            Assert.Equal("key=" + SecretValue.Redacted, string.Format(CultureInfo.InvariantCulture, "key={0}", secret));
            Assert.Equal("key=" + SecretValue.Redacted, "key=" + secret);
            Assert.Equal(SecretValue.Redacted, new StringBuilder().Append(secret).ToString());
            Assert.Equal(SecretValue.Redacted, Convert.ToString(secret, CultureInfo.InvariantCulture));
            Assert.Equal(SecretValue.Redacted, string.Join(", ", new object[] { secret }));
        }
    }

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R5_ProviderSetup_ToStringAndInterpolation_ListFieldsWithSecretsRedacted(string key)
    {
        var setup = SetupOf(key);

        var text = setup.ToString();

        AssertNoSecret(text);
        Assert.Equal(text, $"{setup}");
        Assert.All(SecretFields(key), field => Assert.Contains($"{field}={SecretValue.Redacted}", text, StringComparison.Ordinal));
        Assert.All(setup.FieldNames, field => Assert.Contains(field + "=", text, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R5_CommandsCarryingASetup_ToString_ShowTheSetupWithSecretsRedacted(string key)
    {
        var setup = SetupOf(key);

        foreach (var command in CommandsCarrying(new ProviderKey(key), setup))
        {
            var text = command.ToString();

            AssertNoSecret(text);
            Assert.Contains(setup.ToString(), text, StringComparison.Ordinal);
            AssertNoSecret($"{command}");
        }
    }

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R5_JsonSerialize_SecretValue_WritesRedacted(string key)
    {
        foreach (var field in SecretFields(key))
        {
            var secret = SetupOf(key).GetSecret(field)!;
            foreach (var options in JsonOptions)
            {
                Assert.Equal(QuotedRedacted, JsonSerializer.Serialize(secret, options));
                Assert.Equal(QuotedRedacted, JsonSerializer.Serialize<object>(secret, options));
                Assert.Equal(QuotedRedacted, Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(secret, options)));
                Assert.Equal(SecretValue.Redacted, JsonSerializer.SerializeToElement(secret, options).GetString());
            }
        }
    }

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R5_JsonSerialize_ProviderSetup_WritesEveryFieldNameWithItsValueRedacted(string key)
    {
        var setup = SetupOf(key);
        foreach (var options in JsonOptions)
        {
            var json = JsonSerializer.Serialize(setup, options);

            AssertNoSecret(json);
            using var document = JsonDocument.Parse(json);
            var properties = document.RootElement.EnumerateObject().ToArray();
            Assert.Equal(setup.FieldNames, properties.Select(p => p.Name));

            // Plain values too: a merchant may have pasted a secret into a plain field.
            Assert.All(properties, p => Assert.Equal(SecretValue.Redacted, p.Value.GetString()));
        }
    }

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R5_JsonSerialize_ObjectsHoldingSetupsAndSecrets_WriteRedacted(string key)
    {
        var setup = SetupOf(key);
        var secrets = SecretFields(key).Select(f => setup.GetSecret(f)!).ToArray();
        object[] holders =
        [
            new { Provider = key, Setup = setup, Secret = secrets[0] },
            new SetupEnvelope(setup, secrets[0], secrets),
            new Dictionary<string, SecretValue>(SecretFields(key).Select(f => KeyValuePair.Create(f, setup.GetSecret(f)!)), StringComparer.Ordinal),
            new List<object> { setup, secrets },
        ];

        foreach (var holder in holders)
        {
            foreach (var options in JsonOptions)
            {
                var json = JsonSerializer.Serialize(holder, holder.GetType(), options);

                AssertNoSecret(json);
                Assert.Contains(SecretValue.Redacted, json, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R5_JsonSerialize_CommandsCarryingASetup_WriteRedacted(string key)
    {
        var setup = SetupOf(key);

        foreach (var command in CommandsCarrying(new ProviderKey(key), setup))
        {
            foreach (var options in JsonOptions)
            {
                var json = JsonSerializer.Serialize<object>(command, options);

                AssertNoSecret(json);
                Assert.Contains(SecretValue.Redacted, json, StringComparison.Ordinal);
                Assert.All(setup.FieldNames, field => Assert.Contains($"\"{field}\"", json, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void R5_JsonDeserialize_SecretValue_ReadsTheSecretIn()
    {
        foreach (var text in BuiltInSetups.Secrets)
        {
            var json = JsonSerializer.Serialize(text);

            var secret = JsonSerializer.Deserialize<SecretValue>(json);
            var holder = JsonSerializer.Deserialize<SecretHolder>($"{{\"Token\":{json}}}");

            Assert.Equal(text, secret!.Reveal());
            Assert.Equal(text, holder!.Token.Reveal());
            Assert.Equal(SecretValue.Redacted, secret.ToString());
            AssertNoSecret(holder.ToString());
        }
    }

    [Fact]
    public void R5_JsonRoundTrip_SecretValue_NeverCarriesTheSecretOut()
    {
        foreach (var text in BuiltInSetups.Secrets)
        {
            var back = JsonSerializer.Deserialize<SecretValue>(JsonSerializer.Serialize(new SecretValue(text)));

            Assert.Equal(SecretValue.Redacted, back!.Reveal());
        }
    }

    [Theory]
    [MemberData(nameof(JsonThatIsNoSecret))]
    public void R5_JsonDeserialize_SecretValueFromNoStringOrBlank_ThrowsJsonExceptionWithoutTheInput(string json)
    {
        var refused = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SecretValue>(json));
        var refusedInHolder = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SecretHolder>($"{{\"Token\":{json}}}"));

        foreach (var exception in new[] { refused, refusedInHolder })
        {
            AssertNoSecret(exception.ToString());
            Assert.DoesNotContain("12345678901234567890", exception.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R5_JsonDeserialize_ProviderSetup_ThrowsJsonExceptionWithoutTheValues(string key)
    {
        var setup = SetupOf(key);
        var json = JsonSerializer.Serialize(setup.FieldNames.ToDictionary(f => f, f => setup.Text(f), StringComparer.Ordinal));
        Assert.Contains(Marker, json, StringComparison.Ordinal);

        foreach (var body in new[] { json, "{}", $"{{\"Setup\":{json}}}" })
        {
            var refused = body.StartsWith("{\"Setup\"", StringComparison.Ordinal)
                ? Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SetupHolder>(body))
                : Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ProviderSetup>(body));

            AssertNoSecret(refused.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(FormatCheckedSecretFields))]
    public void R5_ValidateSetup_SecretOfTheWrongFormat_NoReasonNorTextShowsIt(string key, string field)
    {
        var text = SetupOf(key).GetSecret(field)!.Reveal();

        // A note pasted after the secret, the secret in quotes, and one with a line break inside.
        foreach (var wrong in new[] { text + " <- from the dashboard", "\"" + text + "\"", text.Insert(8, "\n") })
        {
            var setup = SetupOf(key).WithSecret(field, new SecretValue(wrong));

            var validation = Adapter(key).ValidateSetup(setup);

            Assert.Equal([field], validation.Errors.Select(e => e.Field));
            AssertNothingShown(validation, setup, key);
        }
    }

    [Theory]
    [MemberData(nameof(SecretsPastedIntoPlainFields))]
    public void R5_ValidateSetup_SecretPastedIntoAPlainField_NoReasonNorTextShowsIt(string key, string field, string secret)
    {
        var setup = SetupOf(key).With(field, secret);

        var validation = Adapter(key).ValidateSetup(setup);

        Assert.Equal([field], validation.Errors.Select(e => e.Field));
        AssertNothingShown(validation, setup, key);
    }

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R5_ValidateSetup_SecretGivenAsPlainTextOrInAnUndeclaredField_NoReasonNorTextShowsIt(string key)
    {
        foreach (var field in SecretFields(key))
        {
            var text = SetupOf(key).GetSecret(field)!.Reveal();
            foreach (var (setup, refusedField) in new[] { (SetupOf(key).With(field, text), field), (SetupOf(key).With("pasted-here", text), "pasted-here") })
            {
                var validation = Adapter(key).ValidateSetup(setup);

                Assert.Equal([refusedField], validation.Errors.Select(e => e.Field));
                AssertNothingShown(validation, setup, key);
            }
        }
    }

    [Theory]
    [MemberData(nameof(BuiltInKeys))]
    public void R5_ProviderSetupWith_RefusedValueHoldingASecret_ExceptionNeverShowsIt(string key)
    {
        foreach (var secret in SecretFields(key).Select(f => SetupOf(key).GetSecret(f)!.Reveal()))
        {
            string[] refusedValues = [secret + "\n", "\u0000" + secret, secret + "\r\nX-Injected: 1", "\u001b[2J" + secret, secret + new string('x', 4096)];

            // Into every field: a plain field is where a pasted secret lands.
            foreach (var field in SetupOf(key).FieldNames)
            {
                foreach (var value in refusedValues)
                {
                    var refused = Assert.Throws<ArgumentException>(() => SetupOf(key).With(field, value));

                    Assert.Equal("value", refused.ParamName);
                    Assert.Contains($"'{field}'", refused.Message, StringComparison.Ordinal);
                    AssertNoSecret(refused.ToString());
                }
            }
        }
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    [InlineData("\u00a0\u2003")]
    public void R5_SecretValue_BlankValue_ExceptionDoesNotQuoteIt(string value)
    {
        var refused = Assert.Throws<ArgumentException>(() => new SecretValue(value));

        Assert.Equal("value", refused.ParamName);
        Assert.DoesNotContain($"'{value}'", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Message, char.IsControl);
    }

    private static ProviderSetup SetupOf(string key) => BuiltInSetups.For(new ProviderKey(key));

    private static IIntegrationProvider Adapter(string key) => BuiltInSetups.Adapters.Single(a => a.Descriptor.Key.Value == key);

    private static string[] SecretFields(string key) => Adapter(key).Descriptor.SetupFields.Where(f => f.IsSecret).Select(f => f.Name).ToArray();

    private static ConnectedAppsCommand[] CommandsCarrying(ProviderKey provider, ProviderSetup setup) =>
    [
        new ConnectAppCommand(Store, provider, setup, Merchant, new IdempotencyKey("connect-1")),
        new ReconnectAppCommand(Store, provider, setup, Merchant, new IdempotencyKey("reconnect-1")),
        new ReplaceAppCommand(Store, Other, provider, setup, Merchant, new IdempotencyKey("replace-1")),
        new ReplaceAppCommand(Store, Other, provider, setup, new ImpactAcknowledgement(Store, Other, 3, [CommerceWorkflow.PaymentProcessing]), Merchant, new IdempotencyKey("replace-2")),
        new ReplaceAppCommand(Store, Other, provider, setup, "ack1.AAAA.AAAA", Merchant, new IdempotencyKey("replace-3")),
    ];

    /// <summary>Every way a refused setup is shown: the validation and its reasons, the setup, and a command carrying it.</summary>
    private static void AssertNothingShown(SetupValidation validation, ProviderSetup setup, string key)
    {
        Assert.False(validation.IsValid);
        AssertNoSecret(validation.ToString());
        Assert.All(validation.Errors, e => AssertNoSecret(e.Reason));
        Assert.All(validation.Errors, e => AssertNoSecret(e.ToString()));
        AssertNoSecret(JsonSerializer.Serialize(validation));
        AssertNoSecret(setup.ToString());
        AssertNoSecret(JsonSerializer.Serialize(setup));
        AssertNoSecret(new ConnectAppCommand(Store, new ProviderKey(key), setup, Merchant, new IdempotencyKey("connect-1")).ToString());
    }

    /// <summary>Asserts no secret, nor a piece of one (<see cref="LeakLength"/> characters in a row), appears in <paramref name="text"/>.</summary>
    private static void AssertNoSecret(string? text)
    {
        text ??= string.Empty;
        Assert.DoesNotContain(Marker, text, StringComparison.Ordinal);
        foreach (var piece in SecretPieces)
        {
            Assert.False(text.Contains(piece, StringComparison.Ordinal), $"'{piece}', part of a secret, appears in: {text}");
        }
    }

    private sealed record SetupEnvelope(ProviderSetup Setup, SecretValue Secret, IReadOnlyList<SecretValue> All);

    private sealed record SecretHolder(SecretValue Token);

    private sealed record SetupHolder(ProviderSetup Setup);
}
