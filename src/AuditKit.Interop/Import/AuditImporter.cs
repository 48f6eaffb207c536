using System.Data.Common;
using System.Text.Json;

namespace AuditKit.Interop;

/// <summary>
/// Imports the audit history of another system into an AuditKit store: Audit.NET's JSON events and ABP's audit tables.
/// Each source (by <see cref="AuditImportOptions.SourceName"/>) is chained in a stream of its own, with the events' original
/// timestamps, field-level changes and <c>imported</c>, <c>import.source</c>, <c>import.name</c> and <c>import.row</c> in their
/// metadata. Running an import again adds only the rows it has not imported yet (the rows already imported are read
/// back from the stream itself), so an interrupted import is resumed by running it again. One import of a source runs at a
/// time (it holds the source's stream). See docs/interop.md for the field mappings.
/// </summary>
/// <param name="store">The AuditKit store to import into.</param>
/// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
public sealed class AuditImporter(AuditStore store, TimeProvider? timeProvider = null)
{
    /// <summary>The first stream id an import takes (100,000): writers take the lowest free stream and never get there.</summary>
    public const int FirstImportStream = 100_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Imports Audit.NET JSON events from files (each one event, an array of events, or JSON Lines), taken in file name order.</summary>
    /// <param name="files">The files.</param>
    /// <param name="options">The import's options (source name default "audit-net").</param>
    /// <param name="cancellationToken">Stops between batches; what was appended stays, and the next run continues.</param>
    /// <returns>What the import did.</returns>
    /// <exception cref="InvalidDataException">A file is not Audit.NET JSON; the message names the file and line.</exception>
    public Task<AuditImportResult> ImportAuditNetAsync(IReadOnlyList<string> files, AuditImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= new AuditImportOptions();
        var name = SourceName(options, "audit-net");
        return RunAsync(name, AuditNetJsonSource.Kind, new AuditNetJsonSource(files, name, options.SourceTimeZone).ReadAsync(cancellationToken), options, cancellationToken);
    }

    /// <summary>
    /// Imports Audit.NET events from its SQL data provider's table (one JSON event per row) through an open ADO.NET connection,
    /// in id order; the rows are identified as <c>&lt;table&gt;:&lt;id&gt;</c>.
    /// </summary>
    /// <param name="connection">An open connection to the database holding the table; only read.</param>
    /// <param name="table">The table and its columns (default: the SQL Server provider's <c>Event</c> table).</param>
    /// <param name="options">The import's options (source name default "audit-net").</param>
    /// <param name="cancellationToken">Stops between batches; what was appended stays, and the next run continues.</param>
    /// <returns>What the import did.</returns>
    /// <exception cref="InvalidDataException">A row's JSON is not an Audit.NET event; the message names the row.</exception>
    public Task<AuditImportResult> ImportAuditNetAsync(DbConnection connection, AuditNetTable? table = null, AuditImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new AuditImportOptions();
        var name = SourceName(options, "audit-net");
        return RunAsync(name, AuditNetJsonSource.Kind, new AuditNetTableSource(connection, table ?? new AuditNetTable(), name, options.SourceTimeZone).ReadAsync(cancellationToken), options, cancellationToken);
    }

    /// <summary>Imports ABP's audit tables (AbpAuditLogs, AbpEntityChanges, AbpEntityPropertyChanges) through an open ADO.NET connection (SQLite or PostgreSQL).</summary>
    /// <param name="connection">An open connection to the ABP database; only read.</param>
    /// <param name="options">The import's options (source name default "abp"; table prefix, schema, source time zone).</param>
    /// <param name="cancellationToken">Stops between batches; what was appended stays, and the next run continues.</param>
    /// <returns>What the import did.</returns>
    public Task<AuditImportResult> ImportAbpAsync(DbConnection connection, AuditImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new AuditImportOptions();
        var name = SourceName(options, "abp");
        return RunAsync(name, AbpAuditSource.Kind, new AbpAuditSource(connection, name, options).ReadAsync(cancellationToken), options, cancellationToken);
    }

    private async Task<AuditImportResult> RunAsync(string name, string kind, IAsyncEnumerable<ImportedRow> rows, AuditImportOptions options, CancellationToken cancellationToken)
    {
        if (options.BatchSize is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "AuditImportOptions.BatchSize must be between 1 and 10,000.");
        }

        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var streamId = await StreamOfAsync(name, kind, cancellationToken).ConfigureAwait(false);
        await using var appender = await AuditStreamAppender.OpenAsync(store, streamId, $"auditkit import: {name}", timeProvider, cancellationToken).ConfigureAwait(false);
        var done = await ImportedRowsAsync(streamId, cancellationToken).ConfigureAwait(false);
        long read = 0, imported = 0, skipped = 0;
        var batch = new List<AuditEvent>(options.BatchSize);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            read++;
            if (!done.Add(row.RowId))
            {
                skipped++;
                continue;
            }

            batch.Add(row.Event);
            if (batch.Count == options.BatchSize)
            {
                await appender.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
                imported += batch.Count;
                batch = new List<AuditEvent>(options.BatchSize);
            }
        }

        if (batch.Count > 0)
        {
            await appender.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
            imported += batch.Count;
        }

        return new AuditImportResult(name, streamId, read, imported, skipped);
    }

    // The source's stream, kept in the settings document import.<name>; a new source takes a stream no one has used.
    private async Task<int> StreamOfAsync(string name, string kind, CancellationToken cancellationToken)
    {
        var documentName = "import." + name;
        while (true)
        {
            var document = await store.GetSettingsAsync(documentName, cancellationToken).ConfigureAwait(false);
            if (document is not null)
            {
                return JsonSerializer.Deserialize<ImportState>(document.Json, Json)?.StreamId
                    ?? throw new InvalidDataException($"The settings document '{documentName}' does not name a stream.");
            }

            // Import streams start at FirstImportStream, where a writer taking "the lowest free stream" never gets to; past
            // every import stream with events, and past streams held but not written yet (probe by holding it).
            var info = await store.GetStorageInfoAsync(cancellationToken).ConfigureAwait(false);
            var streamId = Math.Max(FirstImportStream, info.Streams.Count == 0 ? 0 : info.Streams.Max(s => s.StreamId) + 1);
            while (true)
            {
                try
                {
                    await using var probe = await store.OpenStreamAsync(streamId, $"auditkit import: {name}", cancellationToken).ConfigureAwait(false);
                    if (probe.LastSequence == 0)
                    {
                        break;
                    }
                }
                catch (InvalidOperationException)
                {
                    // held by a live writer
                }

                streamId++;
            }

            var state = new ImportState { StreamId = streamId, Source = kind };
            try
            {
                await store.SaveSettingsAsync(new AuditSettingsDocument(documentName, 1, JsonSerializer.Serialize(state, Json), (timeProvider ?? TimeProvider.System).GetUtcNow(), "auditkit import"), cancellationToken).ConfigureAwait(false);
                return streamId;
            }
            catch (AuditSettingsConflictException)
            {
                // another import of the same source created it first: use theirs
            }
        }
    }

    private async Task<HashSet<string>> ImportedRowsAsync(int streamId, CancellationToken cancellationToken)
    {
        var rows = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in store.ReadStreamAsync(streamId, 1, cancellationToken).ConfigureAwait(false))
        {
            if (e.Metadata.TryGetValue(ImportMetadata.Row, out var row) && row.ValueKind == JsonValueKind.String)
            {
                rows.Add(row.GetString()!);
            }
        }

        return rows;
    }

    private static string SourceName(AuditImportOptions options, string fallback)
    {
        var name = options.SourceName ?? fallback;
        AuditSettingsDocument.ValidateName("import." + name, "options.SourceName");
        return name;
    }

    private sealed class ImportState
    {
        public int StreamId { get; set; }

        public string? Source { get; set; }
    }
}
