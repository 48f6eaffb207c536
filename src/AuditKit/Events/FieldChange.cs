namespace AuditKit;

/// <summary>One row of the "Changes Made" table: a field, its previous and its new value.</summary>
/// <param name="Field">The field's path in the record ("CreditLimit", "BillingAddress.City").</param>
/// <param name="OldValue">The previous value as text (invariant culture or the configured display format); <see langword="null"/> when there was none.</param>
/// <param name="NewValue">The new value as text; <see langword="null"/> when there is none.</param>
/// <param name="Kind">How the field changed.</param>
/// <param name="DisplayName">The name shown on screens ("Credit Limit"); defaults to <paramref name="Field"/> when omitted.</param>
public sealed record FieldChange(
    string Field,
    string? OldValue,
    string? NewValue,
    FieldChangeKind Kind = FieldChangeKind.Modified,
    string? DisplayName = null);
