namespace AuditKit;

/// <summary>The alert rules settings document (<see cref="DocumentName"/>): every rule by its id.</summary>
public sealed class AlertRules
{
    /// <summary>The settings document's name: <c>alert-rules</c>.</summary>
    public const string DocumentName = "alert-rules";

    /// <summary>The rules by id (lower-case letters, digits, '-' and '_', at most 64 characters).</summary>
    public Dictionary<string, AlertRule> Rules { get; set; } = new(StringComparer.Ordinal);
}
