namespace AuditKit;

/// <summary>An alert rule checked and compiled: its condition(s), group key and measured field as delegates.</summary>
internal sealed class CompiledAlertRule
{
    /// <summary>The longest threshold window.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    /// <summary>The longest message template.</summary>
    public const int MaxMessageLength = 4_000;

    private CompiledAlertRule(string id, AlertRule rule)
    {
        Id = id;
        Rule = rule;
    }

    public string Id { get; }

    public AlertRule Rule { get; }

    public Func<AuditEvent, bool> When { get; private init; } = static _ => true;

    public Func<AuditEvent, bool>? Then { get; private init; }

    public Func<AuditEvent, AlertField.Value>[] GroupBy { get; private init; } = [];

    public string[] GroupByNames { get; private init; } = [];

    public Func<AuditEvent, AlertField.Value>? Measured { get; private init; }

    public AlertThreshold? Threshold => Rule.Threshold;

    /// <summary>How far back the engine must read at start-up to rebuild this rule's windows and suppression.</summary>
    public TimeSpan Lookback => (Rule.Threshold?.Within ?? TimeSpan.Zero) + Rule.Suppression;

    /// <summary>Checks a rule id: lower-case letters, digits, '-' and '_', 1 to 64 characters.</summary>
    public static void ValidateId(string? id, string parameterName = "id")
    {
        ArgumentException.ThrowIfNullOrEmpty(id, parameterName);
        if (id.Length > 64 || !id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
        {
            throw new ArgumentException($"An alert rule id uses 1 to 64 lower-case letters, digits, '-' and '_': '{id}'.", parameterName);
        }
    }

    /// <summary>Checks and compiles a rule; throws <see cref="ArgumentException"/> naming the offending member.</summary>
    public static CompiledAlertRule Compile(string id, AlertRule rule)
    {
        ValidateId(id);
        ArgumentNullException.ThrowIfNull(rule);
        var path = $"rules[{id}]";
        if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 200)
        {
            throw new ArgumentException($"{path}.name must be 1 to 200 characters.", path + ".name");
        }

        if (rule.Suppression < TimeSpan.Zero || rule.Suppression > MaxWindow)
        {
            throw new ArgumentException($"{path}.suppression must be between 0 and 31 days.", path + ".suppression");
        }

        if (!Enum.IsDefined(rule.Priority))
        {
            throw new ArgumentException($"{path}.priority is not a defined priority.", path + ".priority");
        }

        if (rule.Message is { Length: > MaxMessageLength })
        {
            throw new ArgumentException($"{path}.message has {rule.Message.Length} characters; at most {MaxMessageLength} are allowed.", path + ".message");
        }

        foreach (var (channel, i) in (rule.Channels ?? []).Select((c, i) => (c, i)))
        {
            if (string.IsNullOrWhiteSpace(channel) || channel.Length > 128)
            {
                throw new ArgumentException($"{path}.channels[{i}] must be a channel name of 1 to 128 characters.", $"{path}.channels[{i}]");
            }
        }

        var groupNames = (rule.GroupBy ?? []).ToArray();
        Func<AuditEvent, AlertField.Value>? measured = null;
        Func<AuditEvent, bool>? then = null;
        if (rule.Threshold is { } t)
        {
            var tp = path + ".threshold";
            if (!Enum.IsDefined(t.Kind))
            {
                throw new ArgumentException($"{tp}.kind is not a defined threshold kind.", tp + ".kind");
            }

            if (t.Within <= TimeSpan.Zero || t.Within > MaxWindow)
            {
                throw new ArgumentException($"{tp}.within must be more than 0 and at most 31 days.", tp + ".within");
            }

            if (!double.IsFinite(t.AtLeast) || t.AtLeast <= 0)
            {
                throw new ArgumentException($"{tp}.atLeast must be a positive number.", tp + ".atLeast");
            }

            switch (t.Kind)
            {
                case AlertThresholdKind.DistinctCount or AlertThresholdKind.Sum:
                    measured = AlertField.Compile(t.Field ?? throw new ArgumentException($"{tp}.field is required for {t.Kind}.", tp + ".field"), tp + ".field");
                    break;
                case AlertThresholdKind.Sequence:
                    then = AlertConditionCompiler.Compile(t.Then ?? throw new ArgumentException($"{tp}.then is required for a sequence.", tp + ".then"), tp + ".then");
                    break;
                case AlertThresholdKind.Anomaly:
                    if (!double.IsFinite(t.Factor) || t.Factor <= 0)
                    {
                        throw new ArgumentException($"{tp}.factor must be a positive number.", tp + ".factor");
                    }

                    if (t.BaselineDays is < 1 or > 365)
                    {
                        throw new ArgumentException($"{tp}.baselineDays must be between 1 and 365.", tp + ".baselineDays");
                    }

                    groupNames = ["actor.id"]; // an anomaly compares an actor with their own history
                    break;
            }
        }

        return new CompiledAlertRule(id, rule)
        {
            When = AlertConditionCompiler.Compile(rule.When, path + ".when"),
            Then = then,
            Measured = measured,
            GroupByNames = groupNames,
            GroupBy = [.. groupNames.Select((g, i) => AlertField.Compile(g, $"{path}.groupBy[{i}]"))],
        };
    }
}
