namespace AuditKit.AspNetCore;

/// <summary>Matches route templates against <see cref="AuditRequestOptions.Include"/> and <see cref="AuditRequestOptions.Exclude"/>.</summary>
internal static class RouteFilter
{
    public static bool Includes(AuditRequestOptions options, string route)
    {
        if (options.Exclude.Any(p => Matches(p, route)))
        {
            return false;
        }

        return options.Include.Count == 0 || options.Include.Any(p => Matches(p, route));
    }

    internal static bool Matches(string pattern, string route)
    {
        pattern = "/" + pattern.TrimStart('/');
        return pattern.EndsWith('*')
            ? route.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern.TrimEnd('/'), route.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }
}
