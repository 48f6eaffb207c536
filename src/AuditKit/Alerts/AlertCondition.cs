using System.Text.Json;

namespace AuditKit;

/// <summary>
/// A node of an alert rule's condition tree, stored as JSON in the rule's settings document. Exactly one of these is set:
/// <see cref="All"/> (and), <see cref="Any"/> (or), <see cref="Not"/>, <see cref="TimeOfDay"/>, or a comparison
/// (<see cref="Field"/>, <see cref="Operator"/>, <see cref="Value"/> or <see cref="Values"/>). Field paths are listed in
/// docs/alerts.md: <c>category</c>, <c>action</c>, <c>outcome</c>, <c>risk</c>, <c>entityType</c>, <c>recordId</c>,
/// <c>actor.id</c>, <c>actor.role</c>, <c>ip</c>, <c>metadata.record_count</c>, <c>changed</c> (a changed field's name),
/// <c>changed.Status</c> (its new value), <c>changedFrom.Status</c> (its old value) and more.
/// </summary>
public sealed class AlertCondition
{
    /// <summary>Every condition must hold.</summary>
    public List<AlertCondition>? All { get; set; }

    /// <summary>At least one condition must hold.</summary>
    public List<AlertCondition>? Any { get; set; }

    /// <summary>The condition must not hold.</summary>
    public AlertCondition? Not { get; set; }

    /// <summary>The event's local time of day (and weekday) lies in a window.</summary>
    public AlertTimeOfDay? TimeOfDay { get; set; }

    /// <summary>The event field a comparison reads (<c>metadata.record_count</c>).</summary>
    public string? Field { get; set; }

    /// <summary>How the comparison compares. Default <see cref="AlertOperator.Equal"/>.</summary>
    public AlertOperator Operator { get; set; }

    /// <summary>The value to compare with (a JSON number, string or boolean).</summary>
    public JsonElement? Value { get; set; }

    /// <summary>The values of <see cref="AlertOperator.In"/>.</summary>
    public List<JsonElement>? Values { get; set; }

    /// <summary>A comparison of <paramref name="field"/> with <paramref name="value"/>.</summary>
    /// <param name="field">The field path.</param>
    /// <param name="op">The operator.</param>
    /// <param name="value">A string, number or boolean.</param>
    /// <returns>The condition.</returns>
    public static AlertCondition Compare(string field, AlertOperator op, object? value) =>
        new() { Field = field, Operator = op, Value = value is null ? null : AuditMetadata.ToJson(value, field) };

    /// <summary><paramref name="field"/> equals <paramref name="value"/>.</summary>
    /// <param name="field">The field path.</param>
    /// <param name="value">A string, number or boolean.</param>
    /// <returns>The condition.</returns>
    public static AlertCondition Is(string field, object value) => Compare(field, AlertOperator.Equal, value);

    /// <summary><paramref name="field"/> is one of <paramref name="values"/>.</summary>
    /// <param name="field">The field path.</param>
    /// <param name="values">Strings, numbers or booleans.</param>
    /// <returns>The condition.</returns>
    public static AlertCondition In(string field, params object[] values) =>
        new() { Field = field, Operator = AlertOperator.In, Values = [.. values.Select(v => AuditMetadata.ToJson(v, field))] };

    /// <summary>Every one of <paramref name="conditions"/>.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>The condition.</returns>
    public static AlertCondition And(params AlertCondition[] conditions) => new() { All = [.. conditions] };

    /// <summary>At least one of <paramref name="conditions"/>.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>The condition.</returns>
    public static AlertCondition Or(params AlertCondition[] conditions) => new() { Any = [.. conditions] };

    /// <summary>The negation of <paramref name="condition"/>.</summary>
    /// <param name="condition">The condition.</param>
    /// <returns>The condition.</returns>
    public static AlertCondition Negate(AlertCondition condition) => new() { Not = condition };

    /// <summary>The event happened between <paramref name="from"/> and <paramref name="to"/> local time (wrapping midnight when <paramref name="to"/> is earlier).</summary>
    /// <param name="from">Start, <c>HH:mm</c>, inclusive.</param>
    /// <param name="to">End, <c>HH:mm</c>, exclusive.</param>
    /// <param name="timeZone">An IANA or Windows time zone id; default UTC.</param>
    /// <param name="days">Optional weekdays the window starts on (<c>Monday</c>…).</param>
    /// <returns>The condition.</returns>
    public static AlertCondition Between(string from, string to, string timeZone = "UTC", params string[] days) =>
        new() { TimeOfDay = new AlertTimeOfDay { From = from, To = to, TimeZone = timeZone, Days = days.Length == 0 ? null : [.. days] } };
}
