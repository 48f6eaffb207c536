namespace AuditKit;

/// <summary>
/// Compares two snapshots of a record and returns its field-level changes: classes, records, structs,
/// dictionaries, collections, <see cref="System.Text.Json.JsonElement"/> and
/// <see cref="System.Text.Json.Nodes.JsonNode"/>. Nested members become paths (<c>BillingAddress.City</c>);
/// collection items are matched by key (configured, <c>[Key]</c> or an <c>Id</c> member:
/// <c>Lines[42].Quantity</c>) or by position (<c>Tags[0]</c>). Registered by <c>AddAuditKit()</c>.
/// </summary>
public interface IChangeDetector
{
    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>; empty (and allocation-free for plain members) when nothing changed.</summary>
    /// <remarks>Values are invariant text; <see cref="FieldChange.OldDisplay"/>/<see cref="FieldChange.NewDisplay"/> carry formatted values where a formatter is configured.</remarks>
    IReadOnlyList<FieldChange> Compare<T>(T? before, T? after);

    /// <summary>Every recorded field of <paramref name="value"/> as changes of one kind: <see cref="FieldChangeKind.Added"/> (a created record: old values null) or <see cref="FieldChangeKind.Removed"/> (a deleted record: new values null).</summary>
    IReadOnlyList<FieldChange> Snapshot<T>(T value, FieldChangeKind kind = FieldChangeKind.Added);
}
