namespace ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

/// <summary>
/// The test classes that share one throwaway cluster; xunit runs them one after another. Use
/// <c>[Collection(PostgresCollection.Name)]</c> and take a <see cref="PostgresClusterFixture"/> in the constructor.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PostgreSql";
}
