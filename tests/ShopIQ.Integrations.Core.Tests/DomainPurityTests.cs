using System.Reflection;

namespace ShopIQ.Integrations.Core.Tests;

/// <summary>
/// The domain stays pure: types declared in the domain folders depend on the BCL and NodaTime only. Logging,
/// options, DI and metrics live in Services, DependencyInjection and Diagnostics, at the edges. The domain and the
/// service share one namespace (a service needs one <c>using</c>), so the domain is told by the folder its source is in.
/// </summary>
public sealed class DomainPurityTests
{
    private static readonly string[] DomainFolders = ["Plans", "Providers", "Stores", "Slots", "Impact", "Events", "Persistence", "Text"];

    [Fact]
    public void DomainTypes_Signatures_ReferenceOnlyTheBclNodaTimeAndTheLibrary()
    {
        var library = typeof(Store).Assembly;
        var domain = DomainTypeNames();
        var types = library.GetTypes().Where(t => domain.Contains(Outermost(t).Name.Split('`')[0])).ToArray();
        Assert.Contains(typeof(Store), types);
        Assert.Contains(typeof(SlotLedger), types);
        Assert.DoesNotContain(typeof(ConnectedAppsService), types);

        var offenders = new List<string>();
        foreach (var type in types)
        {
            foreach (var used in UsedTypes(type))
            {
                var assembly = used.Assembly.GetName().Name ?? string.Empty;
                if (!(assembly.StartsWith("System", StringComparison.Ordinal) || assembly is "netstandard" or "mscorlib" or "NodaTime" || used.Assembly == library))
                {
                    offenders.Add($"{type.FullName} uses {used.FullName} from {assembly}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void PersistenceTypes_ReferenceNoServiceType()
    {
        var library = typeof(Store).Assembly;
        var persistence = TypeNames("Persistence");
        var services = TypeNames("Services");
        Assert.Contains(nameof(IdempotencyRecord), persistence);
        Assert.Contains(nameof(ConnectedAppsService), services);

        var offenders = library.GetTypes()
            .Where(t => persistence.Contains(Outermost(t).Name.Split('`')[0]))
            .SelectMany(t => UsedTypes(t).Where(u => u.Assembly == library && services.Contains(Outermost(u).Name.Split('`')[0])).Select(u => $"{t.Name} uses {u.Name}"))
            .ToArray();

        Assert.Empty(offenders);
    }

    /// <summary>The names of the types declared in the domain folders' sources.</summary>
    private static HashSet<string> DomainTypeNames() => TypeNames(DomainFolders);

    /// <summary>The names of the types declared in the sources of <paramref name="folders"/>.</summary>
    private static HashSet<string> TypeNames(params string[] folders)
    {
        var src = Path.Combine(RepositoryRoot(), "src", "ShopIQ.Integrations.Core");
        var declaration = new System.Text.RegularExpressions.Regex(@"^(?:public |internal )(?:[a-z]+ )*(?:class|record|struct|enum|interface) (\w+)");
        return folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(src, folder), "*.cs", SearchOption.AllDirectories))
            .SelectMany(File.ReadLines)
            .Select(line => declaration.Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    [Fact]
    public void DomainSources_UsingDirectives_NameNoInfrastructure()
    {
        var src = Path.Combine(RepositoryRoot(), "src", "ShopIQ.Integrations.Core");
        var offenders = DomainFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(src, folder), "*.cs", SearchOption.AllDirectories))
            .SelectMany(file => File.ReadLines(file).Select(line => (file, line)))
            .Where(x => x.line.Contains("Microsoft.Extensions", StringComparison.Ordinal)
                || x.line.Contains("System.Diagnostics.Metrics", StringComparison.Ordinal)
                || x.line.Contains("ILogger", StringComparison.Ordinal)
                || x.line.Contains("System.Net.Http", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(src, x.file)}: {x.line.Trim()}")
            .ToArray();

        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(src, "Stores"), "*.cs"));
        Assert.Empty(offenders);
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            direct.Add(baseType);
        }

        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }

            direct.AddRange(method.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []);
        }

        return direct.SelectMany(Expand).Distinct();

        static IEnumerable<Type> Expand(Type t)
        {
            if (t.HasElementType)
            {
                return Expand(t.GetElementType()!);
            }

            return t.IsGenericType && !t.IsGenericTypeDefinition
                ? t.GetGenericArguments().SelectMany(Expand).Prepend(t.GetGenericTypeDefinition())
                : t.IsGenericParameter ? [] : [t];
        }
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
