using System.Text;

namespace AuditKit.Providers;

/// <summary>The text of an event that free-text search covers; every store indexes exactly this.</summary>
public static class SearchDocument
{
    /// <summary>The event's folded words joined by spaces (<see cref="SearchTerms"/>): what SQLite's FTS5 index stores.</summary>
    public static string IndexText(AuditEvent e) => SearchTerms.IndexText(Build(e));

    /// <summary>The text of an event that free-text search matches (actor, action, target, message, changes, metadata, client).</summary>
    public static string Build(AuditEvent e)
    {
        var b = new StringBuilder(256);
        Add(b, e.Action);
        Add(b, e.Message);
        if (e.Target is { } t)
        {
            Add(b, t.EntityType);
            Add(b, t.RecordId);
            Add(b, t.RecordName);
            Add(b, t.Module);
            Add(b, t.Component);
        }

        if (e.Actor is { } a)
        {
            Add(b, a.Id);
            Add(b, a.Name);
            Add(b, a.Email);
            Add(b, a.Role);
        }

        Add(b, e.Client?.IpAddress);
        foreach (var c in e.Changes)
        {
            Add(b, c.Field);
            Add(b, c.DisplayName);
            Add(b, c.OldValue);
            Add(b, c.NewValue);
            Add(b, c.OldDisplay);
            Add(b, c.NewDisplay);
        }

        return b.ToString();
    }

    private static void Add(StringBuilder b, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            b.Append(value).Append('\n');
        }
    }
}
