using FsCheck.Xunit;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// The text rule through the service, in memory (the PostgreSQL twin, which also compares the two repositories, is
/// PostgreSqlTextRuleTests): any text as any id, key, name, setup value or adapter text is refused clearly with nothing
/// changed, or kept and read back equal; adapter text never throws and is kept only cleaned.
/// </summary>
public sealed class TextRulePropertyTests
{
    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 400, QuietOnSuccess = true)]
    public void AnyTextThroughTheServiceInMemory_IsRefusedClearlyOrKeptEqualOrKeptCleaned(TextCase input) =>
        TextRuleHarness.Run(input, new InMemoryStoreRepository(), Guid.NewGuid().ToString("N"));
}
