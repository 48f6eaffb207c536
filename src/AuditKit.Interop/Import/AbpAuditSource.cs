using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace AuditKit.Interop;

/// <summary>
/// Reads ABP's audit tables through any ADO.NET connection (SQLite, PostgreSQL, SQL Server): AbpAuditLogs in pages ordered
/// by (ExecutionTime, Id), each page's AbpEntityChanges and their AbpEntityPropertyChanges. Each audit log becomes an API
/// request event, followed by one record change per entity change with its property changes as field changes.
/// </summary>
internal sealed class AbpAuditSource(DbConnection connection, string sourceName, AuditImportOptions options)
{
    public const string Kind = "abp";

    private const int PageSize = 500;

    private readonly string _logs = Table(options, "AuditLogs");
    private readonly string _changes = Table(options, "EntityChanges");
    private readonly string _properties = Table(options, "EntityPropertyChanges");

    public async IAsyncEnumerable<ImportedRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        object? afterTime = null;
        object? afterId = null;
        while (true)
        {
            var page = await ReadLogsAsync(afterTime, afterId, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                yield break;
            }

            var changes = (await ReadChangesAsync(page.Select(l => l.RawId).ToList(), cancellationToken).ConfigureAwait(false))
                .ToLookup(c => c.AuditLogId, StringComparer.OrdinalIgnoreCase);
            foreach (var log in page)
            {
                yield return new ImportedRow($"{options.AbpTablePrefix}AuditLogs:{log.Id}", LogEvent(log));
                foreach (var change in changes[log.Id])
                {
                    yield return new ImportedRow($"{options.AbpTablePrefix}EntityChanges:{change.Id}", ChangeEvent(log, change));
                }
            }

            (afterTime, afterId) = (page[^1].RawTime, page[^1].RawId);
        }
    }

    private async Task<List<LogRow>> ReadLogsAsync(object? afterTime, object? afterId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var where = afterTime is null ? string.Empty : """ WHERE "ExecutionTime" > @t OR ("ExecutionTime" = @t AND "Id" > @id)""";
        command.CommandText = $"""
            SELECT "Id", "ApplicationName", "UserId", "UserName", "TenantId", "ExecutionTime", "ExecutionDuration", "ClientIpAddress",
                   "ClientName", "BrowserInfo", "HttpMethod", "Url", "Exceptions", "HttpStatusCode", "CorrelationId"
            FROM {_logs}{where} ORDER BY "ExecutionTime", "Id" LIMIT {PageSize}
            """;
        if (afterTime is not null)
        {
            Add(command, "t", afterTime);
            Add(command, "id", afterId!);
        }

        var rows = new List<LogRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var rawId = reader.GetValue(0);
            var rawTime = reader.GetValue(5);
            rows.Add(new LogRow(
                rawId,
                Text(rawId)!,
                rawTime,
                Time(rawTime, "ExecutionTime"),
                Str(reader, 1),
                Str(reader, 2),
                Str(reader, 3),
                Str(reader, 4),
                reader.IsDBNull(6) ? null : Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture),
                Str(reader, 7),
                Str(reader, 8),
                Str(reader, 9),
                Str(reader, 10),
                Str(reader, 11),
                Str(reader, 12),
                reader.IsDBNull(13) ? null : Convert.ToInt32(reader.GetValue(13), CultureInfo.InvariantCulture),
                Str(reader, 14)));
        }

        return rows;
    }

    private async Task<List<ChangeRow>> ReadChangesAsync(List<object> logIds, CancellationToken cancellationToken)
    {
        var changes = new List<ChangeRow>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT "Id", "AuditLogId", "ChangeTime", "ChangeType", "EntityId", "EntityTypeFullName", "TenantId"
                FROM {_changes} WHERE "AuditLogId" IN ({Parameters(command, "l", logIds)}) ORDER BY "ChangeTime", "Id"
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var rawId = reader.GetValue(0);
                changes.Add(new ChangeRow(
                    rawId,
                    Text(rawId)!,
                    Text(reader.GetValue(1))!,
                    Time(reader.GetValue(2), "ChangeTime"),
                    Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture),
                    Str(reader, 4),
                    Str(reader, 5) ?? "Entity",
                    Str(reader, 6),
                    []));
            }
        }

        if (changes.Count == 0)
        {
            return changes;
        }

        var byId = changes.ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in changes.Chunk(1000))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT "EntityChangeId", "PropertyName", "OriginalValue", "NewValue"
                FROM {_properties} WHERE "EntityChangeId" IN ({Parameters(command, "c", chunk.Select(c => c.RawId).ToList())}) ORDER BY "EntityChangeId", "Id"
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (byId.TryGetValue(Text(reader.GetValue(0))!, out var change))
                {
                    change.Properties.Add((Str(reader, 1) ?? "?", Unquote(Str(reader, 2)), Unquote(Str(reader, 3))));
                }
            }
        }

        return changes;
    }

    private AuditEvent LogEvent(LogRow log)
    {
        var failed = !string.IsNullOrWhiteSpace(log.Exceptions) || log.HttpStatusCode >= 400;
        var metadata = Metadata($"{options.AbpTablePrefix}AuditLogs:{log.Id}", log);
        ImportMetadata.Add(metadata, "abp.url", log.Url is null ? null : ImportValues.Clip(log.Url));
        ImportMetadata.Add(metadata, "abp.http_method", log.HttpMethod);
        ImportMetadata.Add(metadata, "abp.http_status", log.HttpStatusCode);
        ImportMetadata.Add(metadata, "abp.duration_ms", log.Duration);
        ImportMetadata.Add(metadata, "abp.client_name", log.ClientName);
        ImportMetadata.Add(metadata, "abp.exceptions", log.Exceptions is null ? null : ImportValues.Clip(log.Exceptions));
        return new AuditEvent(AuditCategory.ApiRequest, log.HttpMethod?.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => AuditActions.View,
            "POST" => AuditActions.Create,
            "PUT" or "PATCH" => AuditActions.Update,
            "DELETE" => AuditActions.Delete,
            _ => "Request",
        })
        {
            Timestamp = log.Time,
            TenantId = log.TenantId,
            Outcome = log.HttpStatusCode is 401 or 403 ? AuditOutcome.Denied : failed ? AuditOutcome.Failure : AuditOutcome.Success,
            Message = log.HttpMethod is null && log.Url is null ? "ABP audit log" : $"{log.HttpMethod} {log.Url}".Trim(),
            Actor = Actor(log),
            Client = Client(log),
            Target = new AuditTarget(Component: log.Application),
            CorrelationId = log.CorrelationId,
            Metadata = metadata,
        };
    }

    private AuditEvent ChangeEvent(LogRow log, ChangeRow change)
    {
        var (action, kind) = change.ChangeType switch
        {
            0 => (AuditActions.Create, FieldChangeKind.Added),
            2 => (AuditActions.Delete, FieldChangeKind.Removed),
            _ => (AuditActions.Update, FieldChangeKind.Modified),
        };
        var metadata = Metadata($"{options.AbpTablePrefix}EntityChanges:{change.Id}", log);
        ImportMetadata.Add(metadata, "abp.entity_type", change.EntityTypeFullName);
        ImportMetadata.Add(metadata, "abp.audit_log_id", log.Id);
        var entityType = ImportValues.ShortTypeName(change.EntityTypeFullName);
        return new AuditEvent(AuditCategory.RecordChange, action)
        {
            Timestamp = change.Time,
            TenantId = change.TenantId ?? log.TenantId,
            Message = $"{action} {entityType}",
            Actor = Actor(log),
            Client = Client(log),
            Target = new AuditTarget(entityType, change.EntityId, Component: log.Application),
            Changes = change.Properties.Select(p => new FieldChange(p.Name, p.Old, p.New, kind)).ToList(),
            CorrelationId = log.CorrelationId,
            Metadata = metadata,
        };
    }

    private Dictionary<string, JsonElement> Metadata(string rowId, LogRow log)
    {
        var metadata = ImportMetadata.Create(Kind, rowId);
        ImportMetadata.Add(metadata, ImportMetadata.Name, sourceName);
        ImportMetadata.Add(metadata, "abp.application", log.Application);
        return metadata;
    }

    private static AuditActor? Actor(LogRow log) =>
        log.UserId is null && log.UserName is null ? null : new AuditActor(log.UserId ?? log.UserName, log.UserName);

    private static AuditClient? Client(LogRow log) =>
        log.ClientIp is null && log.BrowserInfo is null ? null : new AuditClient(log.ClientIp, UserAgent: log.BrowserInfo);

    // ABP keeps property values JSON-serialized: a string is stored with its quotes.
    private static string? Unquote(string? value)
    {
        if (value is not ['"', .., '"'])
        {
            return value;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(value);
        }
        catch (JsonException)
        {
            return value;
        }
    }

    private DateTimeOffset Time(object value, string column) => value switch
    {
        DateTime dt => ImportValues.Time(dt, options.SourceTimeZone),
        DateTimeOffset dto => dto.ToUniversalTime(),
        string s => ImportValues.ParseTime(s, options.SourceTimeZone, column),
        _ => throw new InvalidDataException($"{column} holds a {value.GetType().Name}, not a date and time."),
    };

    private static string? Text(object value) => value switch
    {
        DBNull => null,
        Guid g => g.ToString("D"),
        byte[] bytes when bytes.Length == 16 => new Guid(bytes).ToString("D"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string? Str(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Text(reader.GetValue(ordinal));

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Parameters(DbCommand command, string prefix, List<object> values)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = "@" + prefix + i.ToString(CultureInfo.InvariantCulture);
            Add(command, prefix + i.ToString(CultureInfo.InvariantCulture), values[i]);
        }

        return string.Join(", ", names);
    }

    private static string Table(AuditImportOptions options, string name)
    {
        var table = Quote(options.AbpTablePrefix + name);
        return options.AbpSchema is { Length: > 0 } schema ? Quote(schema) + "." + table : table;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record LogRow(
        object RawId, string Id, object RawTime, DateTimeOffset Time, string? Application, string? UserId, string? UserName, string? TenantId,
        long? Duration, string? ClientIp, string? ClientName, string? BrowserInfo, string? HttpMethod, string? Url, string? Exceptions,
        int? HttpStatusCode, string? CorrelationId);

    private sealed record ChangeRow(
        object RawId, string Id, string AuditLogId, DateTimeOffset Time, int ChangeType, string? EntityId, string EntityTypeFullName, string? TenantId,
        List<(string Name, string? Old, string? New)> Properties);
}
