namespace ShopIQ.Integrations.Core;

/// <summary>What one sweep did (R6).</summary>
/// <remarks>Immutable, value equality.</remarks>
/// <param name="Stores">Stores whose due reservations were expired.</param>
/// <param name="ReservationsExpired">Reservations expired.</param>
/// <param name="ConnectsAbandoned">Connects that never settled whose unfinished records were made final (long after their reservations' deadlines).</param>
/// <param name="RecordsPurged">Idempotency records deleted after their retention.</param>
public sealed record SweepReport(int Stores, int ReservationsExpired, int ConnectsAbandoned, int RecordsPurged);
