using Microsoft.Extensions.Logging.Abstractions;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.BadInput;
using ShopIQ.Integrations.Core.Tests.Properties;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// Issue 17's two failures, in memory (PostgreSqlTextRuleTests runs the first on PostgreSQL): an adapter's refusal reason
/// with half an emoji, and ids with half a surrogate pair or a bidirectional override.
/// </summary>
public sealed class ConnectedAppsServiceTextRuleTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Issue17_RefusalReasonWithHalfAnEmoji_InMemory_AnswersProviderRefusedHoldsNoSlotAndReplays(bool callsOut) =>
        TextRuleRegression.HalfEmojiRefusalAsync(new InMemoryStoreRepository(), new StoreId("store-1"), callsOut);

    /// <summary>A fact, not a theory: xunit passes theory data through UTF-8, which turns a lone surrogate into U+FFFD.</summary>
    [Fact]
    public void Issue17_ActorIdNotWellFormedOrWithABidiOverride_ThrowsArgumentExceptionNamingId()
    {
        BadInputAssert.Throws<ArgumentException>("id", () => Actor.Merchant("m\uD800"), "Actor id", "'m\\ud800'", "surrogate");
        BadInputAssert.Throws<ArgumentException>("id", () => Actor.Merchant("m\uDC00"), "Actor id", "'m\\udc00'", "surrogate");
        BadInputAssert.Throws<ArgumentException>("id", () => Actor.Merchant("merchant-\u202Egnp.exe"), "Actor id", "'merchant-\\u202egnp.exe'", "format character");
    }

    [Fact]
    public void Issue17_ActorIdWithAWholeEmoji_IsAccepted() =>
        Assert.Equal("m\uD83D\uDE00", Actor.Merchant("m\uD83D\uDE00").Id);

    [Fact]
    public void Issue17_DisplayNameNotWellFormedOrWithAFormatCharacter_ThrowsArgumentExceptionNamingIt()
    {
        foreach (var name in new[] { "Acme \u202EPay", "Acme Pay \uD83D", "\uFEFFAcme Pay" })
        {
            BadInputAssert.Throws<ArgumentException>("displayName", () => new SetupField("key-id", name, SetupRequirement.ApiKey, false, true), "Setup field display name");
            BadInputAssert.Throws<ArgumentException>("name", () => new Plan(new PlanId("growth"), name, 2, SlotAllowance.Of(5), 500), "Plan name");
        }
    }

    [Fact]
    public void Issue17_PlanNameInOptionsNotWellFormedOrWithAFormatCharacter_FailsValidationQuotingItEscaped()
    {
        foreach (var (name, shown) in new[] { ("Growth\u202E", "'Growth\\u202e'"), ("Growth \uD83D", "'Growth \\ud83d'") })
        {
            var options = ServiceFixture.TestOptions();
            options.Plans[0].Name = name;

            var result = new ConnectedAppsOptionsValidator("ShopIQ:Integrations").Validate(null, options);

            Assert.True(result.Failed);
            var failure = Assert.Single(result.Failures!);
            Assert.Contains("Plans:0:Name", failure, StringComparison.Ordinal);
            Assert.Contains(shown, failure, StringComparison.Ordinal);
            Assert.False(TextOracle.MustRefuse(failure), failure);
        }
    }

    [Fact]
    public void Issue17_DisplayNameWithAWholeEmoji_IsAccepted() =>
        Assert.Equal("Growth \uD83D\uDE80", new Plan(new PlanId("growth"), "Growth \uD83D\uDE80", 2, SlotAllowance.Of(5), 500).Name);
}

/// <summary>The regression of issue 17's first failure, for any repository.</summary>
internal static class TextRuleRegression
{
    public const string HalfEmojiReason = "Amazon said: account suspended \uD83D";

    /// <summary>
    /// An adapter refuses with half an emoji: the connect answers ProviderRefused with the reason cleaned (U+FFFD for the
    /// half), no slot stays in use, nothing pending is left, and a retry with the same key replays the refusal.
    /// </summary>
    public static async Task HalfEmojiRefusalAsync(IStoreRepository repository, StoreId id, bool callsOut)
    {
        var adapter = new TextRuleHarness.TextAdapter(callsOut) { OnConnect = () => ProviderCallResult.Refused(HalfEmojiReason) };
        using var service = new ConnectedAppsService(
            repository, [adapter], [], new FakeClock(StoreFixture.Start), Microsoft.Extensions.Options.Options.Create(ServiceFixture.TestOptions()),
            NullLogger<ConnectedAppsService>.Instance, null);
        var opened = await service.OpenStoreAsync(new OpenStoreCommand(id, TestPlans.Starter.Id, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        Assert.Equal(OutcomeStatus.StoreOpened, opened.Status);
        var command = new ConnectAppCommand(id, adapter.Descriptor.Key, adapter.ValidSetup, StoreFixture.Merchant, IdempotencyKey.New());

        var result = await service.ConnectAsync(command, CancellationToken.None);
        var again = await service.ConnectAsync(command, CancellationToken.None);

        Assert.Equal(OutcomeStatus.ProviderRefused, result.Status);
        Assert.Contains("Amazon said: account suspended \uFFFD", result.Message, StringComparison.Ordinal);
        Assert.False(TextOracle.MustRefuse(result.Message), result.Message);
        var store = (await service.GetStoreAsync(id, CancellationToken.None))!;
        Assert.Equal(0, store.SlotsInUse);
        Assert.Empty(store.GetApps());
        Assert.True(again.IsReplay);
        Assert.Equal(OutcomeStatus.ProviderRefused, again.Status);
        Assert.Equal(result.Message, again.Message);
        if (callsOut)
        {
            // An adapter that makes no remote call is asked before the store looks at the key, so only this one is asked once.
            Assert.Equal(1, adapter.ConnectCalls);
        }
    }
}
