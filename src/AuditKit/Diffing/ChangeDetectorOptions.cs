using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace AuditKit;

/// <summary>How <see cref="IChangeDetector"/> compares and presents values. Configure with <c>audit.ConfigureChanges(...)</c>.</summary>
public sealed class ChangeDetectorOptions
{
    internal Dictionary<(Type DeclaringType, string Name), MemberRule> Members { get; } = [];

    internal Dictionary<Type, Func<object?, string?>> TypeFormatters { get; } = [];

    internal Dictionary<Type, Func<object, object?>> CollectionKeys { get; } = [];

    /// <summary>Two <see cref="double"/> or <see cref="float"/> values closer than this are equal. Default 1e-9.</summary>
    public double FloatTolerance { get; set; } = 1e-9;

    /// <summary>How deep nested objects are followed; deeper members are not compared. Default 8.</summary>
    public int MaxDepth { get; set; } = 8;

    /// <summary>The zone that date display values are shown in (raw values stay as recorded). Default UTC.</summary>
    public TimeZoneInfo DisplayTimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>The culture of display values. Default the invariant culture.</summary>
    public CultureInfo DisplayCulture { get; set; } = CultureInfo.InvariantCulture;

    /// <summary>Whether <see cref="DateTime"/> and <see cref="DateTimeOffset"/> members get a display value in <see cref="DisplayTimeZone"/>. Default false.</summary>
    public bool DisplayDates { get; set; }

    /// <summary>Configures the members of one type.</summary>
    public ChangeDetectorOptions For<T>(Action<TypeChangeOptions<T>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(new TypeChangeOptions<T>(this));
        return this;
    }

    /// <summary>Formats every value of type <typeparamref name="TValue"/> for display (for example money as currency).</summary>
    public ChangeDetectorOptions FormatType<TValue>(Func<TValue, string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        TypeFormatters[typeof(TValue)] = v => v is TValue t ? format(t) : null;
        return this;
    }

    /// <summary>Matches items of type <typeparamref name="TItem"/> in collections by this key.</summary>
    public ChangeDetectorOptions KeyCollectionItems<TItem>(Func<TItem, object?> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CollectionKeys[typeof(TItem)] = item => key((TItem)item);
        return this;
    }

    /// <summary>The rule the host configured for a member (<see cref="For{T}"/>), or <see langword="null"/> when none; for capture integrations.</summary>
    /// <param name="member">The property or field.</param>
    /// <returns>A snapshot of the rule, or null.</returns>
    public AuditMemberRule? FindMemberRule(MemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.DeclaringType is { } type && Members.TryGetValue((type, member.Name), out var r)
            ? new AuditMemberRule(r.Ignore, r.Mask, r.Personal, r.AlwaysReport, r.DisplayName, r.Format)
            : null;
    }

    /// <summary>The display formatter the host set for values of <paramref name="valueType"/> (<see cref="FormatType{TValue}"/>), or <see langword="null"/>.</summary>
    /// <param name="valueType">The value's type (not nullable-wrapped).</param>
    /// <returns>The formatter, or null.</returns>
    public Func<object?, string?>? FindTypeFormatter(Type valueType)
    {
        ArgumentNullException.ThrowIfNull(valueType);
        return TypeFormatters.GetValueOrDefault(valueType);
    }

    internal MemberRule Rule(MemberInfo member)
    {
        var key = (member.DeclaringType!, member.Name);
        if (!Members.TryGetValue(key, out var rule))
        {
            rule = new MemberRule();
            Members[key] = rule;
        }

        return rule;
    }
}

/// <summary>Per-member settings of one type.</summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class TypeChangeOptions<T>
{
    private readonly ChangeDetectorOptions _owner;

    internal TypeChangeOptions(ChangeDetectorOptions owner) => _owner = owner;

    /// <summary>Never records the member (like <see cref="AuditIgnoreAttribute"/>).</summary>
    public TypeChangeOptions<T> Ignore<TValue>(Expression<Func<T, TValue>> member) => Set(member, r => r.Ignore = true);

    /// <summary>Records the member as changed with values shown as <c>***</c> (like <see cref="AuditMaskedAttribute"/>).</summary>
    public TypeChangeOptions<T> Mask<TValue>(Expression<Func<T, TValue>> member) => Set(member, r => r.Mask = true);

    /// <summary>Marks the member as personal data, erasable later (like <see cref="AuditPersonalAttribute"/>).</summary>
    public TypeChangeOptions<T> Personal<TValue>(Expression<Func<T, TValue>> member) => Set(member, r => r.Personal = true);

    /// <summary>Reports the member on every update, as Unchanged when it did not change (like <see cref="AuditAlwaysReportAttribute"/>).</summary>
    public TypeChangeOptions<T> AlwaysReport<TValue>(Expression<Func<T, TValue>> member) => Set(member, r => r.AlwaysReport = true);

    /// <summary>Shows the member under this name.</summary>
    public TypeChangeOptions<T> DisplayName<TValue>(Expression<Func<T, TValue>> member, string name) => Set(member, r => r.DisplayName = name);

    /// <summary>Formats the member's values for display.</summary>
    public TypeChangeOptions<T> Format<TValue>(Expression<Func<T, TValue>> member, Func<TValue, string> format) =>
        Set(member, r => r.Format = v => v is TValue t ? format(t) : null);

    /// <summary>Shows the member as currency in a culture (<c>"en-US"</c> gives <c>$10,000.00</c>).</summary>
    public TypeChangeOptions<T> Currency<TValue>(Expression<Func<T, TValue>> member, string cultureName)
    {
        var culture = CultureInfo.GetCultureInfo(cultureName);
        return Set(member, r => r.Format = v => v is IFormattable f ? f.ToString("C", culture) : null);
    }

    private TypeChangeOptions<T> Set<TValue>(Expression<Func<T, TValue>> member, Action<MemberRule> apply)
    {
        ArgumentNullException.ThrowIfNull(member);
        var body = member.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : member.Body;
        if (body is not MemberExpression { Member: PropertyInfo or FieldInfo } access || access.Expression is not ParameterExpression)
        {
            throw new ArgumentException($"'{member}' must select a property or field of {typeof(T).Name} directly (x => x.CreditLimit).", nameof(member));
        }

        apply(_owner.Rule(access.Member));
        return this;
    }
}

internal sealed class MemberRule
{
    public bool Ignore { get; set; }

    public bool Mask { get; set; }

    public bool Personal { get; set; }

    public bool AlwaysReport { get; set; }

    public string? DisplayName { get; set; }

    public Func<object?, string?>? Format { get; set; }
}
