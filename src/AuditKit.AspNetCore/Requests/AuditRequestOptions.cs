namespace AuditKit.AspNetCore;

/// <summary>
/// Auditing of API requests: one <see cref="AuditCategory.ApiRequest"/> event per request with method, route template,
/// status and duration. Off by default. Routes are matched against the endpoint's route template (<c>/api/orders/{id}</c>,
/// or the request path when no endpoint matched); a pattern ending in <c>*</c> matches every route starting with what
/// precedes it, any other pattern matches the route exactly (case-insensitive).
/// </summary>
public sealed class AuditRequestOptions
{
    /// <summary>Whether API requests are recorded. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Routes to record; empty (the default) records every route not excluded.</summary>
    public IList<string> Include { get; } = [];

    /// <summary>Routes never recorded; wins over <see cref="Include"/>. The audit API's own routes are never recorded as requests (its reads are audited as DataAccess).</summary>
    public IList<string> Exclude { get; } = [];
}
