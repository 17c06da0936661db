using ShopIQ.Integrations.Core.Tests.Services.Stress;
using Xunit.Abstractions;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// The in-process concurrency proof of the service (R3, R6, R15, R18 and idempotency): 16 callers on their own
/// threads send a seeded mix of every command to three small stores at once, with retries, duplicates, adapters
/// that refuse, fail, yield or stall, a clock that moves past reservations, and a host sweeping meanwhile. Then
/// <see cref="StressAudit"/> checks every ledger against every answer a caller saw.
/// </summary>
public sealed class ConnectedAppsServiceStressTests(ITestOutputHelper output)
{
    private const int Callers = 16;
    private const int OperationsPerCaller = 300;

    [Fact]
    public async Task R3_SixteenCallersOnThreeStores_LedgersVerifyAndAccountForEveryAnswer()
    {
        var run = await StressRun.RunAsync(maxConflictRetries: 10, seed: 1125, Callers, OperationsPerCaller);
        output.WriteLine(run.Report);
    }

    [Fact]
    public async Task R3_SixteenCallersWithoutConflictRetries_ConflictsChangeNothing()
    {
        var run = await StressRun.RunAsync(maxConflictRetries: 0, seed: 2511, Callers, OperationsPerCaller);
        output.WriteLine(run.Report);

        // The audit proved every Conflict answer changed nothing; this proves there were some to prove it on.
        Assert.True(run.ConflictAnswers > 0, "No command answered Conflict, so the run did not reach the path it is meant to test.\n" + run.Report);
    }
}
