using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite;

/// <summary>
/// The embedded SQLite store: one database file in WAL mode, events keyed by (stream, sequence), indexes for
/// the log viewer's filters, an FTS5 index for free text and hourly roll-ups for aggregates. Register it
/// with <c>audit.UseSqlite("Data Source=audit.db")</c>; construct it directly only in tools and tests.
/// </summary>
public sealed partial class SqliteAuditStore : AuditStore
{
    internal const string Provider = "sqlite";

    private readonly SqliteAuditStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _connectionString;
    private readonly string? _databasePath;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly bool _readOnly;
    private volatile bool _initialized;
    private SqliteConnection? _writer;
    private SqliteAppender? _appender;
    private int _trailBelow;
    private readonly SqliteReadPool? _reads;

    /// <summary>
    /// Creates the store; the schema is created on first use. With <c>Mode=ReadOnly</c> in the connection string
    /// the store never writes (for verifiers and tools): it creates and migrates nothing and, on first use, checks
    /// that the file is an AuditKit store of a schema version it reads.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is empty, invalid, or names a private in-memory database.</exception>
    public SqliteAuditStore(SqliteAuditStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("SqliteAuditStoreOptions.ConnectionString is required, for example \"Data Source=audit.db\".", nameof(options));
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"SqliteAuditStoreOptions.ConnectionString is not a valid SQLite connection string: {ex.Message}", nameof(options), ex);
        }

        var memory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is ":memory:" or "";
        if (memory && builder.Cache != SqliteCacheMode.Shared)
        {
            throw new ArgumentException(
                "SqliteAuditStoreOptions.ConnectionString names a private in-memory database, which each connection would see empty; use a file (\"Data Source=audit.db\") or \"Data Source=name;Mode=Memory;Cache=Shared\".",
                nameof(options));
        }

        builder.Pooling = true;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _readOnly = builder.Mode == SqliteOpenMode.ReadOnly;
        _connectionString = builder.ToString();
        _databasePath = memory ? null : Path.GetFullPath(builder.DataSource);
        _reads = _databasePath is null ? null : new SqliteReadPool(_databasePath);

        // In memory there is no fsync to spare: every batch is indexed in its own commit (and reads need no snapshot).
        _trailBelow = _databasePath is null ? 0 : SqliteTrailingIndex.DefaultTrailBelow;
    }

    /// <inheritdoc />
    public override string ProviderName => Provider;

    /// <summary>The full path of the database file a connection string names, or null for in-memory databases and unparsable strings.</summary>
    internal static string? FilePathOf(string connectionString)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            return builder.Mode == SqliteOpenMode.Memory || builder.DataSource is ":memory:" or "" ? null : Path.GetFullPath(builder.DataSource);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Batches smaller than this leave their free-text entries and counts trailing (<see cref="SqliteTrailingIndex"/>); for tests.</summary>
    internal int TrailBelow
    {
        get => _trailBelow;
        set
        {
            _trailBelow = value;
            if (_appender is { } appender)
            {
                appender.TrailBelow = value;
            }
        }
    }

    /// <summary>Whether the writer's connection has the bulk page cache (<see cref="SqliteAppender.LargeCacheFrom"/>); for tests.</summary>
    internal bool WriterHasLargeCache => _appender?.LargeCache ?? false;

    /// <summary>The writer connection's <c>PRAGMA cache_size</c> (negative: KiB); for tests.</summary>
    internal long WriterCacheSize()
    {
        using var command = _writer!.CreateCommand();
        command.CommandText = "PRAGMA cache_size;";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The database file's full path, or <see langword="null"/> for a shared in-memory database.</summary>
    public string? DatabasePath => _databasePath;

    /// <inheritdoc />
    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            if (_readOnly)
            {
                await CheckSchemaAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
                return;
            }

            if (_databasePath is not null && Path.GetDirectoryName(_databasePath) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            var writer = new SqliteConnection(_connectionString);
            await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
            SqliteSchema.Apply(writer, _timeProvider);
            using (var pragma = writer.CreateCommand())
            {
                // secure_delete: space the B-tree frees (page splits, erasures) is zeroed, so no stale copy of an
                // erased value survives in the file. The page cache grows with the first bulk batch (SqliteAppender).
                pragma.CommandText = (_options.Synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;") + " PRAGMA secure_delete = ON;";
                pragma.ExecuteNonQuery();
            }

            _writer = writer;
            _appender = new SqliteAppender(writer) { TrailBelow = _trailBelow };
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <inheritdoc />
    public override async Task AppendAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (_readOnly)
        {
            throw new InvalidOperationException("This SQLite audit store was opened read-only (Mode=ReadOnly); it cannot append.");
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _appender!.Append(batch);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Read-only: the file must already be an AuditKit store of a version this package reads; nothing is written.
    private async Task CheckSchemaAsync(CancellationToken cancellationToken)
    {
        var name = _databasePath ?? "the in-memory database";
        await using var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new InvalidOperationException($"'{name}' cannot be opened read-only: {ex.Message}", ex);
        }

        long? version;
        try
        {
            version = SqliteSchema.ReadVersion(connection);
        }
        catch (SqliteException ex)
        {
            throw new InvalidOperationException($"'{name}' is not an AuditKit store: {ex.Message}", ex);
        }

        if (version is null)
        {
            throw new InvalidOperationException($"'{name}' is not an AuditKit store: it has no auditkit_migrations table.");
        }

        if (version != SqliteSchema.LatestVersion)
        {
            throw new InvalidOperationException(version > SqliteSchema.LatestVersion
                ? $"'{name}' has AuditKit schema version {version}, newer than this AuditKit.Sqlite reads ({SqliteSchema.LatestVersion}); upgrade the package."
                : $"'{name}' has AuditKit schema version {version}, older than this AuditKit.Sqlite reads ({SqliteSchema.LatestVersion}); open it once read-write (a writer migrates it) before verifying.");
        }
    }

    private async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <inheritdoc />
    protected override ValueTask DisposeAsyncCore()
    {
        try
        {
            _appender?.CatchUp(); // what trails is indexed before the writer goes
        }
        catch (SqliteException)
        {
            // Busy or read-only meanwhile: nothing is lost, readers count the trailing events and the next writer indexes them.
        }

        _appender?.Dispose();
        _writer?.Dispose();
        _reads?.Dispose();
        foreach (var stream in _heldStreams.Values)
        {
            stream?.Dispose();
        }

        _heldStreams.Clear();
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }
}
