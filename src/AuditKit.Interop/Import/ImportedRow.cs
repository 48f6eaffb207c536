namespace AuditKit.Interop;

/// <summary>One source row mapped to an event; <see cref="RowId"/> identifies the row within its source.</summary>
internal readonly record struct ImportedRow(string RowId, AuditEvent Event);
