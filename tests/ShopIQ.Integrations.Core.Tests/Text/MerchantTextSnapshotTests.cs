using System.Globalization;
using System.Text;
namespace ShopIQ.Integrations.Core.Tests.Text;

/// <summary>
/// Every merchant text of a store walk-through and a service session, compared with the approved file beside this
/// test: a wording change is a reviewed diff of english-texts.approved.txt, never a surprise. The Hindi and Assamese
/// files show native-speaker reviewers each translation in the sentences merchants will read.
/// </summary>
public sealed class MerchantTextSnapshotTests
{
    [Theory]
    [InlineData("", "english")]
    [InlineData("hi", "hindi")]
    [InlineData("as", "assamese")]
    public async Task Texts_OfRealOutcomes_MatchTheApprovedFile(string cultureName, string language)
    {
        var culture = CultureInfo.GetCultureInfo(cultureName);
        var text = new StringBuilder();
        text.Append($"# The {language} merchant texts of real outcomes (MerchantText.Describe), as approved.\n");
        text.Append($"# On a wording change, review {language}-texts.received.txt and copy it over this file.\n\n");
        text.Append("## Store\n\n");
        foreach (var (label, outcome) in MerchantTextScenarios.StoreOutcomes())
        {
            text.Append($"{label}\n  {outcome.Status}: {MerchantText.Describe(outcome, culture)}\n\n");
        }

        text.Append("## Service\n\n");
        foreach (var (label, result) in await MerchantTextScenarios.ServiceResultsAsync())
        {
            text.Append($"{label}\n  {result.Status}{(result.IsReplay ? " (replay)" : "")}: {MerchantText.Describe(result, culture)}\n\n");
        }

        AssertMatchesApproved(language, text.ToString());
    }

    private static void AssertMatchesApproved(string language, string received)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "ShopIQ.Integrations.Core.Tests", "Text");
        var approvedPath = Path.Combine(folder, $"{language}-texts.approved.txt");
        var receivedPath = Path.Combine(folder, $"{language}-texts.received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        if (string.Equals(approved, received, StringComparison.Ordinal))
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail($"The {language} merchant texts changed. Received: {receivedPath}\n{Diff(approved, received)}");
    }

    /// <summary>The lines only one side has, in order: enough to see what changed without a diff tool.</summary>
    private static string Diff(string approved, string received)
    {
        var before = approved.Split('\n');
        var after = received.Split('\n');
        var lines = new StringBuilder();
        foreach (var line in before.Except(after))
        {
            lines.Append("- ").Append(line).Append('\n');
        }

        foreach (var line in after.Except(before))
        {
            lines.Append("+ ").Append(line).Append('\n');
        }

        return lines.Length == 0 ? "(the same lines, in another order or count)" : lines.ToString();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ShopIQ.Integrations.Core.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (with ShopIQ.Integrations.Core.sln) was not found above the test output.");
    }
}
