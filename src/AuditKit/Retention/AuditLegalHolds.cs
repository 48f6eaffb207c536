namespace AuditKit;

/// <summary>
/// The legal holds in force, as a settings document (<see cref="DocumentName"/>): placing or lifting one through
/// <see cref="IAuditRetention"/> saves a new version, recorded as a SettingsChanged event naming the hold.
/// </summary>
public sealed class AuditLegalHolds
{
    /// <summary>The settings document's name: <c>retention-holds</c>.</summary>
    public const string DocumentName = "retention-holds";

    /// <summary>The holds in force.</summary>
    public List<AuditLegalHoldEntry> Holds { get; set; } = [];
}
