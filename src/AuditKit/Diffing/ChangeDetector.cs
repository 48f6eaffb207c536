using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuditKit;

/// <summary>
/// Walks two snapshots side by side with per-type compiled accessors (<see cref="TypeModelCache"/>). Scalar
/// members are compared without boxing and paths are built only for members that changed, so a diff that
/// finds nothing allocates nothing (collections allocate their item keys).
/// </summary>
internal sealed partial class ChangeDetector : IChangeDetector
{
    private static readonly IReadOnlyList<FieldChange> None = [];
    private const string Masked = "***";

    private readonly ChangeDetectorOptions _options;
    private readonly TypeModelCache _models;
    private DiffContext? _spare;

    public ChangeDetector(ChangeDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _models = new TypeModelCache(options);
    }

    public IReadOnlyList<FieldChange> Compare<T>(T? before, T? after)
    {
        var context = Rent();
        try
        {
            CompareValues(context, before, after, null, 0);
            return context.Changes ?? None;
        }
        finally
        {
            Return(context);
        }
    }

    public IReadOnlyList<FieldChange> Snapshot<T>(T value, FieldChangeKind kind = FieldChangeKind.Added)
    {
        if (kind is not (FieldChangeKind.Added or FieldChangeKind.Removed))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A snapshot is Added (a created record) or Removed (a deleted record).");
        }

        var context = Rent();
        try
        {
            SnapshotValue(context, value, null, kind == FieldChangeKind.Removed, 0);
            return context.Changes ?? None;
        }
        finally
        {
            Return(context);
        }
    }

    private void CompareValues(DiffContext context, object? a, object? b, MemberModel? member, int depth)
    {
        if (a is null && b is null)
        {
            return;
        }

        var type = (a ?? b)!.GetType();
        var shape = TypeModel.ShapeOf(type);
        if (a is null || b is null || (a.GetType() != b.GetType() && !(shape == ValueShape.Scalar && TypeModel.ShapeOf(b!.GetType()) == ValueShape.Scalar)))
        {
            if (shape == ValueShape.Scalar && (a is null || TypeModel.ShapeOf(a.GetType()) == ValueShape.Scalar) && (b is null || TypeModel.ShapeOf(b.GetType()) == ValueShape.Scalar))
            {
                Emit(context, member, a, b, FieldChangeKind.Modified);
                return;
            }

            // One side missing, or the type changed: what was there is removed, what is there is added.
            SnapshotValue(context, a, member, removed: true, depth);
            SnapshotValue(context, b, member, removed: false, depth);
            return;
        }

        switch (shape)
        {
            case ValueShape.Scalar:
                if (!ScalarEquals(a, b))
                {
                    Emit(context, member, a, b, FieldChangeKind.Modified);
                }

                break;
            case ValueShape.Json:
                CompareJson(context, (JsonElement)a, (JsonElement)b, member, depth);
                break;
            case ValueShape.JsonNode:
                CompareJson(context, JsonSerializer.SerializeToElement((JsonNode)a), JsonSerializer.SerializeToElement((JsonNode)b), member, depth);
                break;
            case ValueShape.Dictionary:
                if (Enter(context, a, depth))
                {
                    CompareDictionaries(context, (IDictionary)a, (IDictionary)b, depth);
                    context.Ancestors.RemoveAt(context.Ancestors.Count - 1);
                }

                break;
            case ValueShape.Collection:
                if (Enter(context, a, depth))
                {
                    CompareCollections(context, (IEnumerable)a, (IEnumerable)b, depth);
                    context.Ancestors.RemoveAt(context.Ancestors.Count - 1);
                }

                break;
            default:
                if (Enter(context, a, depth))
                {
                    CompareObjects(context, _models.Get(type), a, b, depth);
                    context.Ancestors.RemoveAt(context.Ancestors.Count - 1);
                }

                break;
        }
    }

    private void CompareObjects(DiffContext context, TypeModel model, object a, object b, int depth)
    {
        foreach (var member in model.Members)
        {
            context.Segments.Add(member.Name);
            if (member.ScalarEquals is { } equals)
            {
                if (!equals(a, b))
                {
                    Emit(context, member, member.Get(a), member.Get(b), FieldChangeKind.Modified);
                }
                else if (member.AlwaysReport)
                {
                    var value = member.Get(a);
                    Emit(context, member, value, value, FieldChangeKind.Unchanged);
                }
            }
            else
            {
                var left = member.Get(a);
                var right = member.Get(b);
                if (!ReferenceEquals(left, right))
                {
                    CompareValues(context, left, right, member, depth + 1);
                }
            }

            context.Segments.RemoveAt(context.Segments.Count - 1);
        }
    }

    private void CompareCollections(DiffContext context, IEnumerable a, IEnumerable b, int depth)
    {
        var left = a as IList ?? a.Cast<object?>().ToList();
        var right = b as IList ?? b.Cast<object?>().ToList();
        var itemType = ItemType(left) ?? ItemType(right);
        var key = itemType is null || TypeModel.ShapeOf(itemType) != ValueShape.Object ? null : _models.Get(itemType).Key;
        if (key is null || !SameKeysInOrder(left, right, key))
        {
            if (key is null)
            {
                ComparePositions(context, left, right, depth);
            }
            else
            {
                CompareByKey(context, left, right, key, depth);
            }

            return;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!ReferenceEquals(left[i], right[i]))
            {
                context.Segments.Add(KeySegment(key(left[i]!)));
                CompareValues(context, left[i], right[i], null, depth + 1);
                context.Segments.RemoveAt(context.Segments.Count - 1);
            }
        }
    }

    private void ComparePositions(DiffContext context, IList left, IList right, int depth)
    {
        var common = Math.Min(left.Count, right.Count);
        for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
        {
            var l = i < left.Count ? left[i] : null;
            var r = i < right.Count ? right[i] : null;
            if (i < common && (ReferenceEquals(l, r) || (l is not null && TypeModel.ShapeOf(l.GetType()) == ValueShape.Scalar && ScalarEquals(l, r))))
            {
                continue;
            }

            context.Segments.Add(IndexSegment(i));
            if (i < common)
            {
                CompareValues(context, l, r, null, depth + 1);
            }
            else
            {
                SnapshotValue(context, i < left.Count ? l : r, null, removed: i < left.Count, depth + 1);
            }

            context.Segments.RemoveAt(context.Segments.Count - 1);
        }
    }

    private void CompareByKey(DiffContext context, IList left, IList right, Func<object, object?> key, int depth)
    {
        var remaining = new Dictionary<object, object>();
        foreach (var item in left)
        {
            if (item is not null && key(item) is { } k)
            {
                remaining.TryAdd(k, item);
            }
        }

        foreach (var item in right)
        {
            if (item is null || key(item) is not { } k)
            {
                continue;
            }

            context.Segments.Add(KeySegment(k));
            if (remaining.Remove(k, out var previous))
            {
                CompareValues(context, previous, item, null, depth + 1);
            }
            else
            {
                SnapshotValue(context, item, null, removed: false, depth + 1);
            }

            context.Segments.RemoveAt(context.Segments.Count - 1);
        }

        foreach (var (k, item) in remaining)
        {
            context.Segments.Add(KeySegment(k));
            SnapshotValue(context, item, null, removed: true, depth + 1);
            context.Segments.RemoveAt(context.Segments.Count - 1);
        }
    }

    private void CompareDictionaries(DiffContext context, IDictionary a, IDictionary b, int depth)
    {
        foreach (DictionaryEntry entry in b)
        {
            context.Segments.Add(KeySegment(entry.Key));
            if (a.Contains(entry.Key))
            {
                CompareValues(context, a[entry.Key], entry.Value, null, depth + 1);
            }
            else
            {
                SnapshotValue(context, entry.Value, null, removed: false, depth + 1);
            }

            context.Segments.RemoveAt(context.Segments.Count - 1);
        }

        foreach (DictionaryEntry entry in a)
        {
            if (!b.Contains(entry.Key))
            {
                context.Segments.Add(KeySegment(entry.Key));
                SnapshotValue(context, entry.Value, null, removed: true, depth + 1);
                context.Segments.RemoveAt(context.Segments.Count - 1);
            }
        }
    }

    private void CompareJson(DiffContext context, JsonElement a, JsonElement b, MemberModel? member, int depth)
    {
        if (JsonElement.DeepEquals(a, b))
        {
            return;
        }

        if (a.ValueKind == JsonValueKind.Object && b.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in b.EnumerateObject())
            {
                context.Segments.Add(property.Name);
                if (a.TryGetProperty(property.Name, out var old))
                {
                    CompareValues(context, Unwrap(old), Unwrap(property.Value), null, depth + 1);
                }
                else
                {
                    SnapshotValue(context, Unwrap(property.Value), null, removed: false, depth + 1);
                }

                context.Segments.RemoveAt(context.Segments.Count - 1);
            }

            foreach (var property in a.EnumerateObject())
            {
                if (!b.TryGetProperty(property.Name, out _))
                {
                    context.Segments.Add(property.Name);
                    SnapshotValue(context, Unwrap(property.Value), null, removed: true, depth + 1);
                    context.Segments.RemoveAt(context.Segments.Count - 1);
                }
            }

            return;
        }

        if (a.ValueKind == JsonValueKind.Array && b.ValueKind == JsonValueKind.Array)
        {
            ComparePositions(context, a.EnumerateArray().Select(Unwrap).ToList(), b.EnumerateArray().Select(Unwrap).ToList(), depth);
            return;
        }

        var left = Unwrap(a);
        var right = Unwrap(b);
        if (left is JsonElement || right is JsonElement)
        {
            SnapshotValue(context, left, member, removed: true, depth);
            SnapshotValue(context, right, member, removed: false, depth);
        }
        else
        {
            Emit(context, member, left, right, FieldChangeKind.Modified);
        }
    }

    // JSON scalars become their text so they compare and print like other scalars; containers stay elements.
    private static object? Unwrap(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object or JsonValueKind.Array => e,
        _ => ValueText.FormatJson(e),
    };

    private bool ScalarEquals(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => ValueText.DoubleEquals(x, y, _options.FloatTolerance),
        (float x, float y) => ValueText.FloatEquals(x, y, _options.FloatTolerance),
        (DateTime x, DateTime y) => ValueText.DateTimeEquals(x, y),
        (DateTimeOffset x, DateTimeOffset y) => x.EqualsExact(y),
        _ => Equals(a, b),
    };

    private bool Enter(DiffContext context, object value, int depth)
    {
        if (depth >= _options.MaxDepth)
        {
            return false;
        }

        foreach (var ancestor in context.Ancestors)
        {
            if (ReferenceEquals(ancestor, value))
            {
                return false; // a cycle: its members are compared where they first appear
            }
        }

        context.Ancestors.Add(value);
        return true;
    }

    private static Type? ItemType(IList list)
    {
        foreach (var item in list)
        {
            if (item is not null)
            {
                return item.GetType();
            }
        }

        return null;
    }

    private static bool SameKeysInOrder(IList left, IList right, Func<object, object?> key)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (left[i] is not { } l || right[i] is not { } r || !Equals(key(l), key(r)))
            {
                return false;
            }
        }

        return true;
    }

    private static string KeySegment(object? key) => "[" + (ValueText.Format(key) ?? "null") + "]";

    private static string IndexSegment(int index) => "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private DiffContext Rent() => Interlocked.Exchange(ref _spare, null) ?? new DiffContext();

    private void Return(DiffContext context)
    {
        context.Reset();
        _spare = context;
    }
}
