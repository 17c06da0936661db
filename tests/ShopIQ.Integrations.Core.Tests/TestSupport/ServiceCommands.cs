namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>Sends any command to the service method that runs it, for tests that hold commands of every kind.</summary>
internal static class ServiceCommands
{
    public static Task<ConnectedAppsResult> SendAsync(ConnectedAppsService service, ConnectedAppsCommand command) => command switch
    {
        OpenStoreCommand c => service.OpenStoreAsync(c, CancellationToken.None),
        ConnectAppCommand c => service.ConnectAsync(c, CancellationToken.None),
        DisconnectAppCommand c => service.DisconnectAsync(c, CancellationToken.None),
        ReplaceAppCommand c => service.ReplaceAsync(c, CancellationToken.None),
        ChangePlanCommand c => service.ChangePlanAsync(c, CancellationToken.None),
        RecordActivityCommand c => service.RecordActivityAsync(c, CancellationToken.None),
        MarkNeedsAttentionCommand c => service.MarkNeedsAttentionAsync(c, CancellationToken.None),
        ReconnectAppCommand c => service.ReconnectAsync(c, CancellationToken.None),
        UseAiCreditsCommand c => service.UseAiCreditsAsync(c, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "No service method runs this command."),
    };
}
