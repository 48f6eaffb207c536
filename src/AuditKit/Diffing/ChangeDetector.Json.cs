using System.Text.Json;

namespace AuditKit;

/// <summary>JSON values (a member typed as JsonElement or JsonNode): compared node by node.</summary>
internal sealed partial class ChangeDetector
{
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
}
