using System.Collections;
using System.Text;
using System.Text.Json;

namespace AuditKit;

internal sealed partial class ChangeDetector
{
    private void SnapshotValue(DiffContext context, object? value, MemberModel? member, bool removed, int depth)
    {
        if (value is null)
        {
            return;
        }

        var type = value.GetType();
        switch (TypeModel.ShapeOf(type))
        {
            case ValueShape.Scalar:
                Emit(context, member, removed ? value : null, removed ? null : value, removed ? FieldChangeKind.Removed : FieldChangeKind.Added);
                return;
            case ValueShape.JsonNode:
                SnapshotValue(context, JsonSerializer.SerializeToElement((System.Text.Json.Nodes.JsonNode)value), member, removed, depth);
                return;
            case ValueShape.Json:
                var element = (JsonElement)value;
                if (element.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in element.EnumerateObject())
                    {
                        context.Segments.Add(property.Name);
                        SnapshotValue(context, Unwrap(property.Value), null, removed, depth + 1);
                        context.Segments.RemoveAt(context.Segments.Count - 1);
                    }
                }
                else if (element.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        context.Segments.Add(IndexSegment(i++));
                        SnapshotValue(context, Unwrap(item), null, removed, depth + 1);
                        context.Segments.RemoveAt(context.Segments.Count - 1);
                    }
                }
                else
                {
                    SnapshotValue(context, Unwrap(element), member, removed, depth);
                }

                return;
        }

        if (!Enter(context, value, depth))
        {
            return;
        }

        switch (value)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    context.Segments.Add(KeySegment(entry.Key));
                    SnapshotValue(context, entry.Value, null, removed, depth + 1);
                    context.Segments.RemoveAt(context.Segments.Count - 1);
                }

                break;
            case IEnumerable items:
                var list = items as IList ?? items.Cast<object?>().ToList();
                var itemType = ItemType(list);
                var key = itemType is null || TypeModel.ShapeOf(itemType) != ValueShape.Object ? null : _models.Get(itemType).Key;
                for (var i = 0; i < list.Count; i++)
                {
                    context.Segments.Add(key is not null && list[i] is { } keyed ? KeySegment(key(keyed)) : IndexSegment(i));
                    SnapshotValue(context, list[i], null, removed, depth + 1);
                    context.Segments.RemoveAt(context.Segments.Count - 1);
                }

                break;
            default:
                foreach (var m in _models.Get(type).Members)
                {
                    context.Segments.Add(m.Name);
                    SnapshotValue(context, m.Get(value), m, removed, depth + 1);
                    context.Segments.RemoveAt(context.Segments.Count - 1);
                }

                break;
        }

        context.Ancestors.RemoveAt(context.Ancestors.Count - 1);
    }

    private void Emit(DiffContext context, MemberModel? member, object? oldValue, object? newValue, FieldChangeKind kind)
    {
        var path = Path(context.Segments);
        if (path.Length == 0)
        {
            path = "(value)";
        }

        var masked = member?.Mask == true;
        Func<object?, string?>? display = null;
        if (!masked)
        {
            display = member?.Display;
            if (display is null && (oldValue ?? newValue) is { } sample && _options.TypeFormatters.TryGetValue(sample.GetType(), out var byType))
            {
                display = byType;
            }
        }

        var change = new FieldChange(
            path,
            masked && oldValue is not null ? Masked : ValueText.Format(oldValue),
            masked && newValue is not null ? Masked : ValueText.Format(newValue),
            kind,
            member?.DisplayName is { } name ? DisplayPath(context.Segments, name) : null,
            display is null || oldValue is null ? null : display(oldValue),
            display is null || newValue is null ? null : display(newValue))
        {
            IsPersonal = member?.Personal == true,
        };
        (context.Changes ??= []).Add(change);
    }

    private static string Path(List<string> segments)
    {
        if (segments.Count == 1)
        {
            return segments[0];
        }

        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            if (builder.Length > 0 && !segment.StartsWith('['))
            {
                builder.Append('.');
            }

            builder.Append(segment);
        }

        return builder.ToString();
    }

    // The display name replaces the last segment: "Billing Address.City" stays readable, "Credit Limit" at the top.
    private static string DisplayPath(List<string> segments, string name)
    {
        if (segments.Count <= 1)
        {
            return name;
        }

        var parent = Path(segments.GetRange(0, segments.Count - 1));
        return parent + "." + name;
    }
}

/// <summary>Scratch state of one comparison, reused between calls.</summary>
internal sealed class DiffContext
{
    public List<string> Segments { get; } = new(8);

    public List<object> Ancestors { get; } = new(8);

    public List<FieldChange>? Changes { get; set; }

    public void Reset()
    {
        Segments.Clear();
        Ancestors.Clear();
        Changes = null;
    }
}
