using System.Text.RegularExpressions;

namespace ShopIQ.Integrations.Core.Tests;

/// <summary>
/// The docs stay true to the code: every C# block they show is a region of the compiled snippets project
/// (docs/snippets), and every rule id used in code, tests or docs is a rule that docs/rules.md states.
/// </summary>
public sealed partial class DocsTests
{
    private static readonly string Root = RepositoryRoot();

    [Fact]
    public void EveryCSharpBlockInTheDocs_IsACompiledSnippet()
    {
        var regions = SnippetRegions();
        var problems = new List<string>();
        var blocks = 0;
        foreach (var path in DocFiles())
        {
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!FenceOpen().IsMatch(lines[i]))
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
                var where = $"{Path.GetRelativePath(Root, path)}:{i + 1}";
                if (end < 0)
                {
                    problems.Add($"{where}: the block is never closed");
                    break;
                }

                blocks++;
                var marker = i > 0 ? SnippetMarker().Match(lines[i - 1]) : Match.Empty;
                var body = string.Join("\n", lines[(i + 1)..end]);
                if (!marker.Success)
                {
                    problems.Add($"{where}: a csharp block without a '<!-- snippet: Name -->' line above it");
                }
                else if (!regions.TryGetValue(marker.Groups[1].Value, out var region))
                {
                    problems.Add($"{where}: no #region {marker.Groups[1].Value} in docs/snippets");
                }
                else if (region != body)
                {
                    problems.Add($"{where}: differs from #region {marker.Groups[1].Value} (run eng/sync-snippets.py)");
                }

                i = end;
            }
        }

        Assert.True(blocks >= 8, $"only {blocks} csharp blocks found in the docs: is the repository root right?");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void EveryRuleIdInCodeTestsAndDocs_IsARuleOfDocsRules()
    {
        var stated = RuleHeading().Matches(File.ReadAllText(Path.Combine(Root, "docs", "rules.md")))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(1, 19).Select(n => $"R{n}"), stated.OrderBy(r => int.Parse(r[1..], System.Globalization.CultureInfo.InvariantCulture)));

        var files = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "samples"), "*.cs", SearchOption.AllDirectories))
            .Concat(DocFiles())
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var unknown = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in files)
        {
            foreach (Match m in RuleId().Matches(File.ReadAllText(path)))
            {
                used.Add(m.Value);
                if (!stated.Contains(m.Value))
                {
                    unknown.Add($"{Path.GetRelativePath(Root, path)}: {m.Value}");
                }
            }
        }

        Assert.True(used.Count >= 19, $"only {used.Count} rule ids found in {files.Count} files");
        Assert.True(unknown.Count == 0, "rule ids docs/rules.md does not state: " + string.Join(", ", unknown.Distinct()));
    }

    [Fact]
    public void EveryRule_HasATestNamedAfterIt()
    {
        var tests = string.Join("\n", Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var untested = Enumerable.Range(1, 19)
            .Where(n => !Regex.IsMatch(tests, $@"(void|Task|Property)\s+R{n}_\w+\s*\("))
            .Select(n => $"R{n}")
            .ToList();
        Assert.True(untested.Count == 0, "rules with no test method named R<n>_...: " + string.Join(", ", untested));
    }

    [Fact]
    public void EveryProofFileNamedOnTheRulesPage_Exists()
    {
        var missing = new List<string>();
        var named = 0;
        foreach (var line in File.ReadAllLines(Path.Combine(Root, "docs", "rules.md")).Where(l => l.StartsWith("- **Proven by**", StringComparison.Ordinal)))
        {
            // "(under `tests/X/`): `a.cs`, `b.cs`; on PostgreSQL (under `tests/Y/`): `c.cs`."
            foreach (Match group in ProofGroup().Matches(line))
            {
                foreach (Capture file in group.Groups[2].Captures)
                {
                    named++;
                    if (!File.Exists(Path.Combine(Root, group.Groups[1].Value, file.Value)))
                    {
                        missing.Add(group.Groups[1].Value + file.Value);
                    }
                }
            }
        }

        Assert.True(named >= 19, $"only {named} proof files named on docs/rules.md: has the Proven by format changed?");
        Assert.True(missing.Count == 0, "proof files named on docs/rules.md that do not exist: " + string.Join(", ", missing));
    }

    private static Dictionary<string, string> SnippetRegions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Path.Combine(Root, "docs", "snippets"), "*.cs"))
        {
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                var open = RegionOpen().Match(lines[i]);
                if (!open.Success)
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.Trim().StartsWith("#endregion", StringComparison.Ordinal));
                var body = lines[(i + 1)..end];
                var indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
                Assert.True(regions.TryAdd(open.Groups[1].Value, string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()))), $"#region {open.Groups[1].Value} twice");
                i = end;
            }
        }

        return regions;
    }

    private static IEnumerable<string> DocFiles() =>
        new[] { Path.Combine(Root, "README.md"), Path.Combine(Root, "CONTRIBUTING.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "src"), "PACKAGE.md", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md"))
            .Where(File.Exists);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ShopIQ.Integrations.Core.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (with ShopIQ.Integrations.Core.sln) was not found above the test output.");
    }

    [GeneratedRegex(@"\(under `([^`]+/)`\): (?:`([^`]+)`(?:, |;|\.$))+")]
    private static partial Regex ProofGroup();

    [GeneratedRegex(@"^```(csharp|cs|c#)\s*$")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"^<!-- snippet: (\w+) -->\s*$")]
    private static partial Regex SnippetMarker();

    [GeneratedRegex(@"^\s*#region (\w+)\s*$")]
    private static partial Regex RegionOpen();

    [GeneratedRegex(@"^## (R\d+) ", RegexOptions.Multiline)]
    private static partial Regex RuleHeading();

    [GeneratedRegex(@"(?<![\w.-])R\d+(?=_|\b)(?![.-]\d)")]
    private static partial Regex RuleId();
}
