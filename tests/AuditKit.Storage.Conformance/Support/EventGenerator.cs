namespace AuditKit.Storage.Conformance.Support;

/// <summary>Deterministic, realistic ERP events spread over a time range, for store and pipeline tests.</summary>
public static class EventGenerator
{
    public static readonly string[] Actors = ["jsmith", "sjones", "mwilson", "ltaylor", "bmorrison", "api-main", "system"];
    public static readonly string[] ActorNames = ["John Smith", "Sarah Jones", "Mike Wilson", "Lisa Taylor", "Bob Morrison", "API (Main)", "System"];
    public static readonly string[] Roles = ["Sales Manager", "Accountant", "Warehouse", "Administrator", "Support", "Integration", "System"];
    public static readonly string[] Entities = ["Customer", "Order", "Product", "Invoice", "User", "Settings"];
    public static readonly string[] Actions = [AuditActions.Create, AuditActions.Update, AuditActions.Delete, AuditActions.View, AuditActions.Export, AuditActions.Login, AuditActions.LoginFailed, AuditActions.JobExecuted];
    public static readonly string[] Tenants = ["acme", "globex"];
    public static readonly string[] Ips = ["192.168.1.105", "10.0.0.7", "45.67.89.123"];
    // Each actor's browser or client: the user agent a real request carries (a long string of words that the free-text
    // index and every row carry), and the device the host describes it as.
    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "ErpConnector/4.2.1 (.NET 10.0.0; Linux x64) HttpClient",
        "AuditKit-Scheduler/1.0 (Linux x64)",
    ];

    private static readonly string[] Devices = ["Edge on Windows", "Chrome on Windows", "Safari on macOS", "Chrome on Android", "Firefox on Windows", "API client", "Server"];

    public static readonly string[] Words = ["credit", "limit", "payment", "terms", "shipping", "address", "discount", "priority", "warehouse", "invoice"];

    /// <summary>Generates <paramref name="count"/> events between <paramref name="start"/> and start + <paramref name="span"/>, with microsecond timestamps (some equal).</summary>
    public static List<AuditEvent> Generate(int count, DateTimeOffset start, TimeSpan span, int seed = 42)
    {
        var random = new Random(seed);
        var list = new List<AuditEvent>(count);
        var spanMicros = (long)(span.Ticks / 10);
        for (var i = 0; i < count; i++)
        {
            // Every 10th event shares the previous timestamp: ties must page correctly.
            var micros = i % 10 == 9 && list.Count > 0 ? AuditCursorMicros(list[^1].Timestamp) - AuditCursorMicros(start) : random.NextInt64(spanMicros);
            var timestamp = start.AddTicks(micros * 10);
            var a = random.Next(Actors.Length);
            var action = Actions[random.Next(Actions.Length)];
            var entity = Entities[random.Next(Entities.Length)];
            var category = action switch
            {
                AuditActions.Login or AuditActions.LoginFailed => AuditCategory.Security,
                AuditActions.JobExecuted => AuditCategory.System,
                AuditActions.View => AuditCategory.DataAccess,
                _ => AuditCategory.RecordChange,
            };
            var recordNumber = random.Next(1, 200);
            var w1 = Words[random.Next(Words.Length)];
            var w2 = Words[random.Next(Words.Length)];
            var e = new AuditEvent(category, action)
            {
                Timestamp = timestamp,
                TenantId = random.Next(5) == 0 ? null : Tenants[random.Next(Tenants.Length)],
                Outcome = (AuditOutcome)random.Next(4),
                Risk = (RiskLevel)random.Next(5),
                Message = $"{action} {entity} {w1} {w2}",
                Actor = random.Next(20) == 0 ? null : new AuditActor(Actors[a], ActorNames[a], $"{Actors[a]}@example.com", Roles[a], a == 5 ? ActorKind.ApiClient : a == 6 ? ActorKind.System : ActorKind.User),
                Client = random.Next(3) == 0 ? null : new AuditClient(Ips[random.Next(Ips.Length)], "New York, NY (estimated)", UserAgents[a], Devices[a], $"sess_{random.Next(1000)}"),
                Target = random.Next(15) == 0 ? null : new AuditTarget(entity, $"{entity[..3].ToUpperInvariant()}-{recordNumber}", $"{entity} {recordNumber}", Module: entity + "s"),
                Changes = action == AuditActions.Update
                    ? [new FieldChange("CreditLimit", "10000.00", "15000.00", DisplayName: "Credit Limit"), new FieldChange("PaymentTerms", "Net 30", $"Net {random.Next(60)}")]
                    : [],
                CorrelationId = random.Next(4) == 0 ? $"corr-{random.Next(300)}" : null,
                Metadata = action == AuditActions.Export ? AuditMetadata.Create(("record_count", random.Next(10, 6000)), ("format", "csv")) : null!,
            };
            list.Add(e);
        }

        return list;
    }

    private static long AuditCursorMicros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
