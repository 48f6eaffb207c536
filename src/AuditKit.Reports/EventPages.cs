using AuditKit.Providers;
using System.Runtime.CompilerServices;

namespace AuditKit.Reports;

/// <summary>
/// Reads every event of one or more queries newest first, a page at a time (keyset paging through the reader's
/// cursor): several queries are merged in the reader's order, an event matched by two of them is returned once.
/// At most two pages per query are held: the one being read and the next one, read ahead on another thread.
/// </summary>
internal static class EventPages
{
    /// <summary>Reads the first page of every query now, so an invalid filter fails before anything is written; the rest is read as the result is enumerated.</summary>
    public static async Task<IAsyncEnumerable<AuditEvent>> OpenAsync(IAuditReader reader, IReadOnlyList<AuditQuery> queries, CancellationToken cancellationToken)
    {
        var firstPages = new AuditPage[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            firstPages[i] = await reader.QueryAsync(queries[i], cancellationToken).ConfigureAwait(false);
        }

        return MergeAsync(reader, queries, firstPages, cancellationToken);
    }

    private static async IAsyncEnumerable<AuditEvent> ReadAsync(IAuditReader reader, AuditQuery query, AuditPage firstPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The next page is read on another thread while the caller works through this one (two pages held at most).
        var page = firstPage;
        while (true)
        {
            var next = page.NextCursor is { } cursor
                ? Task.Run(() => reader.QueryAsync(NextPage(query, cursor), cancellationToken), cancellationToken)
                : null;
            try
            {
                foreach (var e in page.Events)
                {
                    yield return e;
                }
            }
            finally
            {
                if (next is not null && !next.IsCompleted)
                {
                    // Abandoned early (an error or a cancellation downstream): let the read finish before leaving.
                    await Task.WhenAny(next).ConfigureAwait(false);
                }
            }

            if (next is null)
            {
                yield break;
            }

            page = await next.ConfigureAwait(false);
        }
    }

    // The next page's query: the cursor, and an upper time bound just past the cursor's timestamp. The cursor alone
    // leaves the query's own upper bound in place, and SQLite walks its time index from that bound down past every
    // row already read (page k skips k pages: a 1,000,000-row report spent 44 of its 50 s there); with the bound the
    // walk starts at the cursor. The rows are the same: the cursor already excludes everything at or after it.
    internal static AuditQuery NextPage(AuditQuery query, string cursor)
    {
        var bound = AuditCursor.FromMicros(AuditCursor.Parse(cursor).TimestampMicros + 1);
        return query with { Cursor = cursor, To = query.To is { } to && to < bound ? to : bound };
    }

    private static async IAsyncEnumerable<AuditEvent> MergeAsync(IAuditReader reader, IReadOnlyList<AuditQuery> queries, AuditPage[] firstPages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (queries.Count == 1)
        {
            await foreach (var e in ReadAsync(reader, queries[0], firstPages[0], cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }

            yield break;
        }

        var sources = new List<IAsyncEnumerator<AuditEvent>>(queries.Count);
        try
        {
            for (var q = 0; q < queries.Count; q++)
            {
                var source = ReadAsync(reader, queries[q], firstPages[q], cancellationToken).GetAsyncEnumerator(cancellationToken);
                sources.Add(source);
            }

            var live = new List<IAsyncEnumerator<AuditEvent>>();
            foreach (var source in sources)
            {
                if (await source.MoveNextAsync().ConfigureAwait(false))
                {
                    live.Add(source);
                }
            }

            (int Stream, long Sequence)? last = null;
            while (live.Count > 0)
            {
                var newest = 0;
                for (var i = 1; i < live.Count; i++)
                {
                    if (Compare(live[i].Current, live[newest].Current) > 0)
                    {
                        newest = i;
                    }
                }

                var e = live[newest].Current;
                if (last != (e.StreamId, e.Sequence))
                {
                    last = (e.StreamId, e.Sequence);
                    yield return e;
                }

                if (!await live[newest].MoveNextAsync().ConfigureAwait(false))
                {
                    live.RemoveAt(newest);
                }
            }
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // The reader's order: timestamp, then stream, then sequence; a larger value comes first.
    private static int Compare(AuditEvent a, AuditEvent b)
    {
        var byTime = a.Timestamp.UtcTicks.CompareTo(b.Timestamp.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byStream = a.StreamId.CompareTo(b.StreamId);
        return byStream != 0 ? byStream : a.Sequence.CompareTo(b.Sequence);
    }
}
