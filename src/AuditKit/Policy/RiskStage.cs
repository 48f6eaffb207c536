using System.Collections.Frozen;
using System.Text.Json;

namespace AuditKit;

/// <summary>
/// The pipeline's risk stage (after the policy, before validation): numbers failed logins the host did not number
/// (<see cref="AuditEvents.LoginFailedCounted"/>), then gives events without a risk the first matching rule's risk.
/// Holds a compiled snapshot of <see cref="AuditRiskRules"/> that the settings watcher replaces.
/// </summary>
internal sealed class RiskStage
{
    private volatile Compiled _rules = new(new AuditRiskRules());

    public FailedLoginCounter FailedLogins { get; } = new();

    public AuditRiskRules Current => _rules.Source;

    public void Update(AuditRiskRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = new Compiled(rules);
    }

    public void Apply(AuditEvent e)
    {
        var action = e.Action;
        if (action == AuditActions.LoginFailed)
        {
            CountFailure(e);
        }
        else if (action == AuditActions.Login && e.Outcome == AuditOutcome.Success && e.Actor?.Id is { } account)
        {
            FailedLogins.Succeed(e.TenantId, account);
        }

        if (e.Risk == RiskLevel.None && _rules.RiskOf(action, e.Outcome) is { } risk)
        {
            e.SetRisk(risk);
        }
    }

    private void CountFailure(AuditEvent e)
    {
        if (e.Actor?.Id is not { } account)
        {
            return; // an unknown account cannot be counted; the event keeps what the host gave it
        }

        var metadata = e.Metadata;
        if (metadata.TryGetValue("attempt", out var given) && given.ValueKind == JsonValueKind.Number && given.TryGetInt32(out var attempt))
        {
            FailedLogins.Observe(e.TenantId, account, attempt);
            return;
        }

        if (!metadata.TryGetValue("max_attempts", out var max) || max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out var maxAttempts) || maxAttempts < 1)
        {
            return;
        }

        attempt = FailedLogins.Fail(e.TenantId, account);
        var numbered = new Dictionary<string, JsonElement>(metadata, StringComparer.Ordinal)
        {
            ["attempt"] = AuditMetadata.ToJson(attempt, "attempt"),
        };
        e.SetMetadata(numbered);
        e.SetMessage($"Failed Login ({attempt}/{maxAttempts})");
        if (attempt >= maxAttempts)
        {
            e.SetOutcome(AuditOutcome.Denied);
        }
    }

    private sealed class Compiled
    {
        private readonly FrozenDictionary<string, AuditRiskRule[]> _byAction;

        public Compiled(AuditRiskRules source)
        {
            Source = source;
            _byAction = (source.Rules ?? [])
                .Where(r => r is not null && !string.IsNullOrEmpty(r.Action))
                .GroupBy(r => r.Action, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        }

        public AuditRiskRules Source { get; }

        public RiskLevel? RiskOf(string action, AuditOutcome outcome)
        {
            if (!_byAction.TryGetValue(action, out var rules))
            {
                return null;
            }

            foreach (var rule in rules)
            {
                if (rule.Outcome is null || rule.Outcome == outcome)
                {
                    return rule.Risk;
                }
            }

            return null;
        }
    }
}
