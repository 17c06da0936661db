using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Testing;
using ShopIQ.Integrations.Core.Tests.Events;
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

    [PostgresFact]
    public async Task AHandlerThatFails_IsRetriedThenParked_TheRestGoOn_AndARetryAfterTheFixDeliversIt()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "feedpark");
        await LedgerEvents.OpenStoresAsync(database.ConnectionString, [Store]);
        var handler = new EventSubscriptionTests.RecordingHandler { FailOn = e => e.Event is ConnectionActivated { Provider.Value: "wati" } };
        await using var instance = RaceWorkload.BuildInstance(
            database.ConnectionString,
            extend: builder =>
            {
                builder.Services.AddSingleton(handler);
                builder.AddEventSubscription<EventSubscriptionTests.RecordingHandler>("billing", options =>
                {
                    options.MaxAttempts = 3;
                    options.PollInterval = TimeSpan.FromMilliseconds(20);
                    options.RetryDelay = TimeSpan.FromMilliseconds(5);
                    options.MaxRetryDelay = TimeSpan.FromMilliseconds(20);
                });
            });
        var hosted = instance.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        try
        {
            var connectedApps = instance.GetRequiredService<ConnectedAppsService>();
            foreach (var (app, setup) in RaceWorkload.Apps.Take(4))
            {
                var connected = await connectedApps.ConnectAsync(new ConnectAppCommand(Store, new ProviderKey(app), setup, Actor.Merchant("m"), IdempotencyKey.New()), CancellationToken.None);
                Assert.True(connected.IsSuccess, connected.ToString());
            }

            await using var repository = database.NewRepository();
            var feed = (await repository.ReadFeedAsync(FeedPosition.Start, 1000, CancellationToken.None)).Events;
            var poisoned = Assert.Single(feed, e => e.Event is ConnectionActivated { Provider.Value: "wati" });
            Assert.NotEqual(poisoned, feed[^1]);

            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var subscriptions = instance.GetRequiredService<EventSubscriptions>();
            IReadOnlyList<ParkedEvent> parked;
            while ((parked = await subscriptions.ReadParkedAsync("billing", 10, CancellationToken.None)).Count == 0 || handler.Delivered.Count < feed.Count - 1)
            {
                Assert.True(DateTime.UtcNow < until, $"Not parked and delivered in time: {handler.Delivered.Count} of {feed.Count - 1} delivered, {parked.Count} parked.");
                await Task.Delay(20);
            }

            // The events after the poisoned one went on, in order, and it was tried MaxAttempts times, then parked.
            Assert.Equal(feed.Where(e => e.Id != poisoned.Id).Select(e => e.Id), handler.Delivered.Select(e => e.Id));
            Assert.Equal(3, handler.Attempts(poisoned.Id));
            var one = Assert.Single(parked);
            Assert.Equal(poisoned.Id, one.Event.Id);
            Assert.Equal(poisoned.Position, one.Event.Position);
            Assert.Equal(poisoned.Event.ToString(), one.Event.Event.ToString());
            Assert.Equal(3, one.Attempts);
            Assert.Contains("InvalidOperationException", one.Reason, StringComparison.Ordinal);

            await Assert.ThrowsAsync<InvalidOperationException>(() => subscriptions.RetryParkedAsync(one, CancellationToken.None));
            Assert.Single(await subscriptions.ReadParkedAsync("billing", 10, CancellationToken.None));

            handler.FailOn = _ => false;
            Assert.True(await subscriptions.RetryParkedAsync(one, CancellationToken.None));
            Assert.Equal(poisoned.Id, handler.Delivered[^1].Id);
            Assert.Empty(await subscriptions.ReadParkedAsync("billing", 10, CancellationToken.None));
            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.parked_events"));
        }
        finally
        {
            for (var i = hosted.Count - 1; i >= 0; i--)
            {
                await hosted[i].StopAsync(CancellationToken.None);
            }
        }
    }
}
