namespace AuditKit;

/// <summary>The member is never recorded: not compared, not snapshotted, not shown.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AuditIgnoreAttribute : Attribute;

/// <summary>The member is recorded as changed, but its values are shown as <c>***</c> (passwords, bank accounts, tax ids).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AuditMaskedAttribute : Attribute;

/// <summary>
/// The member holds personal data (a person's name, e-mail, phone, address): with <c>audit.AddErasure()</c> its
/// recorded values are sealed and can be erased later without breaking the chain (<see cref="IAuditEraser"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AuditPersonalAttribute : Attribute;

/// <summary>The member is reported on every update, with kind <see cref="FieldChangeKind.Unchanged"/> when it did not change ("Active (no change)").</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AuditAlwaysReportAttribute : Attribute;

/// <summary>The name shown for the member ("Credit Limit"); <c>[Display(Name = ...)]</c> works too.</summary>
/// <param name="name">The display name.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AuditDisplayNameAttribute(string name) : Attribute
{
    /// <summary>The display name.</summary>
    public string Name { get; } = name;
}
