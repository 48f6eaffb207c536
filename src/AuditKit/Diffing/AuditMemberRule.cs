namespace AuditKit.Providers;

/// <summary>
/// What the host configured for one member through <see cref="ChangeDetectorOptions.For{T}"/> (attributes such as
/// <see cref="AuditIgnoreAttribute"/> are not included: a capture integration reads them from the member itself).
/// </summary>
/// <param name="Ignore">Never record the member.</param>
/// <param name="Mask">Record it as changed with values shown as <c>***</c>.</param>
/// <param name="Personal">Its values are personal data (sealed, erasable).</param>
/// <param name="AlwaysReport">Record its value with every change of the record, changed or not.</param>
/// <param name="DisplayName">The name shown for it, or null.</param>
/// <param name="Format">Formats its values for display, or null.</param>
public sealed record AuditMemberRule(bool Ignore, bool Mask, bool Personal, bool AlwaysReport, string? DisplayName, Func<object?, string?>? Format);
