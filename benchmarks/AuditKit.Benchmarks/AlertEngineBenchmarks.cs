using BenchmarkDotNet.Attributes;

namespace AuditKit.Benchmarks;

/// <summary>
/// The alert engine's evaluation rate: 100,000 committed events of a busy ERP (500 users, logins, failures, views,
/// updates, exports, role grants) through 20 active rules (the page's six plus count, distinct, sum, sequence, anomaly
/// and time-of-day variants), in fresh state per iteration; one operation is one event against all 20 rules.
/// </summary>
[MemoryDiagnoser]
public class AlertEngineBenchmarks
{
    private const int Events = 100_000;
    private AuditEvent[] _events = [];
    private AlertRuleState[] _states = [];

    [GlobalSetup]
    public void CreateEvents()
    {
        var random = new Random(7);
        var start = new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.Zero);
        string[] actions = [AuditActions.Login, AuditActions.LoginFailed, AuditActions.View, AuditActions.Update, AuditActions.Export, AuditActions.RoleGranted, AuditActions.Logout];
        string[] entities = ["Customer", "Invoice", "Order", "Product", "Payment"];
        _events = new AuditEvent[Events];
        for (var i = 0; i < Events; i++)
        {
            var user = random.Next(500);
            var action = actions[random.Next(actions.Length)];
            _events[i] = new AuditEvent(action == AuditActions.LoginFailed ? AuditCategory.Security : AuditCategory.RecordChange, action)
            {
                Timestamp = start.AddMilliseconds(i * 864.0), // one day
                Actor = new AuditActor($"u{user}", $"User {user}", Role: user % 50 == 0 ? "Admin" : "Clerk"),
                Client = new AuditClient($"10.0.{user % 7}.{random.Next(4)}"),
                Target = new AuditTarget(entities[random.Next(entities.Length)], $"R-{random.Next(10_000)}"),
                Metadata = action == AuditActions.Export ? AuditMetadata.Create(("record_count", random.Next(5_000))) : AuditMetadata.Create(("role", "Admin"), ("administrative", random.Next(10) == 0)),
                Changes = action == AuditActions.Update ? [new FieldChange("Status", "Active", "Blocked")] : [],
            };
        }
    }

    [IterationSetup]
    public void CreateRules() => _states = [.. Rules().Select((r, i) => new AlertRuleState(CompiledAlertRule.Compile($"r{i}", r), 10_000, 1_000))];

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task<int> Evaluate_TwentyRules()
    {
        var raised = 0;
        foreach (var e in _events)
        {
            foreach (var state in _states)
            {
                if (await state.ApplyAsync(e, static (_, _, _, _, _) => Task.FromResult(5.0), CancellationToken.None) is not null)
                {
                    raised++;
                }
            }
        }

        return raised;
    }

    internal static IEnumerable<AlertRule> Rules()
    {
        foreach (var template in AlertRuleTemplates.All().Values)
        {
            yield return template;
        }

        for (var n = 3; n <= 9; n++)
        {
            yield return new AlertRule { Name = $"Failures {n}", When = AlertCondition.Is("action", AuditActions.LoginFailed), Threshold = new AlertThreshold { AtLeast = n, Within = TimeSpan.FromMinutes(n * 5) } };
        }

        yield return new AlertRule { Name = "Many IPs", When = AlertCondition.Is("action", AuditActions.Login), Threshold = new AlertThreshold { Kind = AlertThresholdKind.DistinctCount, Field = "ip", AtLeast = 3, Within = TimeSpan.FromHours(1) } };
        yield return new AlertRule { Name = "Export volume", When = AlertCondition.Is("action", AuditActions.Export), Threshold = new AlertThreshold { Kind = AlertThresholdKind.Sum, Field = "metadata.record_count", AtLeast = 20_000, Within = TimeSpan.FromDays(1) } };
        yield return new AlertRule { Name = "Brute force", When = AlertCondition.Is("action", AuditActions.LoginFailed), Threshold = new AlertThreshold { Kind = AlertThresholdKind.Sequence, AtLeast = 3, Within = TimeSpan.FromMinutes(15), Then = AlertCondition.Is("action", AuditActions.Login) } };
        yield return new AlertRule { Name = "Unusual", When = AlertCondition.Is("action", AuditActions.View), Threshold = new AlertThreshold { Kind = AlertThresholdKind.Anomaly, AtLeast = 10, Within = TimeSpan.FromHours(1) } };
        yield return new AlertRule { Name = "Blocked by admin", When = AlertCondition.And(AlertCondition.Is("changed.Status", "Blocked"), AlertCondition.Is("actor.role", "Admin")) };
        yield return new AlertRule { Name = "Night updates", When = AlertCondition.And(AlertCondition.Is("action", AuditActions.Update), AlertCondition.Between("22:00", "06:00", "Europe/Berlin")) };
        yield return new AlertRule { Name = "Payments", When = AlertCondition.And(AlertCondition.Is("entityType", "Payment"), AlertCondition.Negate(AlertCondition.Is("actor.role", "Admin"))), GroupBy = ["entityType"] };
    }
}
