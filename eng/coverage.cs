// Line and branch coverage of the domain and the service, from the Cobertura reports a test run leaves under
// TestResults/ (coverlet's collector, configured in tests/test.runsettings), checked against the floors in
// eng/coverage-floors.txt. Run after 'dotnet test ShopIQ.Integrations.Core.sln -c Release':
//
//     dotnet run eng/coverage.cs                  (reads TestResults/ and eng/coverage-floors.txt)
//     dotnet run eng/coverage.cs -- DIR FLOORS    (another results folder or floors file)
//
// Every test project and framework writes its own report; a line counts as covered when any report saw it run, and a
// line's branches count as the most any one report covered (a lower bound: two reports that covered different
// branches of one line are not added up). Prints each area's figures and exits 1 when an area is below its floor,
// when an area has no lines at all (coverage was not collected), or when no report is found.
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

var resultsDirectory = args.Length > 0 ? args[0] : "TestResults";
var floorsFile = args.Length > 1 ? args[1] : Path.Combine("eng", "coverage-floors.txt");

if (!Directory.Exists(resultsDirectory))
{
    Console.Error.WriteLine($"coverage: no results folder '{resultsDirectory}'; run the tests first");
    return 1;
}

var reports = Directory.GetFiles(resultsDirectory, "coverage.cobertura.xml", SearchOption.AllDirectories);
if (reports.Length == 0)
{
    Console.Error.WriteLine($"coverage: no coverage.cobertura.xml under '{resultsDirectory}'; is coverlet.collector referenced?");
    return 1;
}

// Source file (relative to src/, with '/' separators) → line number → what the reports saw on it.
var files = new Dictionary<string, Dictionary<int, LineSeen>>(StringComparer.Ordinal);
foreach (var report in reports)
{
    var document = XDocument.Load(report);
    var sources = document.Descendants("source").Select(s => s.Value).ToList();
    foreach (var @class in document.Descendants("class"))
    {
        var path = SourcePath(sources, (string?)@class.Attribute("filename") ?? string.Empty);
        if (!files.TryGetValue(path, out var lines))
        {
            lines = [];
            files.Add(path, lines);
        }

        // Lines are listed under each method and again under the class; the same values either way.
        foreach (var line in @class.Descendants("line"))
        {
            var number = int.Parse((string)line.Attribute("number")!, CultureInfo.InvariantCulture);
            var hits = long.Parse((string)line.Attribute("hits")!, CultureInfo.InvariantCulture);
            var (branchesCovered, branches) = Branches((string?)line.Attribute("condition-coverage"));
            lines[number] = lines.TryGetValue(number, out var seen)
                ? new LineSeen(seen.Covered || hits > 0, Math.Max(seen.BranchesCovered, branchesCovered), Math.Max(seen.Branches, branches))
                : new LineSeen(hits > 0, branchesCovered, branches);
        }
    }
}

// The areas: the domain's folders and the service, in src/ShopIQ.Integrations.Core. The built-in providers' offline
// adapters (Providers/BuiltIn/*Provider.cs) are adapters, not domain, and are left out of Providers.
var areas = new (string Name, Func<string, bool> Contains)[]
{
    ("Stores", p => p.StartsWith("ShopIQ.Integrations.Core/Stores/", StringComparison.Ordinal)),
    ("Slots", p => p.StartsWith("ShopIQ.Integrations.Core/Slots/", StringComparison.Ordinal)),
    ("Plans", p => p.StartsWith("ShopIQ.Integrations.Core/Plans/", StringComparison.Ordinal)),
    ("Impact", p => p.StartsWith("ShopIQ.Integrations.Core/Impact/", StringComparison.Ordinal)),
    ("Providers", p => p.StartsWith("ShopIQ.Integrations.Core/Providers/", StringComparison.Ordinal)
        && !Regex.IsMatch(p, "^ShopIQ\\.Integrations\\.Core/Providers/BuiltIn/[^/]*Provider\\.cs$")),
    ("Services", p => p.StartsWith("ShopIQ.Integrations.Core/Services/", StringComparison.Ordinal)),
};

var floors = ReadFloors(floorsFile);
var failures = 0;
Console.WriteLine($"coverage from {reports.Length} report(s) under {resultsDirectory}/ (floors: {floorsFile})");
Console.WriteLine($"{"area",-12} {"lines",18} {"branches",18}   floor (lines / branches)");
foreach (var (name, contains) in areas)
{
    var area = Measure(files.Where(f => contains(f.Key)).SelectMany(f => f.Value.Values));
    var floor = floors.TryGetValue(name, out var f) ? f : null;
    Console.WriteLine($"{name,-12} {Figure(area.LinesCovered, area.Lines),18} {Figure(area.BranchesCovered, area.Branches),18}   "
        + (floor is null ? "none" : $"{floor.Lines:0.0}% / {floor.Branches:0.0}%"));
    if (area.Lines == 0)
    {
        Console.Error.WriteLine($"coverage: {name} has no lines in the reports; coverage was not collected for it");
        failures++;
        continue;
    }

    if (floor is null)
    {
        Console.Error.WriteLine($"coverage: {floorsFile} has no floor for {name}");
        failures++;
        continue;
    }

    if (Percent(area.LinesCovered, area.Lines) < floor.Lines || Percent(area.BranchesCovered, area.Branches) < floor.Branches)
    {
        Console.Error.WriteLine($"coverage: {name} is below its floor; cover the new code, or name it in the change if it is unreachable");
        failures++;
    }
}

// The packages as a whole, for information only (adapters and persistence are tested mostly on PostgreSQL and fakes).
foreach (var package in files.Keys.Select(p => p.Split('/')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
{
    var whole = Measure(files.Where(f => f.Key.StartsWith(package + "/", StringComparison.Ordinal)).SelectMany(f => f.Value.Values));
    Console.WriteLine($"{package + " (all)",-40} lines {Figure(whole.LinesCovered, whole.Lines)}, branches {Figure(whole.BranchesCovered, whole.Branches)}");
}

return failures == 0 ? 0 : 1;

// The file's path from src/ on: reports name it relative to one of their <source> folders, which is /_/src/ or the
// local src/ folder depending on the build.
static string SourcePath(List<string> sources, string filename)
{
    var path = filename.Replace('\\', '/');
    if (!Path.IsPathRooted(path) && sources.Count > 0)
    {
        path = sources[0].Replace('\\', '/').TrimEnd('/') + "/" + path;
    }

    var at = path.LastIndexOf("/src/", StringComparison.Ordinal);
    return at >= 0 ? path[(at + "/src/".Length)..] : path;
}

// "50% (1/2)" → (1, 2); no attribute → (0, 0).
static (int Covered, int Total) Branches(string? conditionCoverage)
{
    if (conditionCoverage is null)
    {
        return (0, 0);
    }

    var match = Regex.Match(conditionCoverage, @"\((\d+)/(\d+)\)");
    return match.Success
        ? (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
        : (0, 0);
}

static Totals Measure(IEnumerable<LineSeen> lines)
{
    var totals = new Totals(0, 0, 0, 0);
    foreach (var line in lines)
    {
        totals = new Totals(totals.Lines + 1, totals.LinesCovered + (line.Covered ? 1 : 0),
            totals.Branches + line.Branches, totals.BranchesCovered + line.BranchesCovered);
    }

    return totals;
}

static double Percent(int covered, int total) => total == 0 ? 100.0 : 100.0 * covered / total;

static string Figure(int covered, int total) =>
    string.Create(CultureInfo.InvariantCulture, $"{Percent(covered, total),5:0.0}% ({covered}/{total})");

// Lines "AREA LINE% BRANCH%"; '#' starts a comment.
static Dictionary<string, Floor> ReadFloors(string file)
{
    var floors = new Dictionary<string, Floor>(StringComparer.Ordinal);
    if (!File.Exists(file))
    {
        return floors;
    }

    foreach (var raw in File.ReadAllLines(file))
    {
        var line = raw.Split('#')[0].Trim();
        if (line.Length == 0)
        {
            continue;
        }

        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
        {
            throw new FormatException($"{file}: '{raw}' is not 'AREA LINE% BRANCH%'");
        }

        floors[parts[0]] = new Floor(
            double.Parse(parts[1].TrimEnd('%'), CultureInfo.InvariantCulture),
            double.Parse(parts[2].TrimEnd('%'), CultureInfo.InvariantCulture));
    }

    return floors;
}

internal sealed record LineSeen(bool Covered, int BranchesCovered, int Branches);

internal sealed record Totals(int Lines, int LinesCovered, int Branches, int BranchesCovered);

internal sealed record Floor(double Lines, double Branches);
