namespace AuditKit.Providers;

/// <summary>
/// Implemented by the <see cref="AuditPage.Events"/> list of a page that a store read as <see cref="StoredEventRow"/>s
/// and turns into events only when one is asked for by index (the SQLite store's log page). A caller that writes the
/// page out field by field (the ASP.NET Core audit API's page JSON) reads <see cref="Rows"/> instead and builds no
/// events; the page is the same query's, scoped and validated by the reader as any other.
/// </summary>
public interface IStoredEventRows
{
    /// <summary>The page's rows as read, in the list's order and of its count. Read them; do not change them.</summary>
    IReadOnlyList<StoredEventRow> Rows { get; }
}
