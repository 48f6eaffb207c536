namespace AuditKit;

/// <summary>One row of the "Changes Made" table: a field, its previous and its new value.</summary>
/// <param name="Field">The field's path in the record ("CreditLimit", "BillingAddress.City", "Lines[42].Quantity").</param>
/// <param name="OldValue">The previous value as invariant text (<c>10000.00</c>); <see langword="null"/> when there was none; <c>***</c> when masked.</param>
/// <param name="NewValue">The new value as invariant text; <see langword="null"/> when there is none; <c>***</c> when masked.</param>
/// <param name="Kind">How the field changed.</param>
/// <param name="DisplayName">The name shown on screens ("Credit Limit"); defaults to <paramref name="Field"/> when omitted.</param>
/// <param name="OldDisplay">The previous value formatted for people (<c>$10,000.00</c>) when a formatter applies; otherwise <see langword="null"/>.</param>
/// <param name="NewDisplay">The new value formatted for people when a formatter applies; otherwise <see langword="null"/>.</param>
public sealed record FieldChange(
    string Field,
    string? OldValue,
    string? NewValue,
    FieldChangeKind Kind = FieldChangeKind.Modified,
    string? DisplayName = null,
    string? OldDisplay = null,
    string? NewDisplay = null)
{
    /// <summary>
    /// The values are personal data (<see cref="AuditPersonalAttribute"/>): with <c>audit.AddErasure()</c> they are
    /// sealed when recorded and can be erased later. Not stored; after reading, <see cref="AuditEvent.Erasures"/> tells what was erased.
    /// </summary>
    public bool IsPersonal { get; init; }

    /// <summary>What a screen shows as the previous value: <see cref="OldDisplay"/> when set, else <see cref="OldValue"/>.</summary>
    public string? ShownOldValue => OldDisplay ?? OldValue;

    /// <summary>What a screen shows as the new value: <see cref="NewDisplay"/> when set, else <see cref="NewValue"/>.</summary>
    public string? ShownNewValue => NewDisplay ?? NewValue;
}
