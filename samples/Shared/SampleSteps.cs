using System.Diagnostics.CodeAnalysis;
using ShopIQ.Integrations.Core;

/// <summary>The steps' checks and printing, shared by the service samples: a surprise prints why and exits 1.</summary>
internal static class SampleSteps
{
    public static string List<T>(IEnumerable<T> items) => string.Join(", ", items) is { Length: > 0 } text ? text : "none";

    /// <summary>The result of a command that ran now, with the status expected.</summary>
    public static ConnectedAppsResult Expect(ConnectedAppsResult result, OutcomeStatus status)
    {
        if (result.Status != status || result.IsReplay)
        {
            Fail($"expected {status}, got {result}");
        }

        return result;
    }

    /// <summary>The result of a command sent again with the same idempotency key: the first run's status, and nothing acted again.</summary>
    public static ConnectedAppsResult ExpectReplay(ConnectedAppsResult result, OutcomeStatus status)
    {
        if (result.Status != status || !result.IsReplay)
        {
            Fail($"expected a replay of {status}, got {result}");
        }

        return result;
    }

    public static void Heading(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
    }

    public static void Check([DoesNotReturnIf(false)] bool condition, string problem)
    {
        if (!condition)
        {
            Fail(problem);
        }
    }

    public static T Require<T>(T? value, string problem)
        where T : class
    {
        if (value is null)
        {
            Fail(problem);
        }

        return value;
    }

    /// <summary>The last step of a sample: no printed line may have held a secret (R5). Returns the exit code, 0.</summary>
    public static int Complete(SecretGuard guard, string sample)
    {
        Check(guard.LinesWithheld == 0, $"{guard.LinesWithheld} printed lines held a secret");
        Console.WriteLine();
        Console.WriteLine($"{sample} complete: every step gave the expected outcome, and no secret was printed.");
        return 0;
    }

    [DoesNotReturn]
    public static void Fail(string message)
    {
        Console.Error.WriteLine($"ERROR: {message}");
        Environment.Exit(1);
    }
}
