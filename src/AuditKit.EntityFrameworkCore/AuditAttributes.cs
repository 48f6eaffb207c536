namespace AuditKit;

/// <summary>The property whose value names a record in the log ("Acme Corporation" for a customer): <see cref="AuditTarget.RecordName"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AuditRecordNameAttribute : Attribute;

/// <summary>The entity type's name in the log ("Customer"); defaults to the CLR type's name.</summary>
/// <param name="name">The name.</param>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AuditEntityNameAttribute(string name) : Attribute
{
    /// <summary>The name.</summary>
    public string Name { get; } = name;
}

/// <summary>Reads of this entity type are logged as View events (the product page's "View Logging (by Entity)").</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AuditViewsAttribute : Attribute;

/// <summary>The entity type is never audited by the EF Core interceptors.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AuditExcludeAttribute : Attribute;
