namespace AuditKit;

/// <summary>
/// The "Audit Log Retention" screen as a settings document (<see cref="DocumentName"/>, edited through
/// <see cref="IAuditRetention"/> or <see cref="IAuditSettings"/>; every save is a SettingsChanged event). The defaults
/// are the product page's table; its rows map to categories one to one: Security Events → <see cref="AuditCategory.Security"/>,
/// User Activity → <see cref="AuditCategory.UserAction"/>, Record Changes → <see cref="AuditCategory.RecordChange"/>,
/// System Events → <see cref="AuditCategory.System"/>, API Requests → <see cref="AuditCategory.ApiRequest"/>,
/// View/Read Actions → <see cref="AuditCategory.DataAccess"/>.
/// </summary>
public sealed class AuditRetentionPolicies
{
    /// <summary>The settings document's name: <c>retention-policies</c>.</summary>
    public const string DocumentName = "retention-policies";

    /// <summary>One policy per category; a category without one is kept indefinitely.</summary>
    public List<AuditRetentionPolicy> Policies { get; set; } =
    [
        new() { Category = AuditCategory.Security, ActiveDays = 730, ArchiveDays = 2555 },
        new() { Category = AuditCategory.UserAction, ActiveDays = 365, ArchiveDays = 1095 },
        new() { Category = AuditCategory.RecordChange, ActiveDays = 365, ArchiveDays = 1825 },
        new() { Category = AuditCategory.System, ActiveDays = 90, ArchiveDays = 365 },
        new() { Category = AuditCategory.ApiRequest, ActiveDays = 30, ArchiveDays = 90 },
        new() { Category = AuditCategory.DataAccess, ActiveDays = 30, ArchiveDays = null },
    ];

    /// <summary>
    /// "Auto-delete after archive": on (default), archives whose archive period has ended for every category in them are
    /// purged by the retention job (unless a legal hold covers an event in them); off, archives are kept until purged by hand.
    /// </summary>
    public bool AutoDeleteAfterArchive { get; set; } = true;

    /// <summary>The policy of a category, or null when it has none or it is disabled.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The policy or null.</returns>
    public AuditRetentionPolicy? For(AuditCategory category) => Policies.FirstOrDefault(p => p is not null && p.Category == category && p.Enabled);

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when a policy is not valid.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Policies, nameof(Policies));
        var seen = new HashSet<AuditCategory>();
        for (var i = 0; i < Policies.Count; i++)
        {
            var p = Policies[i] ?? throw new ArgumentException($"Policies[{i}] is null.", nameof(Policies));
            if (!Enum.IsDefined(p.Category))
            {
                throw new ArgumentException($"Policies[{i}].Category ({(int)p.Category}) is not a defined AuditCategory.", nameof(Policies));
            }

            if (!seen.Add(p.Category))
            {
                throw new ArgumentException($"Policies[{i}].Category {p.Category} has more than one policy.", nameof(Policies));
            }

            if (p.ActiveDays < 1)
            {
                throw new ArgumentException($"Policies[{i}].ActiveDays ({p.ActiveDays}) must be at least 1.", nameof(Policies));
            }

            if (p.ArchiveDays is { } archive && archive < p.ActiveDays)
            {
                throw new ArgumentException($"Policies[{i}].ArchiveDays ({archive}) must be at least ActiveDays ({p.ActiveDays}), or null for no archive.", nameof(Policies));
            }
        }
    }
}
