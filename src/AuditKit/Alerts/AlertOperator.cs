using System.Text.Json.Serialization;

namespace AuditKit;

/// <summary>How an <see cref="AlertCondition"/> compares an event field with its value (JSON: the member name, <c>"greaterThan"</c> or <c>"GreaterThan"</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertOperator>))]
public enum AlertOperator
{
    /// <summary>Equal: numbers as numbers, risk levels by name, text case-insensitively.</summary>
    Equal = 0,

    /// <summary>Not equal (also true when the field is missing).</summary>
    NotEqual = 1,

    /// <summary>Greater than: numbers, risk levels (<c>risk greaterThan Medium</c>), otherwise ordinal text.</summary>
    GreaterThan = 2,

    /// <summary>Greater than or equal.</summary>
    GreaterThanOrEqual = 3,

    /// <summary>Less than.</summary>
    LessThan = 4,

    /// <summary>Less than or equal.</summary>
    LessThanOrEqual = 5,

    /// <summary>Equal to one of <see cref="AlertCondition.Values"/>.</summary>
    In = 6,

    /// <summary>The field's text contains the value, case-insensitively.</summary>
    Contains = 7,

    /// <summary>The field's text starts with the value, case-insensitively.</summary>
    StartsWith = 8,

    /// <summary>The field is present and not null (the value is ignored).</summary>
    Exists = 9,
}
