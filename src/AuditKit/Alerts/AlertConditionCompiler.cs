using System.Globalization;
using System.Text.Json;

namespace AuditKit;

/// <summary>
/// Turns a condition tree into one delegate, checking it on the way: an invalid node throws
/// <see cref="ArgumentException"/> naming its path (<c>rule.when.all[1].field</c>).
/// </summary>
internal static class AlertConditionCompiler
{
    private const int MaxDepth = 32;

    public static Func<AuditEvent, bool> Compile(AlertCondition? condition, string path) =>
        condition is null ? static _ => true : Compile(condition, path, 0);

    private static Func<AuditEvent, bool> Compile(AlertCondition c, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"The alert condition {path} is nested more than {MaxDepth} levels deep.", path);
        }

        var set = (c.All is not null ? 1 : 0) + (c.Any is not null ? 1 : 0) + (c.Not is not null ? 1 : 0) + (c.TimeOfDay is not null ? 1 : 0) + (c.Field is not null ? 1 : 0);
        if (set != 1)
        {
            throw new ArgumentException($"The alert condition {path} must set exactly one of all, any, not, timeOfDay or field; it sets {set}.", path);
        }

        if (c.All is { } all)
        {
            var parts = all.Select((x, i) => Compile(x ?? throw Null(path, "all", i), $"{path}.all[{i}]", depth + 1)).ToArray();
            return e =>
            {
                foreach (var p in parts)
                {
                    if (!p(e))
                    {
                        return false;
                    }
                }

                return true;
            };
        }

        if (c.Any is { } any)
        {
            var parts = any.Select((x, i) => Compile(x ?? throw Null(path, "any", i), $"{path}.any[{i}]", depth + 1)).ToArray();
            return e =>
            {
                foreach (var p in parts)
                {
                    if (p(e))
                    {
                        return true;
                    }
                }

                return false;
            };
        }

        if (c.Not is { } not)
        {
            var inner = Compile(not, path + ".not", depth + 1);
            return e => !inner(e);
        }

        if (c.TimeOfDay is { } window)
        {
            return CompileTimeOfDay(window, path + ".timeOfDay");
        }

        return CompileComparison(c, path);
    }

    private static Func<AuditEvent, bool> CompileComparison(AlertCondition c, string path)
    {
        var field = c.Field!;
        var op = c.Operator;
        if (!Enum.IsDefined(op))
        {
            throw new ArgumentException($"The alert condition {path}.operator is not a defined operator.", path + ".operator");
        }

        var isRisk = field.Equals("risk", StringComparison.OrdinalIgnoreCase);
        Operand[] operands;
        if (op == AlertOperator.Exists)
        {
            operands = [];
        }
        else if (op == AlertOperator.In)
        {
            if (c.Values is not { Count: > 0 } values)
            {
                throw new ArgumentException($"The alert condition {path}.values must hold at least one value for 'In'.", path + ".values");
            }

            operands = [.. values.Select((v, i) => Operand.From(v, isRisk, $"{path}.values[{i}]"))];
        }
        else
        {
            if (c.Value is not { } value)
            {
                throw new ArgumentException($"The alert condition {path}.value is required for '{op}'.", path + ".value");
            }

            operands = [Operand.From(value, isRisk, path + ".value")];
        }

        if (field.Equals(AlertField.Changed, StringComparison.OrdinalIgnoreCase))
        {
            // The names of the changed fields: true when any name satisfies the comparison; NotEqual when none equals.
            var positive = op == AlertOperator.NotEqual ? AlertOperator.Equal : op;
            return e =>
            {
                var found = false;
                foreach (var change in e.Changes)
                {
                    if (Test(AlertField.Value.Of(change.Field), positive, operands))
                    {
                        found = true;
                        break;
                    }
                }

                return found != (op == AlertOperator.NotEqual);
            };
        }

        var read = AlertField.Compile(field, path + ".field");
        return e => Test(read(e), op, operands);
    }

    private static bool Test(AlertField.Value actual, AlertOperator op, Operand[] operands)
    {
        switch (op)
        {
            case AlertOperator.Exists:
                return actual.Present;
            case AlertOperator.NotEqual:
                return !actual.Present || Compare(actual, operands[0]) != 0;
            case AlertOperator.In:
                if (!actual.Present)
                {
                    return false;
                }

                foreach (var operand in operands)
                {
                    if (Compare(actual, operand) == 0)
                    {
                        return true;
                    }
                }

                return false;
        }

        if (!actual.Present)
        {
            return false;
        }

        var operandValue = operands[0];
        return op switch
        {
            AlertOperator.Equal => Compare(actual, operandValue) == 0,
            AlertOperator.GreaterThan => Ordered(actual, operandValue) is > 0,
            AlertOperator.GreaterThanOrEqual => Ordered(actual, operandValue) is >= 0,
            AlertOperator.LessThan => Ordered(actual, operandValue) is < 0,
            AlertOperator.LessThanOrEqual => Ordered(actual, operandValue) is <= 0,
            AlertOperator.Contains => actual.Text!.Contains(operandValue.Text, StringComparison.OrdinalIgnoreCase),
            AlertOperator.StartsWith => actual.Text!.StartsWith(operandValue.Text, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    // Equality: numbers as numbers when both are (text that reads as a number, such as a change's value, counts as one), otherwise text without case.
    private static int Compare(AlertField.Value actual, Operand operand) =>
        AsNumber(actual) is { } a && operand.Number is { } b
            ? a.CompareTo(b)
            : string.Compare(actual.Text, operand.Text, StringComparison.OrdinalIgnoreCase);

    // Order: numbers when the value is one; text ordinally (ISO dates order correctly); text against a number is not ordered.
    private static int? Ordered(AlertField.Value actual, Operand operand)
    {
        if (operand.Number is { } b)
        {
            return AsNumber(actual) is { } a ? a.CompareTo(b) : null;
        }

        return actual.Number is null ? string.CompareOrdinal(actual.Text, operand.Text) : null;
    }

    private static double? AsNumber(AlertField.Value value) =>
        value.Number ?? (double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) ? parsed : null);

    private static Func<AuditEvent, bool> CompileTimeOfDay(AlertTimeOfDay window, string path)
    {
        var from = ParseTime(window.From, path + ".from");
        var to = ParseTime(window.To, path + ".to");
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(window.TimeZone) ? "UTC" : window.TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"The alert condition {path}.timeZone '{window.TimeZone}' is not a known time zone.", path + ".timeZone", ex);
        }

        var days = 0;
        foreach (var (day, i) in (window.Days ?? []).Select((d, i) => (d, i)))
        {
            var parsed = Enum.GetValues<DayOfWeek>().Where(d => d.ToString().Equals(day, StringComparison.OrdinalIgnoreCase) || d.ToString()[..3].Equals(day, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (parsed.Length != 1)
            {
                throw new ArgumentException($"The alert condition {path}.days[{i}] '{day}' is not a weekday (Monday … Sunday, or Mon … Sun).", $"{path}.days[{i}]");
            }

            days |= 1 << (int)parsed[0];
        }

        return e =>
        {
            var local = TimeZoneInfo.ConvertTime(e.Timestamp, zone);
            var time = local.TimeOfDay;
            var startDay = local.DayOfWeek;
            bool inside;
            if (from < to)
            {
                inside = time >= from && time < to;
            }
            else if (from > to)
            {
                inside = time >= from || time < to;
                if (time < to)
                {
                    startDay = (DayOfWeek)(((int)startDay + 6) % 7); // after midnight: the window started the day before
                }
            }
            else
            {
                inside = true;
            }

            return inside && (days == 0 || (days & (1 << (int)startDay)) != 0);
        };
    }

    private static TimeSpan ParseTime(string? text, string path)
    {
        if (text is null || !TimeSpan.TryParseExact(text, ["hh\\:mm", "hh\\:mm\\:ss", "h\\:mm"], CultureInfo.InvariantCulture, out var time) || time >= TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"The alert condition {path} '{text}' is not a time of day (HH:mm).", path);
        }

        return time;
    }

    private static ArgumentException Null(string path, string list, int index) =>
        new($"The alert condition {path}.{list}[{index}] is null.", $"{path}.{list}[{index}]");

    private readonly record struct Operand(string Text, double? Number)
    {
        public static Operand From(JsonElement json, bool isRisk, string path)
        {
            var value = AlertField.FromJson(json);
            if (!value.Present || json.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                throw new ArgumentException($"The alert condition {path} must be a string, number or boolean.", path);
            }

            if (isRisk && value.Number is null)
            {
                if (!Enum.TryParse<RiskLevel>(value.Text, ignoreCase: true, out var risk) || !Enum.IsDefined(risk))
                {
                    throw new ArgumentException($"The alert condition {path} '{value.Text}' is not a risk level ({string.Join(", ", Enum.GetNames<RiskLevel>())}).", path);
                }

                return new Operand(risk.ToString(), (int)risk);
            }

            return new Operand(value.Text!, value.Number);
        }
    }
}
