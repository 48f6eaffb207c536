using System.Collections;

namespace AuditKit;

/// <summary>Lists, sets and dictionaries: compared by position, by key, or as dictionaries.</summary>
internal sealed partial class ChangeDetector
{
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
}
