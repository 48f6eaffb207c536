namespace AuditKit.Reports;

/// <summary>
/// The event the row a renderer just received comes from, set by the row enumerator before it yields the row; a PDF
/// volume names the first and last sequence and hash of its own rows with it.
/// </summary>
internal sealed class RowSource
{
    public AuditEvent? Current { get; set; }
}
