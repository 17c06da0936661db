using System.Reflection;
using System.Runtime.Versioning;
using ShopIQ.Integrations.Core.Http;

namespace ShopIQ.Integrations.Core.Tests;

/// <summary>
/// This project is built for net10.0 and net8.0 so that the net8.0 assemblies the packages ship are executed by the
/// whole suite, not only compiled. These tests check that each build really loaded the libraries' build for its own
/// framework (a net8.0 test run that loaded the net10.0 libraries would prove nothing about the net8.0 ones).
/// </summary>
public sealed class TargetFrameworkTests
{
    [Fact]
    public void TheLibrariesLoaded_AreTheBuildForThisTestRunsFramework()
    {
        var expected = typeof(TargetFrameworkTests).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;

        Assert.Equal(expected, FrameworkOf(typeof(Store).Assembly));
        Assert.Equal(expected, FrameworkOf(typeof(HttpProvidersOptions).Assembly));
    }

    private static string? FrameworkOf(Assembly assembly) =>
        assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
}
