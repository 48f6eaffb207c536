using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AuditKit;

/// <summary>
/// One <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>: the bulk event (entity type, predicate, parameters, row count) and one
/// event per affected record, so that the record's history shows the change. The affected keys are read in the
/// statement's transaction before it runs (up to <see cref="EntityAuditOptions.MaxBulkRows"/>); with
/// <see cref="EntityAuditOptions.CaptureBulkRows"/> each row's values too and, for updates, its values after.
/// Without values, a record's event lists the fields the statement set in <see cref="AuditMetadata.UnknownFields"/>.
/// </summary>
internal sealed class BulkCapture
{
    private readonly EntityAuditor _auditor;
    private readonly IEntityType? _type;
    private readonly BulkStatement _statement;
    private readonly string _entityName;
    private readonly List<(AuditedProperty Property, string Column)> _columns = [];
    private readonly List<(AuditedProperty Property, string Column)> _key = [];
    private readonly List<(string Field, string Column)> _nested = [];
    private readonly HashSet<string> _ignoredColumns = new(StringComparer.OrdinalIgnoreCase);

    // The columns read before the statement: every audited column with CaptureRows, else the key's.
    private List<(AuditedProperty Property, string Column)> _read = [];
    private List<object?[]>? _before;
    private string? _notCaptured;

    private BulkCapture(EntityAuditor auditor, DbContext context, IEntityType? type, BulkStatement statement, bool deferred)
    {
        _auditor = auditor;
        _type = type;
        _statement = statement;
        var options = auditor.Options;
        _entityName = type is null ? Unrecognized : auditor.EntityName(type, options);
        Ambient = auditor.Ambient(context, options);
        Deferred = deferred;
        CaptureRows = type is not null && auditor.CapturesBulkRows(type, options);
        if (type is null)
        {
            _notCaptured = "the statement's table could not be recognised; the predicate holds the whole SQL";
        }
    }

    /// <summary>The entity name of a bulk statement AuditKit could not map to an entity type: still recorded, with its SQL.</summary>
    public const string Unrecognized = "(unrecognized)";

    public AmbientSnapshot Ambient { get; }

    public bool Deferred { get; }

    public bool CaptureRows { get; }

    /// <summary>The transaction AuditKit opened so the before-read and the statement see the same rows (none when the caller had one).</summary>
    public DbTransaction? OwnTransaction { get; set; }

    /// <summary>
    /// Starts capturing a bulk statement; null when its entity type is not audited. A statement whose SQL or table
    /// cannot be recognised is still recorded (entity <see cref="Unrecognized"/>, the whole SQL as its predicate):
    /// a bulk write never leaves the log silently.
    /// </summary>
    public static BulkCapture? Begin(EntityAuditor auditor, DbContext context, DbCommand command, bool isDelete, bool deferred)
    {
        var statement = BulkStatement.Parse(command.CommandText);
        var type = statement is null ? null : context.Model.GetEntityTypes().FirstOrDefault(t => t.BaseType is null && !t.IsOwned()
            && string.Equals(t.GetTableName(), statement.Table, StringComparison.OrdinalIgnoreCase));
        if (statement is null || type is null)
        {
            return new BulkCapture(auditor, context, null, new BulkStatement(isDelete, string.Empty, null, null, command.CommandText, HasFrom: false), deferred);
        }

        if (!auditor.IsAudited(type, auditor.Options))
        {
            return null;
        }

        var capture = new BulkCapture(auditor, context, type, statement, deferred);
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var audited = auditor.Type(type);
        foreach (var p in audited.Properties)
        {
            if (p.Property.GetColumnName(table) is { } column)
            {
                capture._columns.Add((p, column));
            }
        }

        foreach (var property in type.GetProperties())
        {
            if (property.GetColumnName(table) is { } column && !capture._columns.Exists(c => c.Property.Property == property))
            {
                capture._ignoredColumns.Add(column);
            }
        }

        capture.AddNested(audited.ComplexProperties, string.Empty, table);

        if (audited.Key.Count == 0)
        {
            capture._notCaptured = "the entity type has no key";
            return capture;
        }

        foreach (var k in audited.Key)
        {
            var column = k.GetColumnName(table);
            var p = audited.Properties.FirstOrDefault(x => x.Property == k);
            if (column is null || p is null)
            {
                capture._notCaptured = "the key is not mapped to columns of the table";
                return capture;
            }

            capture._key.Add((p, column));
        }

        capture._read = capture.CaptureRows ? capture._columns : capture._key;
        if (statement.HasFrom || statement.Alias is null)
        {
            capture._notCaptured = "the statement joins other tables; only the bulk event is recorded";
        }

        return capture;
    }

    // Complex properties' columns, as the field paths SaveChanges records them under (Total.Amount).
    private void AddNested(IReadOnlyList<IComplexProperty> complexProperties, string prefix, StoreObjectIdentifier table)
    {
        foreach (var complex in complexProperties)
        {
            var nested = _auditor.Type(complex.ComplexType);
            foreach (var p in nested.Properties)
            {
                if (p.Property.GetColumnName(table) is { } column)
                {
                    _nested.Add((prefix + complex.Name + "." + p.Name, column));
                }
            }

            AddNested(nested.ComplexProperties, prefix + complex.Name + ".", table);
        }
    }

    /// <summary>Whether the rows' keys (and, with <see cref="CaptureRows"/>, values) are read before the statement; false when it cannot be (its reason is recorded).</summary>
    public bool ReadsRows => _notCaptured is null;

    /// <summary>Reads the rows the statement will touch (its own WHERE clause, same parameters, same transaction): their keys, or with <see cref="CaptureRows"/> their values.</summary>
    public void ReadBefore(DbCommand command, ISqlGenerationHelper sql)
    {
        if (_notCaptured is not null)
        {
            return;
        }

        var type = _type!;
        var select = $"SELECT {string.Join(", ", _read.Select(c => _statement.Alias + "." + sql.DelimitIdentifier(c.Column)))} " +
            $"FROM {sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema())} AS {_statement.Alias}" +
            (_statement.Where is { } where ? $" WHERE {where}" : string.Empty);
        _before = Read(command, select, copyParameters: true);
        if (_before is null)
        {
            _notCaptured = $"more than {_auditor.Options.MaxBulkRows} rows (EntityAuditOptions.MaxBulkRows)";
        }
    }

    /// <summary>The events for a statement that affected <paramref name="rows"/> rows.</summary>
    public List<AuditEvent> Complete(DbCommand command, ISqlGenerationHelper sql, int rows)
    {
        var correlation = Ambient.CorrelationId ?? "bulk-" + Guid.CreateVersion7().ToString("N", CultureInfo.InvariantCulture);
        var parameters = command.Parameters.Cast<DbParameter>().ToDictionary(p => p.ParameterName, p => AuditValueText.Format(p.Value is DBNull ? null : p.Value), StringComparer.Ordinal);
        var valuesCaptured = _before is not null && CaptureRows;
        var keysCaptured = _before is not null;
        var events = new List<AuditEvent>
        {
            Stamp(new AuditEvent(AuditCategory.RecordChange, _statement.IsDelete ? AuditActions.Delete : AuditActions.Update)
            {
                Target = new AuditTarget(_entityName),
                // A bulk change that no record's history shows is worth a second look.
                Risk = keysCaptured ? RiskLevel.Low : RiskLevel.Medium,
                Message = $"Bulk {(_statement.IsDelete ? "delete" : "update")} of {rows} {_entityName} record(s)" +
                    (keysCaptured || rows == 0 ? string.Empty : $"; records not listed: {_notCaptured}"),
                Metadata = AuditMetadata.Create(
                    ("bulk", true),
                    ("row_count", rows),
                    ("predicate", _statement.Where),
                    ("set", _statement.Set),
                    ("parameters", System.Text.Json.JsonSerializer.SerializeToElement(parameters)),
                    ("keys_captured", keysCaptured),
                    ("keys_not_captured_reason", keysCaptured ? null : _notCaptured),
                    ("rows_captured", valuesCaptured),
                    ("rows_not_captured_reason", valuesCaptured ? null : _notCaptured ?? "EntityAuditOptions.CaptureBulkRows is off")),
            }, correlation),
        };

        if (_before is null)
        {
            return events;
        }

        if (!CaptureRows)
        {
            AddKeyEvents(events, correlation);
            return events;
        }

        Dictionary<string, object?[]>? after = null;
        if (!_statement.IsDelete && _before.Count > 0)
        {
            after = [];
            foreach (var chunk in _before.Chunk(200))
            {
                var conditions = new List<string>();
                var keyCommand = command.Connection!.CreateCommand();
                keyCommand.Transaction = command.Transaction;
                for (var r = 0; r < chunk.Length; r++)
                {
                    var parts = new List<string>();
                    for (var k = 0; k < _key.Count; k++)
                    {
                        var name = $"@__ak{r}_{k}";
                        var parameter = keyCommand.CreateParameter();
                        parameter.ParameterName = name;
                        parameter.Value = chunk[r][_columns.FindIndex(c => c.Column == _key[k].Column)] ?? DBNull.Value;
                        keyCommand.Parameters.Add(parameter);
                        parts.Add($"{sql.DelimitIdentifier(_key[k].Column)} = {name}");
                    }

                    conditions.Add("(" + string.Join(" AND ", parts) + ")");
                }

                var select = $"SELECT {string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.Column)))} FROM {sql.DelimitIdentifier(_type!.GetTableName()!, _type!.GetSchema())} WHERE {string.Join(" OR ", conditions)}";
                foreach (var row in Read(keyCommand, select, copyParameters: false, limit: int.MaxValue)!)
                {
                    after[KeyText(row)] = row;
                }

                keyCommand.Dispose();
            }
        }

        foreach (var row in _before)
        {
            var id = KeyText(row);
            var changes = new List<FieldChange>();
            if (after is null)
            {
                for (var i = 0; i < _columns.Count; i++)
                {
                    if (row[i] is { } value)
                    {
                        changes.Add(SaveCapture.Change(_columns[i].Property, string.Empty, value, null, FieldChangeKind.Removed));
                    }
                }
            }
            else if (after.TryGetValue(id, out var now))
            {
                for (var i = 0; i < _columns.Count; i++)
                {
                    if (!Equals(row[i], now[i]))
                    {
                        changes.Add(SaveCapture.Change(_columns[i].Property, string.Empty, row[i], now[i], FieldChangeKind.Modified));
                    }
                }

                if (changes.Count == 0)
                {
                    continue;
                }
            }

            events.Add(Stamp(new AuditEvent(AuditCategory.RecordChange, _statement.IsDelete ? AuditActions.Delete : AuditActions.Update)
            {
                Target = new AuditTarget(_entityName, id),
                Changes = changes,
                Message = _statement.IsDelete ? "Deleted by a bulk delete" : "Updated by a bulk update",
            }, correlation));
        }

        return events;
    }

    // One event per affected key, without values: an update names the fields it set (their new values are unknown).
    private void AddKeyEvents(List<AuditEvent> events, string correlation)
    {
        var fields = _statement.IsDelete ? null : SetFields();
        var metadata = fields is null
            ? AuditMetadata.Create(("values_captured", false))
            : AuditMetadata.Create(("values_captured", false), (AuditMetadata.UnknownFields, System.Text.Json.JsonSerializer.SerializeToElement(fields)));
        var message = _statement.IsDelete
            ? "Deleted by a bulk delete (final values not recorded)"
            : $"Updated by a bulk update (new values not recorded: {string.Join(", ", fields!)})";
        foreach (var row in _before!)
        {
            events.Add(Stamp(new AuditEvent(AuditCategory.RecordChange, _statement.IsDelete ? AuditActions.Delete : AuditActions.Update)
            {
                Target = new AuditTarget(_entityName, KeyText(row)),
                Message = message,
                Metadata = metadata,
            }, correlation));
        }
    }

    /// <summary>
    /// The fields the statement's SET clause assigns (<c>"Price" = …, "t"."Sku" = …</c>): audited properties by name,
    /// complex properties by path, other mapped columns by column name; ignored properties are left out. When the
    /// clause cannot be read, every audited field (it may have set any of them).
    /// </summary>
    private List<string> SetFields()
    {
        var fields = new List<string>();
        foreach (var assignment in BulkStatement.TopLevelSplit(_statement.Set ?? string.Empty, ','))
        {
            var equals = BulkStatement.TopLevelSplit(assignment, '=');
            if (equals.Count < 2)
            {
                return [.. _columns.Where(c => !_key.Contains(c)).Select(c => c.Property.Name).Concat(_nested.Select(n => n.Field))];
            }

            var target = equals[0].Trim();
            var dot = BulkStatement.TopLevelSplit(target, '.');
            var column = BulkStatement.Unquote(dot[^1]);
            var field = _columns.Find(c => string.Equals(c.Column, column, StringComparison.OrdinalIgnoreCase)).Property?.Name
                ?? _nested.Find(n => string.Equals(n.Column, column, StringComparison.OrdinalIgnoreCase)).Field
                ?? (_ignoredColumns.Contains(column) ? null : column);
            if (field is not null && !fields.Contains(field))
            {
                fields.Add(field);
            }
        }

        return fields;
    }

    private string KeyText(object?[] row) =>
        EntityAuditor.FormatKey([.. _key.Select(k => AuditValueText.Format(row[_read.FindIndex(c => c.Column == k.Column)]))]);

    // Null when more than MaxBulkRows rows match.
    private List<object?[]>? Read(DbCommand source, string select, bool copyParameters, int? limit = null)
    {
        var max = limit ?? _auditor.Options.MaxBulkRows;
        using var command = source.Connection!.CreateCommand();
        command.Transaction = source.Transaction;
        command.CommandText = select;
        if (copyParameters)
        {
            foreach (DbParameter parameter in source.Parameters)
            {
                var copy = command.CreateParameter();
                copy.ParameterName = parameter.ParameterName;
                copy.Value = parameter.Value;
                copy.DbType = parameter.DbType;
                copy.Direction = parameter.Direction;
                if (parameter.Size > 0)
                {
                    // Microsoft.Data.Sqlite reports 0 for a value it binds as text (a decimal), and a copied 0 would truncate it to ''.
                    copy.Size = parameter.Size;
                }
                command.Parameters.Add(copy);
            }
        }
        else
        {
            foreach (DbParameter parameter in source.Parameters)
            {
                var copy = command.CreateParameter();
                copy.ParameterName = parameter.ParameterName;
                copy.Value = parameter.Value;
                command.Parameters.Add(copy);
            }
        }

        var rows = new List<object?[]>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (rows.Count == max)
            {
                return null;
            }

            var row = new object?[_read.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : ReadValue(reader, i, _read[i].Property.Property);
            }

            rows.Add(row);
        }

        return rows;
    }

    // The provider's own reader method and value converter, so values read here format as the entity's do.
    private static object? ReadValue(DbDataReader reader, int ordinal, IProperty property)
    {
        if (property.GetRelationalTypeMapping() is not { } mapping)
        {
            return reader.GetValue(ordinal);
        }

        var method = mapping.GetDataReaderMethod();
        var value = method.DeclaringType == typeof(DbDataReader) || method.DeclaringType!.IsInstanceOfType(reader)
            ? method.IsGenericMethod ? method.MakeGenericMethod(mapping.ClrType).Invoke(reader, [ordinal]) : method.Invoke(reader, [ordinal])
            : reader.GetValue(ordinal);
        return mapping.Converter is { } converter ? converter.ConvertFromProvider(value) : value;
    }

    private AuditEvent Stamp(AuditEvent e, string correlation) =>
        e with { Actor = Ambient.Actor, Client = Ambient.Client, TenantId = Ambient.TenantId, CorrelationId = correlation };
}
