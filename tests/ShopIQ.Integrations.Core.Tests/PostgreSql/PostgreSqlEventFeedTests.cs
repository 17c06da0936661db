using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core.Testing;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>The PostgreSQL feed and subscriptions on things the in-memory repository cannot get wrong: commit numbers and a sink failing in a real database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlEventFeedTests(PostgresClusterFixture cluster)
{
    private static readonly StoreId Store = new("feed-order-1");

    [PostgresFact]
    public async Task ReadFeed_OrdersCommitNumbersAsNumbers_AcrossADigitBoundary_SkippingNothing()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "feedorder");
        await LedgerEvents.OpenStoresAsync(database.ConnectionString, [Store]);
        await using (var instance = RaceWorkload.BuildInstance(database.ConnectionString))
        {
            var service = instance.GetRequiredService<ConnectedAppsService>();
            foreach (var (app, setup) in RaceWorkload.Apps.Take(4))
            {
                var connected = await service.ConnectAsync(new ConnectAppCommand(Store, new ProviderKey(app), setup, Actor.Merchant("m"), IdempotencyKey.New()), CancellationToken.None);
                Assert.True(connected.IsSuccess, connected.ToString());
            }
        }

        // The cluster's transaction ids are wherever other tests left them; give the changes ids on both sides of digit
        // boundaries, in store order, as a long-lived cluster's would be some day (all below any id the cluster hands out).
        long[] ids = [7, 8, 9, 10, 11, 12, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106];
        var changes = 0;
        await database.BypassingGuardsAsync(async (connection, transaction) =>
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "WITH r AS (SELECT store_id, sequence, row_number() OVER (ORDER BY sequence) AS n FROM shopiq.ledger WHERE events IS NOT NULL) " +
                "UPDATE shopiq.ledger l SET tx_id = ($1::bigint[])[r.n]::text::xid8 FROM r WHERE l.store_id = r.store_id AND l.sequence = r.sequence",
                connection,
                transaction);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ids });
            changes = await command.ExecuteNonQueryAsync();
        });
        Assert.True(changes >= 4 && changes <= ids.Length, $"{changes} changes with events.");

        await using var repository = database.NewRepository();
        var commits = new List<long>();
        var after = FeedPosition.Start;
        for (var page = await repository.ReadFeedAsync(after, 1, CancellationToken.None); page.Events.Count > 0; page = await repository.ReadFeedAsync(after, 1, CancellationToken.None))
        {
            commits.Add(page.Next.Commit);
            after = page.Next;
        }

        Assert.Equal(ids.Take(changes), commits);
        Assert.Equal(ids[changes - 1], (await repository.ReadFeedHeadAsync(CancellationToken.None)).Commit);
    }
}
