using Npgsql;
using ShopIQ.Integrations.Core.PostgreSql;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// The transient retry is bounded by time, not by a count: the waits it schedules fill the budget (so a fast restart
/// of the server, a few seconds, is ridden out) and never overrun it.
/// </summary>
public sealed class RetryBudgetTests
{
    [Theory]
    [InlineData(10_000, 50)]
    [InlineData(3_000, 50)]
    [InlineData(30_000, 200)]
    public void Waits_FillTheBudgetAndNeverOverrunIt(int budgetMs, int firstDelayMs)
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1");
        using var repository = new PostgreSqlStoreRepository(dataSource, new PostgreSqlStoreOptions
        {
            TransientRetryBudget = TimeSpan.FromMilliseconds(budgetMs),
            TransientRetryDelay = TimeSpan.FromMilliseconds(firstDelayMs),
        });

        for (var run = 0; run < 200; run++)
        {
            var elapsed = TimeSpan.Zero;
            var attempt = 0;
            while (repository.NextWait(attempt, elapsed, out var wait))
            {
                Assert.InRange(wait, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
                elapsed += wait;
                attempt++;
            }

            Assert.InRange(elapsed, TimeSpan.FromMilliseconds(budgetMs) - TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(budgetMs));
            Assert.True(attempt >= 4, $"only {attempt} retries in {budgetMs} ms");
        }
    }

    [Fact]
    public void Waits_DoubleFromTheFirstDelay_WithJitter()
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1");
        using var repository = new PostgreSqlStoreRepository(dataSource, new PostgreSqlStoreOptions { TransientRetryDelay = TimeSpan.FromMilliseconds(100) });

        var seen = new HashSet<TimeSpan>();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(repository.NextWait(2, TimeSpan.Zero, out var wait));
            Assert.InRange(wait, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(600));
            seen.Add(wait);
        }

        Assert.True(seen.Count > 10, "the waits are not jittered");
    }

    [Fact]
    public void ZeroBudget_NeverRetries()
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1");
        using var repository = new PostgreSqlStoreRepository(dataSource, new PostgreSqlStoreOptions { TransientRetryBudget = TimeSpan.Zero });

        Assert.False(repository.NextWait(0, TimeSpan.Zero, out _));
    }
}
