using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// An adapter that throws is an answer, not an exception: the call comes to nothing and the operator reads one error,
/// event 5 "Provider {Provider} failed {Call} for store {Store}: {ExceptionType}: {ExceptionMessage}", whose message has
/// the setup's secrets redacted, control characters turned into spaces, invisible characters removed and long text cut.
/// A call that failed is told apart from one that ran out of time; the caller's own cancellation is thrown to the
/// caller and not logged as the provider's failure.
/// </summary>
public sealed class AdapterFailureLogTests
{
    private const string Prefix = "Provider fake-ads failed";

    [Fact]
    public async Task AConnectThatThrowsRepeatingTheSecret_IsLoggedWithTheSecretRedacted()
    {
        var adapter = FakeAdapter.Advertising().ThrowingWithSecret();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);

        var result = await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.Equal(OutcomeStatus.ProviderFailed, result.Status);
        Assert.Equal([$"{Prefix} connect for store store-1: InvalidOperationException: HTTP 401 from provider for token [redacted]"], fixture.Logged(5));
    }

    [Fact]
    public async Task AnExceptionMessageWithLineBreaksInvisibleCharactersAndLongText_IsLoggedCleanedAndCut()
    {
        var adapter = FakeAdapter.Advertising();
        var tail = new string('x', 1500);
        adapter.OnConnect = (_, _) => Task.FromException<ProviderCallResult>(new InvalidOperationException("bad\r\nthing\u200B " + tail));
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);

        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        var cleaned = ("bad  thing " + tail)[..999] + "\u2026";
        Assert.Equal(1000, cleaned.Length);
        Assert.Equal([$"{Prefix} connect for store store-1: InvalidOperationException: {cleaned}"], fixture.Logged(5));
    }

    [Fact]
    public async Task AnExceptionWithABlankMessage_IsLoggedAsNoReasonGiven()
    {
        var adapter = FakeAdapter.Advertising();
        adapter.OnConnect = (_, _) => Task.FromException<ProviderCallResult>(new InvalidOperationException(" \t "));
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);

        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        Assert.Equal([$"{Prefix} connect for store store-1: InvalidOperationException: No reason was given."], fixture.Logged(5));
    }

    [Fact]
    public async Task LiveFactsThatThrow_AreMissingAsFailed_AndLoggedWithTheExceptionTypeAndMessage()
    {
        var adapter = FakeAdapter.Advertising().WithFailingLiveFacts();
        using var fixture = await Connected(adapter);

        var report = await fixture.Service.AssessImpactAsync(ServiceFixture.StoreId, adapter.Key, CancellationToken.None);

        Assert.Equal([new MissingFacts(adapter.Key, MissingFactsReason.Failed)], report!.Missing);
        Assert.Equal([$"{Prefix} live facts for store store-1: HttpRequestException: The provider's API answered 503."], fixture.Logged(5));
    }

    [Fact]
    public async Task AnAdapterThatCancelsItsOwnCallBeforeItsBudget_FailedRatherThanTimedOut()
    {
        var adapter = FakeAdapter.Advertising();
        adapter.OnLiveFacts = _ => Task.FromException<IReadOnlyList<LiveFact>>(new OperationCanceledException("The provider's client gave up."));
        using var fixture = await Connected(adapter);

        var report = await fixture.Service.AssessImpactAsync(ServiceFixture.StoreId, adapter.Key, CancellationToken.None);

        Assert.Equal([new MissingFacts(adapter.Key, MissingFactsReason.Failed)], report!.Missing);
        Assert.Equal([$"{Prefix} live facts for store store-1: OperationCanceledException: The provider's client gave up."], fixture.Logged(5));
    }

    [Fact]
    public async Task AnAdapterThatAnswersNull_FailedAndIsLoggedAsAnsweringNull()
    {
        var adapter = FakeAdapter.Advertising();
        adapter.OnLiveFacts = _ => Task.FromResult<IReadOnlyList<LiveFact>>(null!);
        using var fixture = await Connected(adapter);

        var report = await fixture.Service.AssessImpactAsync(ServiceFixture.StoreId, adapter.Key, CancellationToken.None);

        Assert.Equal([new MissingFacts(adapter.Key, MissingFactsReason.Failed)], report!.Missing);
        Assert.Equal([$"{Prefix} live facts for store store-1: InvalidOperationException: Adapter FakeAdapter answered null."], fixture.Logged(5));
    }

    [Fact]
    public async Task TheCallersOwnCancellation_IsThrownToTheCaller_AndNotLoggedAsTheProvidersFailure()
    {
        var adapter = FakeAdapter.Advertising();
        using var caller = new CancellationTokenSource();
        adapter.OnLiveFacts = token =>
        {
            caller.Cancel();
            return Task.FromCanceled<IReadOnlyList<LiveFact>>(token);
        };
        using var fixture = await Connected(adapter);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Service.AssessImpactAsync(ServiceFixture.StoreId, adapter.Key, caller.Token));

        Assert.Equal(1, adapter.LiveFactsCalls);
        Assert.Empty(fixture.Logged(5));
        Assert.Empty(fixture.Logged(7));
    }

    [Fact]
    public async Task CleanAdapterText_RedactsEverySecretOfTheSetupBeforeCleaning_AndLeavesPlainValues()
    {
        var setup = FakeAdapter.ValidSetup.WithSecret("other-secret", new SecretValue("OTHERsecret\nvalue"));

        var text = AdapterInvoker.CleanAdapterText($"account acct-1001, token {FakeAdapter.Token}, other OTHERsecret\nvalue.", setup);

        Assert.Equal("account acct-1001, token [redacted], other [redacted].", text);
        Assert.Equal("No reason was given.", AdapterInvoker.CleanAdapterText(null, setup));
    }

    private static async Task<ServiceFixture> Connected(FakeAdapter adapter)
    {
        var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup)).Status);
        return fixture;
    }
}
