namespace AuditKit.Samples.Erp.Data;

/// <summary>The one row that says the month of history was generated (and when), so a second start does not seed again.</summary>
internal sealed class SeedRun
{
    public int Id { get; set; }

    /// <summary>The moment the history ends (every seeded event is before it).</summary>
    public DateTimeOffset Anchor { get; set; }

    public int EventCount { get; set; }
}
