using AuditKit.Samples.Erp.Data;

namespace AuditKit.Samples.Erp.Web;

/// <summary>
/// One field of a record's list and form: how it is shown, how a form value is applied (null: read-only; a
/// <see cref="FormatException"/> names what is wrong), and the choices of a select.
/// </summary>
internal sealed record RecordField<T>(
    string Name,
    string Label,
    Func<T, string?> Show,
    Action<T, string>? Apply = null,
    Func<ErpDbContext, Task<IReadOnlyList<(string Value, string Text)>>>? Choices = null);
