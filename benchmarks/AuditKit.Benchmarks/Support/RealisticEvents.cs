using System.Globalization;

namespace AuditKit.Benchmarks.Support;

/// <summary>
/// Events shaped like the README's quick start, as a consumer records them: an actor with name, e-mail and role;
/// a full client (IP, location, a real browser user agent, device, session); an Update with two field changes that
/// carry display names; a correlation id and a message. The light events of <see cref="BenchmarkData.Events"/> are
/// about half their size.
/// </summary>
internal static class RealisticEvents
{
    /// <summary>A real, current desktop browser's user agent (Edge on Windows), 134 characters.</summary>
    public const string UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86";

    private static readonly (string Id, string Name, string Role)[] Users =
    [
        ("jsmith", "John Smith", "Sales Manager"), ("sjones", "Sarah Jones", "Accountant"), ("mwilson", "Mike Wilson", "Warehouse Lead"),
        ("ltaylor", "Lisa Taylor", "Administrator"), ("bmorrison", "Bob Morrison", "Support Agent"), ("akhan", "Aisha Khan", "Controller"),
    ];

    private static readonly (string Ip, string Location)[] Clients =
    [
        ("192.168.1.105", "New York, NY (estimated)"), ("10.20.30.41", "Chicago, IL (estimated)"), ("45.67.89.123", "Berlin, Germany (estimated)"),
        ("2001:db8:85a3::8a2e:370:7334", "Toronto, Canada (estimated)"),
    ];

    private static readonly string[] Companies = ["Acme Corporation", "Globex Industries", "Initech Systems", "Umbrella Logistics", "Stark Manufacturing"];

    /// <summary>Fresh, unwritten events between <see cref="BenchmarkData.Start"/> and one hour later (live traffic is stamped "now").</summary>
    public static List<AuditEvent> Generate(int count, int seed = 1)
    {
        var random = new Random(seed);
        var us = CultureInfo.GetCultureInfo("en-US");
        var spanMicros = TimeSpan.FromHours(1).Ticks / 10;
        var list = new List<AuditEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var user = Users[random.Next(Users.Length)];
            var client = Clients[random.Next(Clients.Length)];
            var number = random.Next(10_000, 99_999);
            var company = Companies[random.Next(Companies.Length)];
            var oldLimit = random.Next(1, 50) * 1_000m;
            var newLimit = oldLimit + (random.Next(1, 20) * 500m);
            var e = AuditEvents.Updated("Customer", $"CUST-{number}", company,
            [
                new FieldChange("CreditLimit", oldLimit.ToString("C", us), newLimit.ToString("C", us), DisplayName: "Credit Limit"),
                new FieldChange("PaymentTerms", "Net 30", $"Net {random.Next(1, 9) * 15}", DisplayName: "Payment Terms"),
            ]) with
            {
                Actor = new AuditActor(user.Id, user.Name, $"{user.Id}@acme-erp.example.com", user.Role),
                Client = new AuditClient(client.Ip, client.Location, UserAgent, "Edge on Windows", $"sess_{random.NextInt64():x16}"),
                CorrelationId = $"req-{Guid.NewGuid():N}",
                Message = $"Credit limit of {company} raised from {oldLimit.ToString("C", us)} to {newLimit.ToString("C", us)}",
                Timestamp = BenchmarkData.Start.AddTicks(random.NextInt64(spanMicros) * 10),
            };
            Storage.Conformance.Support.StoreSeeder.Prepare(e);
            list.Add(e);
        }

        return list;
    }
}
