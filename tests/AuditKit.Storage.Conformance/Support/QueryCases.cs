namespace AuditKit.Storage.Conformance.Support;

/// <summary>The filter, count and aggregate cases of the conformance suite, and the documented matching rules.</summary>
public static class QueryCases
{
    private static readonly TimeZoneInfo NewYorkFixed = TimeZoneInfo.CreateCustomTimeZone("Test/UTC-05", TimeSpan.FromHours(-5), "UTC-05", "UTC-05");
    private static readonly TimeZoneInfo KolkataFixed = TimeZoneInfo.CreateCustomTimeZone("Test/UTC+0530", TimeSpan.FromMinutes(330), "UTC+05:30", "UTC+05:30");

    public static readonly (string Name, Func<DateTimeOffset, AuditQuery> Build)[] All =
    [
        ("None", _ => new AuditQuery()),
        ("Range", s => new AuditQuery { From = s.AddDays(1), To = s.AddDays(3) }),
        ("RangeOpenStart", s => new AuditQuery { To = s.AddDays(2).AddMinutes(17) }),
        ("RangeOpenEnd", s => new AuditQuery { From = s.AddDays(6).AddSeconds(7) }),
        ("Actor", _ => new AuditQuery { ActorIds = ["jsmith"] }),
        ("TwoActors", _ => new AuditQuery { ActorIds = ["jsmith", "sjones"] }),
        ("UnknownActor", _ => new AuditQuery { ActorIds = ["nobody"] }),
        ("Role", _ => new AuditQuery { Roles = ["Accountant"] }),
        ("Category", _ => new AuditQuery { Categories = [AuditCategory.Security] }),
        ("Action", _ => new AuditQuery { Actions = [AuditActions.Export] }),
        ("TwoActions", _ => new AuditQuery { Actions = [AuditActions.Create, AuditActions.Delete] }),
        ("Outcome", _ => new AuditQuery { Outcomes = [AuditOutcome.Denied] }),
        ("MinimumRisk", _ => new AuditQuery { MinimumRisk = RiskLevel.High }),
        ("Entity", _ => new AuditQuery { EntityTypes = ["Customer"] }),
        ("Record", _ => new AuditQuery { EntityTypes = ["Customer"], RecordId = "CUS-17" }),
        ("Correlation", _ => new AuditQuery { CorrelationId = "corr-5" }),
        ("Ip", _ => new AuditQuery { IpAddress = "45.67.89.123" }),
        ("Tenant", _ => new AuditQuery { TenantId = "acme" }),
        ("TextWord", _ => new AuditQuery { Text = "credit" }),
        ("TextPrefix", _ => new AuditQuery { Text = "warehou*" }),
        ("TextPartialWordWithoutStar", _ => new AuditQuery { Text = "warehou" }),
        ("TextPrefixAndWord", _ => new AuditQuery { Text = "net CUS-1*" }),
        ("TextTwoWords", _ => new AuditQuery { Text = "payment NET" }),
        ("TextRecordId", _ => new AuditQuery { Text = "CUS-17" }),
        ("TextActorName", _ => new AuditQuery { Text = "John" }),
        ("TextNoMatch", _ => new AuditQuery { Text = "zzzqqq" }),
        ("RangeUserAction", s => new AuditQuery { From = s.AddDays(1), To = s.AddDays(7), ActorIds = ["jsmith"], Actions = [AuditActions.Update] }),
        ("TenantCategoryRiskText", _ => new AuditQuery { TenantId = "globex", Categories = [AuditCategory.RecordChange], MinimumRisk = RiskLevel.Medium, Text = "invoice" }),
        ("EntitiesOutcomesRoles", s => new AuditQuery { From = s.AddHours(30), EntityTypes = ["Order", "Invoice"], Outcomes = [AuditOutcome.Success, AuditOutcome.Failure], Roles = ["Sales Manager", "Accountant"] }),
    ];

    public static readonly string[] HostileTexts =
    [
        "'; DROP TABLE audit_events; --",
        "\"",
        "\"credit",
        "*",
        "credit*",
        "NEAR(credit limit)",
        "credit OR 1=1",
        "credit AND NOT payment",
        "body:credit",
        "^credit",
        "-credit",
        "(credit",
        "😀 credit",
        "\uD800credit",
        "credit\uDC00limit",
        "{user_name} {{record_count}}",
        "=cmd|' /C calc'!A0",
        "%",
        "_",
        "\\",
        "",
        "   ",
        "\0",
        "Ünïcödé café",
    ];

    public static readonly (string Name, Func<DateTimeOffset, AuditQuery> Build)[] Counts =
    [
        ("Everything", _ => new AuditQuery()),
        ("PartialHoursAtBothEnds", s => new AuditQuery { From = s.AddDays(1).AddMinutes(13).AddSeconds(37), To = s.AddDays(5).AddMinutes(7) }),
        ("WithinOneHour", s => new AuditQuery { From = s.AddDays(2).AddMinutes(5), To = s.AddDays(2).AddMinutes(55) }),
        ("OnlyFrom", s => new AuditQuery { From = s.AddDays(3).AddMinutes(30) }),
        ("OnlyTo", s => new AuditQuery { To = s.AddDays(3).AddMinutes(30) }),
        ("OneDimension", s => new AuditQuery { From = s.AddHours(5).AddMinutes(1), To = s.AddDays(6), Actions = [AuditActions.Export, AuditActions.View] }),
        ("TenantAndDimension", s => new AuditQuery { From = s.AddHours(5).AddMinutes(1), To = s.AddDays(6), TenantId = "acme", Categories = [AuditCategory.Security] }),
        ("TwoDimensions", s => new AuditQuery { From = s.AddHours(5), To = s.AddDays(6), ActorIds = ["jsmith"], Actions = [AuditActions.Update] }),
        ("EmptyRange", s => new AuditQuery { From = s.AddDays(20), To = s.AddDays(21) }),
        ("MinimumRisk", s => new AuditQuery { From = s.AddHours(7).AddMinutes(31), To = s.AddDays(6).AddMinutes(2), MinimumRisk = RiskLevel.High }),
        ("CategoryAndMinimumRisk", s => new AuditQuery { From = s.AddMinutes(1), To = s.AddDays(7).AddHours(23), Categories = [AuditCategory.Security], MinimumRisk = RiskLevel.Medium }),
        ("CategoryAndAction", s => new AuditQuery { From = s.AddDays(1).AddMinutes(59), To = s.AddDays(8), TenantId = "globex", Categories = [AuditCategory.Security], Actions = [AuditActions.LoginFailed] }),
        ("ActorAndEntityWithoutRange", _ => new AuditQuery { ActorIds = ["sjones", "mwilson"], EntityTypes = ["Invoice"] }),
        ("ActorAndManyActions", s => new AuditQuery { From = s.AddHours(30).AddSeconds(5), To = s.AddDays(7), ActorIds = ["jsmith"], Actions = [.. EventGenerator.Actions] }),
        ("ThreeDimensions", s => new AuditQuery { From = s, To = s.AddDays(8), ActorIds = ["jsmith"], Actions = [AuditActions.Update], Categories = [AuditCategory.RecordChange] }),
    ];

    public static readonly (string Name, Func<DateTimeOffset, AggregateQuery> Build)[] Aggregates =
    [
        ("Category", s => new AggregateQuery { From = s.AddMinutes(90), To = s.AddDays(7).AddMinutes(3), GroupBy = AggregateDimension.Category }),
        ("Action", s => new AggregateQuery { From = s, To = s.AddDays(8), GroupBy = AggregateDimension.Action }),
        ("Actor", s => new AggregateQuery { From = s.AddHours(1).AddSeconds(1), To = s.AddDays(4), GroupBy = AggregateDimension.Actor }),
        ("EntityType", s => new AggregateQuery { From = s.AddDays(1), To = s.AddDays(2).AddMinutes(42), GroupBy = AggregateDimension.EntityType }),
        ("Outcome", s => new AggregateQuery { From = s, To = s.AddDays(8), GroupBy = AggregateDimension.Outcome, TenantId = "acme" }),
        ("DayUtc", s => new AggregateQuery { From = s.AddMinutes(10), To = s.AddDays(8), GroupBy = AggregateDimension.Day }),
        ("DayMinusFive", s => new AggregateQuery { From = s, To = s.AddDays(8), GroupBy = AggregateDimension.Day, TimeZone = NewYorkFixed }),
        ("DayPlusFiveThirty", s => new AggregateQuery { From = s, To = s.AddDays(8), GroupBy = AggregateDimension.Day, TimeZone = KolkataFixed }),
        ("HourOfOneDay", s => new AggregateQuery { From = s.AddDays(2).AddMinutes(20), To = s.AddDays(3), GroupBy = AggregateDimension.Hour }),
        ("EntityOfOneUser", s => new AggregateQuery { From = s, To = s.AddDays(8), GroupBy = AggregateDimension.EntityType, Filter = new AuditQuery { ActorIds = ["jsmith"] } }),
        ("DayOfOneAction", s => new AggregateQuery { From = s.AddHours(3).AddMinutes(3), To = s.AddDays(8), GroupBy = AggregateDimension.Day, Filter = new AuditQuery { Actions = [AuditActions.LoginFailed] } }),
        ("ActionAmongSome", s => new AggregateQuery { From = s, To = s.AddDays(8), GroupBy = AggregateDimension.Action, Filter = new AuditQuery { Actions = [AuditActions.Export, AuditActions.Login] } }),
        ("Risk", s => new AggregateQuery { From = s.AddHours(2).AddMinutes(2), To = s.AddDays(7).AddMinutes(3), GroupBy = AggregateDimension.Risk }),
        ("RiskOfSecurity", s => new AggregateQuery { From = s.AddMinutes(45), To = s.AddDays(6).AddHours(5).AddMinutes(1), GroupBy = AggregateDimension.Risk, Filter = new AuditQuery { Categories = [AuditCategory.Security] } }),
        ("ActionOfSecurityForATenant", s => new AggregateQuery { From = s.AddDays(1).AddMinutes(30), To = s.AddDays(8), GroupBy = AggregateDimension.Action, TenantId = "acme", Filter = new AuditQuery { Categories = [AuditCategory.Security] } }),
        ("ActorOfOneAction", s => new AggregateQuery { From = s.AddHours(13).AddMinutes(13), To = s.AddDays(7).AddHours(1).AddMinutes(1), GroupBy = AggregateDimension.Actor, Filter = new AuditQuery { Actions = [AuditActions.LoginFailed] } }),
        ("ActionOfOneUser", s => new AggregateQuery { From = s.AddMinutes(20), To = s.AddDays(7).AddMinutes(50), GroupBy = AggregateDimension.Action, Filter = new AuditQuery { ActorIds = ["jsmith"] } }),
        ("EntityOfTwoUsers", s => new AggregateQuery { From = s.AddDays(1), To = s.AddDays(5).AddHours(3), GroupBy = AggregateDimension.EntityType, Filter = new AuditQuery { ActorIds = ["jsmith", "ltaylor"] } }),
        ("ActorOfSomeActions", s => new AggregateQuery { From = s, To = s.AddDays(8), GroupBy = AggregateDimension.Actor, Filter = new AuditQuery { Actions = [AuditActions.Export, AuditActions.Delete], ActorIds = ["jsmith", "sjones", "nobody"] } }),
        ("HourOfOneUsersAction", s => new AggregateQuery { From = s.AddDays(2).AddMinutes(7), To = s.AddDays(3).AddHours(2), GroupBy = AggregateDimension.Hour, Filter = new AuditQuery { ActorIds = ["jsmith"], Actions = [AuditActions.Login] } }),
        ("OutcomeOfOneAction", s => new AggregateQuery { From = s.AddHours(4).AddMinutes(44), To = s.AddDays(6).AddHours(6), GroupBy = AggregateDimension.Outcome, Filter = new AuditQuery { Actions = [AuditActions.JobExecuted] } }),
        ("CategoryWithText", s => new AggregateQuery { From = s, To = s.AddDays(8), GroupBy = AggregateDimension.Category, Filter = new AuditQuery { Text = "credit" } }),
    ];

    public static AuditQuery Get(string name, DateTimeOffset start) => All.Single(c => c.Name == name).Build(start);

    public static AuditQuery GetCount(string name, DateTimeOffset start) => Counts.Single(c => c.Name == name).Build(start);

    public static AggregateQuery GetAggregate(string name, DateTimeOffset start) => Aggregates.Single(c => c.Name == name).Build(start);

    /// <summary>The documented semantics of <see cref="AuditQuery"/>, written out independently of any store.</summary>
    public static bool Matches(AuditEvent e, AuditQuery q)
    {
        if (q.From is { } from && e.Timestamp < from) return false;
        if (q.To is { } to && e.Timestamp >= to) return false;
        if (q.TenantId is not null && e.TenantId != q.TenantId) return false;
        if (q.ActorIds is { Count: > 0 } actors && !actors.Contains(e.Actor?.Id)) return false;
        if (q.Roles is { Count: > 0 } roles && !roles.Contains(e.Actor?.Role)) return false;
        if (q.Categories is { Count: > 0 } categories && !categories.Contains(e.Category)) return false;
        if (q.Actions is { Count: > 0 } actions && !actions.Contains(e.Action)) return false;
        if (q.Outcomes is { Count: > 0 } outcomes && !outcomes.Contains(e.Outcome)) return false;
        if (q.MinimumRisk is { } risk && e.Risk < risk) return false;
        if (q.EntityTypes is { Count: > 0 } entities && !entities.Contains(e.Target?.EntityType)) return false;
        if (q.RecordId is not null && e.Target?.RecordId != q.RecordId) return false;
        if (q.CorrelationId is not null && e.CorrelationId != q.CorrelationId) return false;
        if (q.IpAddress is not null && e.Client?.IpAddress != q.IpAddress) return false;
        var terms = SearchTerms.Parse(q.Text);
        if (terms.Count == 0) return true;
        var words = SearchableFields(e).Where(f => !string.IsNullOrEmpty(f)).SelectMany(f => SearchTerms.Words(f!)).ToList();
        return terms.All(t => words.Any(t.Matches));
    }

    private static IEnumerable<string?> SearchableFields(AuditEvent e)
    {
        yield return e.Action;
        yield return e.Message;
        yield return e.Target?.EntityType;
        yield return e.Target?.RecordId;
        yield return e.Target?.RecordName;
        yield return e.Target?.Module;
        yield return e.Target?.Component;
        yield return e.Actor?.Id;
        yield return e.Actor?.Name;
        yield return e.Actor?.Email;
        yield return e.Actor?.Role;
        yield return e.Client?.IpAddress;
        foreach (var c in e.Changes)
        {
            yield return c.Field;
            yield return c.DisplayName;
            yield return c.OldValue;
            yield return c.NewValue;
            yield return c.OldDisplay;
            yield return c.NewDisplay;
        }
    }
}
