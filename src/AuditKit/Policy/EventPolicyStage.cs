using System.Collections.Frozen;

namespace AuditKit;

/// <summary>
/// The pipeline's policy stage (enrich → policy → validate → seal): drops what the event policy switches off and
/// strips values from updates when field-level tracking is off. Holds a compiled snapshot of the policy that
/// <see cref="PolicyHostedService"/> replaces when the settings document changes, so a check is a frozen-set
/// lookup on the caller's thread. Starts with the page's defaults (everything on).
/// </summary>
internal sealed class EventPolicyStage : IAuditEventPolicy
{
    private volatile Compiled _policy = new(new AuditEventPolicy());

    public AuditEventPolicy Current => _policy.Source;

    public bool Allows(AuditEvent auditEvent) => _policy.Allows(auditEvent);

    public bool LogsViews(string entityType, bool configured) => _policy.LogsViews(entityType, configured);

    /// <summary>Applies the policy to an enriched event: false when it is dropped; strips update values when field-level tracking is off.</summary>
    public bool Apply(AuditEvent auditEvent)
    {
        var policy = _policy;
        if (policy.AllowsEverything)
        {
            return true;
        }

        if (!policy.Allows(auditEvent))
        {
            return false;
        }

        if (!policy.Source.FieldLevelTracking && auditEvent.Action == AuditActions.Update && auditEvent.Changes.Count > 0)
        {
            var changes = auditEvent.Changes;
            var names = new FieldChange[changes.Count];
            for (var i = 0; i < names.Length; i++)
            {
                var change = changes[i];
                names[i] = change is null ? null! : new FieldChange(change.Field, null, null, change.Kind, change.DisplayName);
            }

            auditEvent.SetChanges(names);
        }

        return true;
    }

    /// <summary>Puts a policy in force for the events recorded from now on.</summary>
    public void Update(AuditEventPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = new Compiled(policy);
    }

    private sealed class Compiled
    {
        private readonly FrozenSet<string> _dropped;
        private readonly FrozenDictionary<string, bool> _views;

        public Compiled(AuditEventPolicy source)
        {
            Source = source;
            var dropped = new List<string>();
            foreach (var action in Actions)
            {
                if (source.SwitchFor(action) == false)
                {
                    dropped.Add(action);
                }
            }

            _dropped = dropped.ToFrozenSet(StringComparer.Ordinal);
            _views = (source.ViewLogging ?? []).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
            AllowsEverything = _dropped.Count == 0 && _views.Count == 0 && source.FieldLevelTracking;
        }

        public AuditEventPolicy Source { get; }

        public bool AllowsEverything { get; }

        public bool Allows(AuditEvent e)
        {
            if (AllowsEverything)
            {
                return true;
            }

            var action = e.Action;
            if (_dropped.Contains(action))
            {
                // AuditKit's own settings changes (the policy's among them) are always logged.
                return action == AuditActions.SettingsChanged && e.Target?.EntityType == AuditSettingsDocument.EntityType;
            }

            return action != AuditActions.View || e.Target?.EntityType is not { } entity || !_views.TryGetValue(entity, out var logged) || logged;
        }

        public bool LogsViews(string entityType, bool configured) =>
            !_dropped.Contains(AuditActions.View) && (_views.TryGetValue(entityType, out var logged) ? logged : configured);

        private static readonly string[] Actions =
        [
            AuditActions.Login, AuditActions.Logout, AuditActions.PasswordChanged, AuditActions.PasswordReset, AuditActions.ProfileUpdated,
            AuditActions.PermissionRequested, AuditActions.TwoFactorEnabled, AuditActions.Create, AuditActions.Update, AuditActions.Delete,
            AuditActions.View, AuditActions.Export, AuditActions.Import, AuditActions.SettingsChanged, AuditActions.IntegrationSync,
            AuditActions.JobExecuted, AuditActions.Error, AuditActions.PerformanceAlert,
        ];
    }
}
