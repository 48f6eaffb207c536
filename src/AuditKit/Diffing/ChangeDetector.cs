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

    private DiffContext Rent() => Interlocked.Exchange(ref _spare, null) ?? new DiffContext();

    private void Return(DiffContext context)
    {
        context.Reset();
        _spare = context;
    }
}
