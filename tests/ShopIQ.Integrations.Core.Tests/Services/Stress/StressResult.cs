namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>What a stress run reports once its audit passed.</summary>
/// <param name="Report">The counts, for the test output.</param>
/// <param name="ConflictAnswers">How many sends answered <c>Conflict</c>.</param>
internal sealed record StressResult(string Report, int ConflictAnswers);
