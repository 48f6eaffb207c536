namespace AuditKit;

/// <summary>
/// The query tag that marks a projection of an entity type (<c>-- AuditKit.View Erp.Customer key=Id fields=Id,CreditLimit</c>):
/// written once when the query is compiled (<see cref="ProjectionViewInterceptor"/>), read from the command text each
/// time it runs (<see cref="CommandAuditInterceptor"/>), so views configured at run time apply to cached queries too.
/// </summary>
internal sealed record ProjectionTag(string EntityType, string? KeyColumn, IReadOnlyList<string> Fields)
{
    public const string Prefix = "AuditKit.View ";

    public string Text =>
        Prefix + EntityType +
        (KeyColumn is null ? string.Empty : " key=" + KeyColumn) +
        (Fields.Count == 0 ? string.Empty : " fields=" + string.Join(",", Fields));

    /// <summary>The tags in a command's text (EF Core writes each tag as a <c>-- </c> comment line before the SQL).</summary>
    public static List<ProjectionTag>? Find(string sql)
    {
        List<ProjectionTag>? tags = null;
        var marker = "-- " + Prefix;
        for (var at = sql.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = sql.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
        {
            var end = sql.IndexOf('\n', at);
            var parts = sql[(at + marker.Length)..(end < 0 ? sql.Length : end)].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            string? key = null;
            IReadOnlyList<string> fields = [];
            foreach (var part in parts.AsSpan(1))
            {
                if (part.StartsWith("key=", StringComparison.Ordinal))
                {
                    key = part[4..];
                }
                else if (part.StartsWith("fields=", StringComparison.Ordinal))
                {
                    fields = part[7..].Split(',', StringSplitOptions.RemoveEmptyEntries);
                }
            }

            (tags ??= []).Add(new ProjectionTag(parts[0], key, fields));
        }

        return tags;
    }
}
