using ShopIQ.Integrations.Core;

/// <summary>
/// Prints the domain events the service publishes after each saved change (R18). A real host would hand them
/// to notifications, billing and audit instead.
/// </summary>
internal sealed class ConsoleEventSink : IStoreEventSink
{
    public Task PublishAsync(IReadOnlyList<StoreEvent> events, CancellationToken cancellationToken)
    {
        foreach (var storeEvent in events)
        {
            Console.WriteLine($"      event: {Describe(storeEvent)}");
        }

        return Task.CompletedTask;
    }

    private static string Describe(StoreEvent storeEvent) => storeEvent switch
    {
        ConnectionReserved e => $"ConnectionReserved     {e.Provider} holds a slot until {e.PendingUntil}; {e.SlotsInUse} of {e.Allowance} in use",
        ConnectionActivated e => $"ConnectionActivated    {e.Provider}",
        AppConnected e => $"AppConnected           {e.Provider} ({e.Category}); {e.SlotsInUse} of {e.Allowance} in use",
        SlotsNearlyFull e => $"SlotsNearlyFull        {e.SlotsInUse} of {e.Allowance} in use (threshold {e.Threshold * 100:0}%)",
        ConnectRefusedAtLimit e => $"ConnectRefusedAtLimit  {e.Provider}; {e.SlotsInUse} of {e.Allowance} in use",
        AppReplaced e => $"AppReplaced            {e.Replaced} -> {e.Replacement}; {e.SlotsInUse} of {e.Allowance} in use",
        AppDisconnected e => $"AppDisconnected        {e.Provider}; {e.SlotsInUse} of {e.Allowance} in use",
        PlanChanged e => $"PlanChanged            {e.From} -> {e.To}; {e.SlotsInUse} of {e.Allowance} in use",
        ReservationReleased e => $"ReservationReleased    {e.Provider}; {e.SlotsInUse} of {e.Allowance} in use",
        ReservationExpired e => $"ReservationExpired     {e.Provider}; {e.SlotsInUse} of {e.Allowance} in use",
        _ => storeEvent.GetType().Name,
    };
}
