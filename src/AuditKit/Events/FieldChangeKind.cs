namespace AuditKit;

/// <summary>How one field of a record changed.</summary>
public enum FieldChangeKind
{
    /// <summary>The value changed from <see cref="FieldChange.OldValue"/> to <see cref="FieldChange.NewValue"/>.</summary>
    Modified = 0,

    /// <summary>The field was set for the first time (a created record, an added collection item).</summary>
    Added = 1,

    /// <summary>The field was removed (a deleted record, a removed collection item).</summary>
    Removed = 2,

    /// <summary>The field did not change but is reported for context ("Active (no change)").</summary>
    Unchanged = 3,
}
