using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary><see cref="IAuditAlerts"/>: rules in the settings document, the inbox read from the log through the tenant-scoped reader.</summary>
internal sealed partial class AuditAlerts(IAuditSettings settings, IAuditReader reader, IAuditLog log, AuditStore store, IAuditContextAccessor context, IOptions<AlertOptions> alertOptions) : IAuditAlerts
{
    private readonly AlertOptions options = alertOptions.Value;

    private const int MaxSaveAttempts = 5;

    public async Task<IReadOnlyList<AlertRuleEntry>> GetRulesAsync(CancellationToken cancellationToken = default)
    {
        var document = await settings.GetAsync<AlertRules>(AlertRules.DocumentName, cancellationToken).ConfigureAwait(false);
        return [.. document.Value.Rules.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new AlertRuleEntry(r.Key, r.Value))];
    }

    public async Task<AlertRuleEntry?> GetRuleAsync(string id, CancellationToken cancellationToken = default)
    {
        CompiledAlertRule.ValidateId(id);
        var document = await settings.GetAsync<AlertRules>(AlertRules.DocumentName, cancellationToken).ConfigureAwait(false);
        return document.Value.Rules.TryGetValue(id, out var rule) ? new AlertRuleEntry(id, rule) : null;
    }

    public async Task<AlertRuleEntry> SaveRuleAsync(string id, AlertRule rule, long expectedRevision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedRevision);
        CompiledAlertRule.Compile(id, rule); // checks every member, naming the one at fault
        for (var attempt = 1; ; attempt++)
        {
            var document = await settings.GetAsync<AlertRules>(AlertRules.DocumentName, cancellationToken).ConfigureAwait(false);
            var stored = document.Value.Rules.TryGetValue(id, out var current) ? current.Revision : 0;
            if (stored != expectedRevision)
            {
                throw new AuditSettingsConflictException($"{AlertRules.DocumentName}/{id}", expectedRevision, stored);
            }

            var copy = Copy(rule);
            copy.Revision = expectedRevision + 1;
            var rules = new AlertRules { Rules = new Dictionary<string, AlertRule>(document.Value.Rules, StringComparer.Ordinal) { [id] = copy } };
            try
            {
                await settings.SaveAsync(AlertRules.DocumentName, rules, document.Version, cancellationToken).ConfigureAwait(false);
                return new AlertRuleEntry(id, copy);
            }
            catch (AuditSettingsConflictException) when (attempt < MaxSaveAttempts)
            {
                // another rule was saved meanwhile: read again and re-check this rule's revision
            }
        }
    }

    public async Task<bool> DeleteRuleAsync(string id, long expectedRevision, CancellationToken cancellationToken = default)
    {
        CompiledAlertRule.ValidateId(id);
        for (var attempt = 1; ; attempt++)
        {
            var document = await settings.GetAsync<AlertRules>(AlertRules.DocumentName, cancellationToken).ConfigureAwait(false);
            if (!document.Value.Rules.TryGetValue(id, out var current))
            {
                return false;
            }

            if (current.Revision != expectedRevision)
            {
                throw new AuditSettingsConflictException($"{AlertRules.DocumentName}/{id}", expectedRevision, current.Revision);
            }

            var rules = new AlertRules { Rules = new Dictionary<string, AlertRule>(document.Value.Rules, StringComparer.Ordinal) };
            rules.Rules.Remove(id);
            try
            {
                await settings.SaveAsync(AlertRules.DocumentName, rules, document.Version, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AuditSettingsConflictException) when (attempt < MaxSaveAttempts)
            {
            }
        }
    }

    // A deep copy through JSON, so a caller's later edits never change what was saved.
    private static AlertRule Copy(AlertRule rule) =>
        System.Text.Json.JsonSerializer.Deserialize<AlertRule>(System.Text.Json.JsonSerializer.Serialize(rule, AlertJson.Options), AlertJson.Options)!;
}
