using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuditKit;

internal enum ValueShape
{
    Scalar,
    Object,
    Collection,
    Dictionary,
    Json,
    JsonNode,
}

/// <summary>What the detector knows of one member, compiled once per type: a boxing-free equality for scalars, a getter, display rules.</summary>
internal sealed class MemberModel
{
    public required string Name { get; init; }

    public string? DisplayName { get; init; }

    public required Type Type { get; init; }

    public required ValueShape Shape { get; init; }

    public bool Mask { get; init; }

    public bool Personal { get; init; }

    public bool AlwaysReport { get; init; }

    public required Func<object, object?> Get { get; init; }

    public Func<object, object, bool>? ScalarEquals { get; init; }

    public Func<object?, string?>? Display { get; init; }
}

/// <summary>The members of one type and, for collection items, how to key them.</summary>
internal sealed class TypeModel
{
    public required Type Type { get; init; }

    public required MemberModel[] Members { get; init; }

    public Func<object, object?>? Key { get; init; }

    public static ValueShape ShapeOf(Type type)
    {
        if (type == typeof(JsonElement) || type == typeof(JsonElement?))
        {
            return ValueShape.Json;
        }

        if (typeof(JsonNode).IsAssignableFrom(type))
        {
            return ValueShape.JsonNode;
        }

        if (ValueText.IsScalar(type))
        {
            return ValueShape.Scalar;
        }

        if (typeof(IDictionary).IsAssignableFrom(type))
        {
            return ValueShape.Dictionary;
        }

        return typeof(IEnumerable).IsAssignableFrom(type) ? ValueShape.Collection : ValueShape.Object;
    }
}

/// <summary>Builds and caches <see cref="TypeModel"/>s; one per detector, so options apply.</summary>
internal sealed class TypeModelCache
{
    private readonly ConcurrentDictionary<Type, TypeModel> _models = new();
    private readonly ChangeDetectorOptions options;
    private readonly Func<Type, TypeModel> _build;

    public TypeModelCache(ChangeDetectorOptions options)
    {
        this.options = options;
        _build = Build; // one delegate, not one per lookup
    }

    public TypeModel Get(Type type) => _models.TryGetValue(type, out var model) ? model : _models.GetOrAdd(type, _build);

    private TypeModel Build(Type type)
    {
        var members = new List<MemberModel>();
        foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance))
        {
            if (member is PropertyInfo property)
            {
                if (!property.CanRead || property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true })
                {
                    continue;
                }
            }
            else if (member is not FieldInfo)
            {
                continue;
            }

            if (member.IsDefined(typeof(AuditIgnoreAttribute), true) || Rule(member)?.Ignore == true)
            {
                continue;
            }

            members.Add(BuildMember(type, member));
        }

        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new TypeModel { Type = type, Members = [.. members], Key = BuildKey(type) };
    }

    private MemberRule? Rule(MemberInfo member) =>
        options.Members.TryGetValue((member.DeclaringType!, member.Name), out var rule) ? rule : null;

    private MemberModel BuildMember(Type owner, MemberInfo member)
    {
        var memberType = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
        var rule = Rule(member);
        var shape = TypeModel.ShapeOf(memberType);
        var display = rule?.DisplayName
            ?? member.GetCustomAttribute<AuditDisplayNameAttribute>(true)?.Name
            ?? member.GetCustomAttribute<DisplayAttribute>(true)?.GetName();
        return new MemberModel
        {
            Name = member.Name,
            DisplayName = display,
            Type = memberType,
            Shape = shape,
            Mask = member.IsDefined(typeof(AuditMaskedAttribute), true) || rule?.Mask == true,
            Personal = member.IsDefined(typeof(AuditPersonalAttribute), true) || rule?.Personal == true,
            AlwaysReport = member.IsDefined(typeof(AuditAlwaysReportAttribute), true) || rule?.AlwaysReport == true,
            Get = CompileGetter(owner, member),
            ScalarEquals = shape == ValueShape.Scalar ? CompileEquals(owner, member, memberType) : null,
            Display = rule?.Format ?? TypeDisplay(memberType),
        };
    }

    private Func<object?, string?>? TypeDisplay(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (options.TypeFormatters.TryGetValue(underlying, out var format) || options.TypeFormatters.TryGetValue(type, out format))
        {
            return format;
        }

        if (options.DisplayDates && (underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset)))
        {
            var zone = options.DisplayTimeZone;
            var culture = options.DisplayCulture;
            return v => v switch
            {
                DateTimeOffset d => TimeZoneInfo.ConvertTime(d, zone).ToString("g", culture),
                DateTime d => TimeZoneInfo.ConvertTime(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d, zone).ToString("g", culture),
                _ => null,
            };
        }

        return null;
    }

    private Func<object, object?>? BuildKey(Type type)
    {
        if (options.CollectionKeys.TryGetValue(type, out var configured))
        {
            return configured;
        }

        var keyed = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => p.IsDefined(typeof(KeyAttribute), true))
            ?? type.GetProperty("Id", BindingFlags.Public | BindingFlags.Instance);
        return keyed is { CanRead: true } && ValueText.IsScalar(keyed.PropertyType) ? CompileGetter(type, keyed) : null;
    }

    private static Func<object, object?> CompileGetter(Type owner, MemberInfo member)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var access = Expression.MakeMemberAccess(Expression.Convert(instance, owner), member);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(access, typeof(object)), instance).Compile();
    }

    // (a, b) => Equal(((Owner)a).Member, ((Owner)b).Member): typed, so value-type members are never boxed.
    private Func<object, object, bool> CompileEquals(Type owner, MemberInfo member, Type memberType)
    {
        var a = Expression.Parameter(typeof(object), "a");
        var b = Expression.Parameter(typeof(object), "b");
        var left = Expression.MakeMemberAccess(Expression.Convert(a, owner), member);
        var right = Expression.MakeMemberAccess(Expression.Convert(b, owner), member);
        var tolerance = Expression.Constant(options.FloatTolerance);
        Expression body = memberType switch
        {
            _ when memberType == typeof(double) => Call(nameof(ValueText.DoubleEquals), left, right, tolerance),
            _ when memberType == typeof(double?) => Call(nameof(ValueText.NullableDoubleEquals), left, right, tolerance),
            _ when memberType == typeof(float) => Call(nameof(ValueText.FloatEquals), left, right, tolerance),
            _ when memberType == typeof(float?) => Call(nameof(ValueText.NullableFloatEquals), left, right, tolerance),
            _ when memberType == typeof(DateTime) => Call(nameof(ValueText.DateTimeEquals), left, right),
            _ when memberType == typeof(DateTime?) => Call(nameof(ValueText.NullableDateTimeEquals), left, right),
            _ when memberType == typeof(DateTimeOffset) => Call(nameof(ValueText.DateTimeOffsetEquals), left, right),
            _ when memberType == typeof(DateTimeOffset?) => Call(nameof(ValueText.NullableDateTimeOffsetEquals), left, right),
            _ => DefaultEquals(memberType, left, right),
        };
        return Expression.Lambda<Func<object, object, bool>>(body, a, b).Compile();
    }

    private static MethodCallExpression Call(string method, params Expression[] arguments) =>
        Expression.Call(typeof(ValueText).GetMethod(method, BindingFlags.Public | BindingFlags.Static)!, arguments);

    private static MethodCallExpression DefaultEquals(Type type, Expression left, Expression right)
    {
        var comparerType = typeof(EqualityComparer<>).MakeGenericType(type);
        var comparer = Expression.Property(null, comparerType.GetProperty(nameof(EqualityComparer<int>.Default))!);
        return Expression.Call(comparer, comparerType.GetMethod(nameof(EqualityComparer<int>.Equals), [type, type])!, left, right);
    }
}
