using System.Collections.Concurrent;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>
/// One command a stress caller made, and every answer the service gave it: its first send, its retries
/// with the same idempotency key, and duplicates sent at the same moment (by the same or another caller).
/// Its actor is used by no other command, so the ledger entries it wrote can be told apart.
/// </summary>
internal sealed class SentCommand(ConnectedAppsCommand command, StressOp op, int namedApps)
{
    public ConnectedAppsCommand Command { get; } = command;

    public StressOp Op { get; } = op;

    /// <summary>For a plan change, how many apps it names to disconnect.</summary>
    public int NamedApps { get; } = namedApps;

    public ConcurrentQueue<ConnectedAppsResult> Answers { get; } = new();

    public string ActorId => Command.Actor.Id;

    public async Task<ConnectedAppsResult> SendAsync(ConnectedAppsService service)
    {
        var answer = await ServiceCommands.SendAsync(service, Command);
        Answers.Enqueue(answer);
        return answer;
    }

    public override string ToString() => $"{Op} {Command}";
}
