using System.Collections;
using AuditKit.Providers;

namespace AuditKit.Sqlite;

/// <summary>
/// The events of a log page read as rows (<see cref="SqliteAuditStore.QueryAsync"/>): each event is built from its row
/// the first time it is asked for, so a caller that writes the rows out (<see cref="IStoredEventRows"/>, the audit
/// API's page JSON) builds none. Every caller of the same index gets the same event object.
/// </summary>
internal sealed class SqliteRowPage : IReadOnlyList<AuditEvent>, IStoredEventRows
{
    private readonly List<StoredEventRow> _rows;
    private readonly AuditEvent?[] _events;

    /// <summary>The page of the first <paramref name="count"/> of <paramref name="rows"/> (the rest, the look-ahead row, is dropped).</summary>
    public SqliteRowPage(List<StoredEventRow> rows, int count)
    {
        if (rows.Count > count)
        {
            rows.RemoveRange(count, rows.Count - count);
        }

        _rows = rows;
        _events = new AuditEvent?[rows.Count];
    }

    public IReadOnlyList<StoredEventRow> Rows => _rows;

    public int Count => _rows.Count;

    public AuditEvent this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _rows.Count);
            return Volatile.Read(ref _events[index])
                ?? Interlocked.CompareExchange(ref _events[index], _rows[index].ToEvent(), null)
                ?? _events[index]!;
        }
    }

    public IEnumerator<AuditEvent> GetEnumerator()
    {
        for (var i = 0; i < _rows.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The page of <paramref name="rows"/> read with one look-ahead row: its cursor when that row was there.</summary>
    public static AuditPage ToPage(List<StoredEventRow> rows, int pageSize)
    {
        var more = rows.Count > pageSize;
        var events = new SqliteRowPage(rows, pageSize);
        string? cursor = null;
        if (more)
        {
            var last = events._rows[^1];
            cursor = new AuditCursor(last.Ts, AuditStreamKey.StreamOf(last.Key), AuditStreamKey.SequenceOf(last.Key)).ToString();
        }

        return new AuditPage(events, cursor);
    }
}
