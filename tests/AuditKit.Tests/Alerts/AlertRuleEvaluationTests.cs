using System.Text.Json;

namespace AuditKit.Tests.Alerts;

/// <summary>
/// The rule evaluator on hand-built events with explicit times: every condition kind, window edges, midnight wrap,
/// weekdays, suppression, distinct count, sum, sequence and anomaly. Each expected value is worked out by hand in the test.
/// </summary>
public sealed class AlertRuleEvaluationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 9, 12, 0, 0, TimeSpan.Zero); // a Monday
    private static readonly AuditActor Ann = new("ann", "Ann Example", "ann@example.com", "Clerk");
    private static readonly AuditActor Bob = new("bob", "Bob Morrison", Role: "Admin");

    [Test]
    public async Task Count_FiveFailuresWithinTenMinutes_FiresOnTheFifthAtExactlyTheWindowEdge()
    {
        var state = State(AlertRuleTemplates.FailedLogins());
        var fired = new List<int>();
        // Failures at 0, 2, 4, 6 and 10:00 minutes: the fifth is exactly 10 minutes after the first, both ends count.
        int[] minutes = [0, 2, 4, 6, 10];
        for (var i = 0; i < minutes.Length; i++)
        {
            if (await Apply(state, Failed(Ann, T0.AddMinutes(minutes[i]))) is not null)
            {
                fired.Add(i + 1);
            }
        }

        fired.Should().Equal([5]);
    }

    [Test]
    public async Task Count_FifthFailureOneMicrosecondPastTheWindow_DoesNotFire()
    {
        var state = State(AlertRuleTemplates.FailedLogins());
        int[] minutes = [0, 2, 4, 6];
        foreach (var m in minutes)
        {
            (await Apply(state, Failed(Ann, T0.AddMinutes(m)))).Should().BeNull();
        }

        // 10 minutes and 1 µs after the first: the window ending here holds 2, 4, 6 and this one = 4.
        (await Apply(state, Failed(Ann, T0.AddMinutes(10).AddTicks(10)))).Should().BeNull();

        // One more at 10:30 holds 2, 4, 6, 10:00.000001, 10:30 = 5.
        var trigger = await Apply(state, Failed(Ann, T0.AddMinutes(10.5)));
        trigger.Should().NotBeNull();
        trigger!.Value.Should().Be(5);
    }

    [Test]
    public async Task Count_GroupedByActor_CountsEachAccountApart()
    {
        var state = State(AlertRuleTemplates.FailedLogins());
        for (var i = 0; i < 4; i++)
        {
            (await Apply(state, Failed(Ann, T0.AddMinutes(i)))).Should().BeNull();
            (await Apply(state, Failed(Bob, T0.AddMinutes(i)))).Should().BeNull("four each, never five of one account");
        }

        var trigger = await Apply(state, Failed(Bob, T0.AddMinutes(5)));
        trigger!.Group.Should().Be("actor.id=bob");
    }

    [Test]
    public async Task Count_LateEventOfAnotherStream_CompletesTheWindowOfALaterEvent()
    {
        var state = State(AlertRuleTemplates.FailedLogins());
        foreach (var m in new[] { 1, 2, 3, 9 })
        {
            (await Apply(state, Failed(Ann, T0.AddMinutes(m)))).Should().BeNull();
        }

        // Arrives after the one at 9 but happened at 0:30: the window ending at 9 (from -1) now holds five.
        var trigger = await Apply(state, Failed(Ann, T0.AddMinutes(0.5)));
        trigger.Should().NotBeNull();
        trigger!.Value.Should().Be(5);
    }

    [Test]
    public async Task Suppression_RepeatsInsideThePeriod_AreCountedOntoTheNextAlert()
    {
        var rule = AlertRuleTemplates.FailedLogins(); // suppression 10 minutes
        var state = State(rule);
        var triggers = new List<(int Minute, long Suppressed)>();
        // One failure a minute for 25 minutes: fires at minute 4 (fifth), then 5..13 are repeats inside 10 minutes of 4,
        // minute 14 is exactly 10 minutes later (the period is over: fires, 9 suppressed), 15..23 suppressed, 24 fires (9).
        for (var m = 0; m <= 24; m++)
        {
            if (await Apply(state, Failed(Ann, T0.AddMinutes(m))) is { } t)
            {
                triggers.Add((m, t.SuppressedBefore));
            }
        }

        triggers.Should().Equal((4, 0L), (14, 9L), (24, 9L));
    }

    [Test]
    public async Task NoThreshold_MassExport_FiresAboveOneThousandOnly()
    {
        var state = State(AlertRuleTemplates.MassDataExport());
        (await Apply(state, Export(Ann, 1000, T0))).Should().BeNull("1,000 is not more than 1,000");
        (await Apply(state, Export(Ann, 1001, T0.AddMinutes(1)))).Should().NotBeNull();
        (await Apply(state, Export(Ann, 5000, T0.AddMinutes(2)))).Should().NotBeNull("no suppression on this template");
        (await Apply(state, new AuditEvent(AuditCategory.RecordChange, AuditActions.Import) { Actor = Ann, Timestamp = T0, Metadata = AuditMetadata.Create(("record_count", 9000)) })).Should().BeNull();
    }

    [TestCase("22:00", "06:00", 21, 59, false)]
    [TestCase("22:00", "06:00", 22, 0, true)]
    [TestCase("22:00", "06:00", 23, 59, true)]
    [TestCase("22:00", "06:00", 0, 0, true)]
    [TestCase("22:00", "06:00", 5, 59, true)]
    [TestCase("22:00", "06:00", 6, 0, false)]
    [TestCase("09:00", "17:00", 8, 59, false)]
    [TestCase("09:00", "17:00", 9, 0, true)]
    [TestCase("09:00", "17:00", 17, 0, false)]
    [TestCase("00:00", "00:00", 13, 13, true)]
    public void TimeOfDay_Windows_IncludeTheStartExcludeTheEndAndWrapMidnight(string from, string to, int hour, int minute, bool expected)
    {
        var when = AlertConditionCompiler.Compile(AlertCondition.Between(from, to), "when");
        when(At(new DateTimeOffset(2026, 3, 10, hour, minute, 0, TimeSpan.Zero))).Should().Be(expected);
    }

    [Test]
    public void TimeOfDay_InATimeZone_UsesLocalTimeAcrossDaylightSaving()
    {
        // New York: 22:00-06:00 local. 2026-03-08 is the spring-forward day (EST -5 before 02:00 local, EDT -4 after).
        var when = AlertConditionCompiler.Compile(AlertCondition.Between("22:00", "06:00", "America/New_York"), "when");
        when(At(new DateTimeOffset(2026, 3, 9, 2, 30, 0, TimeSpan.Zero))).Should().BeTrue("02:30 UTC = 22:30 EDT on the 8th");
        when(At(new DateTimeOffset(2026, 3, 9, 10, 30, 0, TimeSpan.Zero))).Should().BeFalse("10:30 UTC = 06:30 EDT");
        when(At(new DateTimeOffset(2026, 3, 8, 10, 30, 0, TimeSpan.Zero))).Should().BeFalse("10:30 UTC = 06:30 EDT (after the change at 07:00 UTC)");
        when(At(new DateTimeOffset(2026, 3, 8, 6, 30, 0, TimeSpan.Zero))).Should().BeTrue("06:30 UTC = 01:30 EST");
    }

    [Test]
    public void TimeOfDay_WithDays_CountsAfterMidnightToTheDayTheWindowStarted()
    {
        var when = AlertConditionCompiler.Compile(AlertCondition.Between("22:00", "06:00", "UTC", "Friday"), "when");
        when(At(new DateTimeOffset(2026, 3, 13, 23, 0, 0, TimeSpan.Zero))).Should().BeTrue("Friday 23:00");
        when(At(new DateTimeOffset(2026, 3, 14, 2, 0, 0, TimeSpan.Zero))).Should().BeTrue("Saturday 02:00 belongs to Friday's night");
        when(At(new DateTimeOffset(2026, 3, 14, 23, 0, 0, TimeSpan.Zero))).Should().BeFalse("Saturday 23:00 starts Saturday's night");
        when(At(new DateTimeOffset(2026, 3, 13, 2, 0, 0, TimeSpan.Zero))).Should().BeFalse("Friday 02:00 belongs to Thursday's night");
    }

    [Test]
    public void Comparisons_EveryFieldKind_MatchAsWorkedOut()
    {
        var e = new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            Timestamp = T0,
            Actor = Bob,
            Outcome = AuditOutcome.Success,
            Risk = RiskLevel.High,
            Client = new AuditClient("10.0.0.7"),
            Target = new AuditTarget("Customer", "CUST-1", "Acme", Module: "Sales"),
            Changes = [new FieldChange("CreditLimit", "10000", "50000"), new FieldChange("Status", "Active", "Blocked")],
            Metadata = AuditMetadata.Create(("record_count", 1500), ("format", "csv")),
        };
        var cases = new (AlertCondition Condition, bool Expected)[]
        {
            (AlertCondition.Is("category", "RecordChange"), true),
            (AlertCondition.Is("action", "update"), true),
            (AlertCondition.Is("entityType", "Customer"), true),
            (AlertCondition.Is("outcome", "Failure"), false),
            (AlertCondition.Compare("risk", AlertOperator.GreaterThanOrEqual, "High"), true),
            (AlertCondition.Compare("risk", AlertOperator.GreaterThan, "High"), false),
            (AlertCondition.Is("actor.role", "Admin"), true),
            (AlertCondition.Is("recordId", "CUST-1"), true),
            (AlertCondition.Is("module", "Sales"), true),
            (AlertCondition.Compare("ip", AlertOperator.StartsWith, "10.0."), true),
            (AlertCondition.Compare("metadata.record_count", AlertOperator.GreaterThan, 1000), true),
            (AlertCondition.Compare("metadata.record_count", AlertOperator.LessThanOrEqual, 1499), false),
            (AlertCondition.Is("metadata.format", "CSV"), true),
            (AlertCondition.Compare("metadata.missing", AlertOperator.Exists, null), false),
            (AlertCondition.Compare("metadata.missing", AlertOperator.NotEqual, "x"), true),
            (AlertCondition.Is("changed", "Status"), true),
            (AlertCondition.Compare("changed", AlertOperator.NotEqual, "Email"), true),
            (AlertCondition.Compare("changed", AlertOperator.NotEqual, "Status"), false),
            (AlertCondition.Is("changed.Status", "Blocked"), true),
            (AlertCondition.Is("changedFrom.Status", "Active"), true),
            (AlertCondition.Compare("changed.CreditLimit", AlertOperator.GreaterThan, 20000), true), // "50000" read as a number against 20,000
            (AlertCondition.In("actor.id", "ann", "bob"), true),
            (AlertCondition.Compare("message", AlertOperator.Contains, "x"), false),
            (AlertCondition.And(AlertCondition.Is("action", "Update"), AlertCondition.Is("actor.role", "Clerk")), false),
            (AlertCondition.Or(AlertCondition.Is("action", "Delete"), AlertCondition.Is("actor.role", "Admin")), true),
            (AlertCondition.Negate(AlertCondition.Is("action", "Update")), false),
        }.Select(c => (c.Condition, c.Expected));

        foreach (var (condition, expected) in cases)
        {
            AlertConditionCompiler.Compile(condition, "when")(e).Should().Be(expected, JsonSerializer.Serialize(condition, AlertJson.Options));
        }
    }

    [Test]
    public async Task DistinctCount_OneUserFromThreeAddressesInAnHour_Fires()
    {
        var state = State(new AlertRule
        {
            Name = "Many IPs",
            When = AlertCondition.Is("action", AuditActions.Login),
            Threshold = new AlertThreshold { Kind = AlertThresholdKind.DistinctCount, Field = "ip", AtLeast = 3, Within = TimeSpan.FromHours(1) },
        });
        (await Apply(state, Login(Ann, "1.1.1.1", T0))).Should().BeNull();
        (await Apply(state, Login(Ann, "1.1.1.1", T0.AddMinutes(5)))).Should().BeNull("the same address twice is one");
        (await Apply(state, Login(Ann, "2.2.2.2", T0.AddMinutes(10)))).Should().BeNull();
        (await Apply(state, Login(Ann, "3.3.3.3", T0.AddMinutes(69)))).Should().BeNull("the window 0:09-1:09 holds 2.2.2.2 and 3.3.3.3 only");
        var trigger = await Apply(state, Login(Ann, "1.1.1.1", T0.AddMinutes(70)));
        trigger.Should().NotBeNull();
        trigger!.Value.Should().Be(3, "2.2.2.2 (0:10, the window's inclusive start), 3.3.3.3 and 1.1.1.1 within 0:10-1:10");
    }

    [Test]
    public async Task Sum_ExportsTotallingTenThousandInADay_FiresOnTheExportThatCrossesIt()
    {
        var state = State(new AlertRule
        {
            Name = "Daily export volume",
            When = AlertCondition.Is("action", AuditActions.Export),
            Threshold = new AlertThreshold { Kind = AlertThresholdKind.Sum, Field = "metadata.record_count", AtLeast = 10_000, Within = TimeSpan.FromDays(1) },
        });
        (await Apply(state, Export(Ann, 4000, T0))).Should().BeNull();
        (await Apply(state, Export(Ann, 5999, T0.AddHours(5)))).Should().BeNull("9,999");
        (await Apply(state, Export(Ann, 2000, T0.AddHours(25)))).Should().BeNull("the first has left the day: 5,999 + 2,000");
        var trigger = await Apply(state, Export(Ann, 2001, T0.AddHours(26)));
        trigger!.Value.Should().Be(10_000, "5,999 + 2,000 + 2,001");
    }

    [Test]
    public async Task Sequence_FailuresThenSuccessForTheSameUser_FiresOnTheSuccess()
    {
        var state = State(new AlertRule
        {
            Name = "Brute force success",
            When = AlertCondition.Is("action", AuditActions.LoginFailed),
            Threshold = new AlertThreshold { Kind = AlertThresholdKind.Sequence, AtLeast = 3, Within = TimeSpan.FromMinutes(15), Then = AlertCondition.Is("action", AuditActions.Login) },
            Suppression = TimeSpan.Zero,
        });
        (await Apply(state, Failed(Ann, T0))).Should().BeNull();
        (await Apply(state, Failed(Ann, T0.AddMinutes(1)))).Should().BeNull();
        (await Apply(state, Login(Bob, "9.9.9.9", T0.AddMinutes(2)))).Should().BeNull("another user's success");
        (await Apply(state, Login(Ann, "9.9.9.9", T0.AddMinutes(3)))).Should().BeNull("two failures only");
        (await Apply(state, Failed(Ann, T0.AddMinutes(4)))).Should().BeNull();
        (await Apply(state, Failed(Ann, T0.AddMinutes(5)))).Should().BeNull();
        (await Apply(state, Failed(Ann, T0.AddMinutes(6)))).Should().BeNull();
        var trigger = await Apply(state, Login(Ann, "9.9.9.9", T0.AddMinutes(7)));
        trigger!.Value.Should().Be(5, "failures at 0, 1, 4, 5 and 6 minutes are within 15 minutes of the success");
        (await Apply(state, Login(Ann, "9.9.9.9", T0.AddMinutes(8)))).Should().BeNull("the sequence was consumed");
    }

    [Test]
    public async Task Anomaly_AboveFactorTimesTheBaseline_Fires()
    {
        var state = State(new AlertRule
        {
            Name = "Unusual activity",
            Threshold = new AlertThreshold { Kind = AlertThresholdKind.Anomaly, Factor = 3, AtLeast = 5, Within = TimeSpan.FromHours(1), BaselineDays = 30 },
        });
        var asked = new List<(string Actor, DateTimeOffset From, DateTimeOffset To)>();
        AlertBaseline baseline = (_, actor, from, to, _) =>
        {
            asked.Add((actor, from, to));
            return Task.FromResult(2.0); // two events per active hour
        };
        var fired = new List<int>();
        for (var i = 1; i <= 8; i++)
        {
            if (await state.ApplyAsync(Viewed(Ann, T0.AddMinutes(i)), baseline, CancellationToken.None) is not null)
            {
                fired.Add(i);
            }
        }

        fired.Should().Equal([7], "more than 3 × 2 = 6 in the hour: the seventh; the eighth is suppressed");
        asked.Should().Equal([("ann", T0.AddDays(-30), T0)], "one baseline for the hour 12:00, over the 30 days before it");
    }

    [Test]
    public void Validation_InvalidMembers_ThrowNamingTheMember()
    {
        var bad = new (AlertRule Rule, string Member)[]
        {
            (new AlertRule { Name = "" }, "rules[r].name"),
            (new AlertRule { Name = "x", When = new AlertCondition() }, "rules[r].when"),
            (new AlertRule { Name = "x", When = AlertCondition.And(AlertCondition.Is("nosuch", 1)) }, "rules[r].when.all[0].field"),
            (new AlertRule { Name = "x", When = AlertCondition.Between("25:00", "06:00") }, "rules[r].when.timeOfDay.from"),
            (new AlertRule { Name = "x", When = AlertCondition.Between("22:00", "06:00", "Mars/Olympus") }, "rules[r].when.timeOfDay.timeZone"),
            (new AlertRule { Name = "x", When = AlertCondition.Between("22:00", "06:00", "UTC", "Caturday") }, "rules[r].when.timeOfDay.days[0]"),
            (new AlertRule { Name = "x", When = AlertCondition.Compare("risk", AlertOperator.GreaterThan, "Huge") }, "rules[r].when.value"),
            (new AlertRule { Name = "x", Threshold = new AlertThreshold { Within = TimeSpan.Zero } }, "rules[r].threshold.within"),
            (new AlertRule { Name = "x", Threshold = new AlertThreshold { Kind = AlertThresholdKind.Sum } }, "rules[r].threshold.field"),
            (new AlertRule { Name = "x", Threshold = new AlertThreshold { Kind = AlertThresholdKind.Sequence } }, "rules[r].threshold.then"),
            (new AlertRule { Name = "x", GroupBy = ["actor.nosuch"] }, "rules[r].groupBy[0]"),
        };
        foreach (var (rule, member) in bad)
        {
            var act = () => CompiledAlertRule.Compile("r", rule);
            act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(member);
        }

        ((Action)(() => CompiledAlertRule.Compile("Bad Id", new AlertRule { Name = "x" }))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("id");
    }

    [Test]
    public void Json_RuleRoundTrip_KeepsTheConditionTreeReadable()
    {
        var rule = AlertRuleTemplates.AfterHoursAccess("Europe/Berlin");
        var json = JsonSerializer.Serialize(rule, AlertJson.Options);
        json.Should().Contain("\"operator\":\"Equal\"").And.Contain("\"timeZone\":\"Europe/Berlin\"").And.Contain("\"priority\":\"Medium\"");

        var back = JsonSerializer.Deserialize<AlertRule>(json, AlertJson.Options)!;
        var when = AlertConditionCompiler.Compile(back.When, "when");
        when(Login(Ann, "1.1.1.1", new DateTimeOffset(2026, 7, 1, 21, 30, 0, TimeSpan.Zero))).Should().BeTrue("23:30 in Berlin (CEST)");
        when(Login(Ann, "1.1.1.1", new DateTimeOffset(2026, 7, 1, 19, 30, 0, TimeSpan.Zero))).Should().BeFalse("21:30 in Berlin");
    }

    [Test]
    public void Template_HostileValues_AreEscapedForTheChannelAndTheTemplateIsKept()
    {
        var e = new AuditEvent(AuditCategory.RecordChange, AuditActions.Export)
        {
            Timestamp = T0,
            Actor = new AuditActor("x", "<!channel> <b>Eve</b> & <https://evil.example|click>"),
            Target = new AuditTarget("Customer"),
            Metadata = AuditMetadata.Create(("record_count", 5000)),
        };
        var notification = new AlertNotification
        {
            AlertId = Guid.Empty, RuleId = "r", RuleName = "R", Priority = AlertPriority.High, TriggerEvent = e, Value = 1, Group = "g", TriggeredAt = T0,
            Template = "<b>Export</b>: {user_name} exported {record_count} {entity_type} at {timestamp} {{literal}} {unknown}",
        };

        notification.Render(System.Net.WebUtility.HtmlEncode).Should().Be(
            "<b>Export</b>: &lt;!channel&gt; &lt;b&gt;Eve&lt;/b&gt; &amp; &lt;https://evil.example|click&gt; exported 5000 Customer at 2026-03-09 12:00:00 UTC {literal} {unknown}");
        notification.Text.Should().StartWith("<b>Export</b>: <!channel> <b>Eve</b>");
    }

    private static AlertRuleState State(AlertRule rule) => new(CompiledAlertRule.Compile("r", rule), 100, 1000);

    private static ValueTask<AlertTrigger?> Apply(AlertRuleState state, AuditEvent e) =>
        state.ApplyAsync(e, (_, _, _, _, _) => throw new InvalidOperationException("no baseline expected"), CancellationToken.None);

    private static AuditEvent At(DateTimeOffset t) => new(AuditCategory.UserAction, AuditActions.Login) { Timestamp = t };

    private static AuditEvent Failed(AuditActor user, DateTimeOffset t) => AuditEvents.LoginFailedCounted(user, 5) with { Timestamp = t };

    private static AuditEvent Login(AuditActor user, string ip, DateTimeOffset t) => AuditEvents.Login(user) with { Timestamp = t, Client = new AuditClient(ip) };

    private static AuditEvent Export(AuditActor user, long count, DateTimeOffset t) => AuditEvents.Export("Customer", count) with { Actor = user, Timestamp = t };

    private static AuditEvent Viewed(AuditActor user, DateTimeOffset t) => AuditEvents.Viewed("Order", "SO-1") with { Actor = user, Timestamp = t };
}
