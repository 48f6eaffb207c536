using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AuditKit;

/// <summary>
/// What the interceptors know of one entity or complex type, built once per model (kept as a runtime annotation
/// on the EF Core metadata): its audited properties with their display rules, its complex properties, its owned
/// references, and the CLR attributes that name it.
/// </summary>
internal sealed class AuditedType
{
    private const string Annotation = "AuditKit:AuditedType";

    private AuditedType(ITypeBase type, ChangeDetectorOptions options)
    {
        var properties = new List<AuditedProperty>();
        var ownedKey = type is IEntityType { } owned && owned.IsOwned() ? owned.FindPrimaryKey()?.Properties : null;
        foreach (var property in type.GetProperties())
        {
            if (ownedKey is not null && ownedKey.Contains(property))
            {
                continue; // an owned type's key is its owner's: not a field of the record
            }

            var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo;
            var rule = member is null ? null : options.FindMemberRule(member);
            if (member?.IsDefined(typeof(AuditIgnoreAttribute), true) == true || rule?.Ignore == true)
            {
                continue;
            }

            var display = rule?.DisplayName
                ?? member?.GetCustomAttribute<AuditDisplayNameAttribute>(true)?.Name
                ?? member?.GetCustomAttribute<DisplayAttribute>(true)?.GetName();
            properties.Add(new AuditedProperty(
                property,
                display,
                Mask: member?.IsDefined(typeof(AuditMaskedAttribute), true) == true || rule?.Mask == true,
                Personal: member?.IsDefined(typeof(AuditPersonalAttribute), true) == true || rule?.Personal == true,
                Format: rule?.Format ?? options.FindTypeFormatter(Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType))
            {
                AlwaysReport = member?.IsDefined(typeof(AuditAlwaysReportAttribute), true) == true || rule?.AlwaysReport == true,
            });
        }

        Properties = properties;
        ComplexProperties = [.. type.GetComplexProperties()];
        if (type is IEntityType entity)
        {
            OwnedReferences = [.. entity.GetNavigations().Where(n => !n.IsCollection && n.TargetEntityType.IsOwned() && !n.IsOnDependent)];
            var clr = entity.HasSharedClrType ? null : entity.ClrType;
            AttributeName = clr?.GetCustomAttribute<AuditEntityNameAttribute>(true)?.Name;
            LogViews = clr?.IsDefined(typeof(AuditViewsAttribute), true) == true;
            Excluded = clr?.IsDefined(typeof(AuditExcludeAttribute), true) == true;
            var recordName = clr?.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => p.IsDefined(typeof(AuditRecordNameAttribute), true));
            if (recordName is not null)
            {
                var instance = System.Linq.Expressions.Expression.Parameter(typeof(object));
                RecordNameGetter = System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(
                    System.Linq.Expressions.Expression.Convert(
                        System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(instance, clr!), recordName), typeof(object)),
                    instance).Compile();
            }
            DefaultName = entity.HasSharedClrType ? entity.ShortName() : entity.ClrType.Name;
            Key = entity.FindPrimaryKey()?.Properties ?? [];
        }
    }

    public IReadOnlyList<AuditedProperty> Properties { get; }

    public IReadOnlyList<IComplexProperty> ComplexProperties { get; }

    public IReadOnlyList<INavigation> OwnedReferences { get; } = [];

    public string? AttributeName { get; }

    public string DefaultName { get; } = string.Empty;

    public bool LogViews { get; }

    public bool Excluded { get; }

    /// <summary>Reads the <see cref="AuditRecordNameAttribute"/> property (compiled once).</summary>
    public Func<object, object?>? RecordNameGetter { get; }

    public IReadOnlyList<IProperty> Key { get; } = [];

    public static AuditedType For(ITypeBase type, ChangeDetectorOptions options) =>
        type.GetOrAddRuntimeAnnotationValue(Annotation, static arg => new AuditedType(arg.Type, arg.Options), (Type: type, Options: options));
}

/// <summary>One audited property and how its values are shown.</summary>
internal sealed record AuditedProperty(IProperty Property, string? DisplayName, bool Mask, bool Personal, Func<object?, string?>? Format)
{
    public string Name => Property.Name;

    /// <summary>Recorded with every update of the record, changed or not (<see cref="AuditAlwaysReportAttribute"/> or <c>AlwaysReport</c> in <c>ConfigureChanges</c>), as the change detector does.</summary>
    public bool AlwaysReport { get; init; }
}
