namespace AuditKit.Samples.Erp.Seeding;

/// <summary>What runs without people: heartbeats, scheduled jobs, integrations, errors, and the API's clients.</summary>
internal sealed partial class TenantHistory
{
    private static readonly int[] ReconciliationWarnings = [4, 11, 19];

    private void SystemDay(DateTimeOffset day, int daysAgo)
    {
        var angage = _tenant.Id == ErpTenant.Angage.Id;
        // Heartbeats every five minutes from the day monitoring was switched on (HeartbeatDays before today), as the running
        // sample's HeartbeatService sends them; yesterday the mail relay was down for three hours (no heartbeats, an error).
        if (daysAgo <= HistoryPlan.HeartbeatDays)
        {
            var step = (int)HistoryPlan.HeartbeatInterval.TotalMinutes;
            foreach (var component in _tenant.Components)
            {
                for (var minute = 0; minute < 24 * 60; minute += step)
                {
                    if (angage && component == "Notifications" && daysAgo == 1 && minute / 60 is >= 13 and <= 15)
                    {
                        continue;
                    }

                    var response = TimeSpan.FromMilliseconds(80 + _random.Next(140));
                    Add(AuditEvents.Heartbeat(component, response), day.AddMinutes(minute).AddSeconds(30), null, null);
                }
            }
        }

        Add(AuditEvents.JobExecuted("Scheduled Backup", "Database", duration: TimeSpan.FromSeconds(180 + _random.Next(200))), day.AddHours(1), null, null);
        Add(AuditEvents.JobExecuted("Log Rotation", "System"), day.AddHours(6), null, null);
        Add(AuditEvents.JobExecuted("Email Queue Process", "Notifications"), day.AddHours(9), null, null);
        if (angage)
        {
            Add(AuditEvents.JobExecuted("Currency Rate Update", "Finance"), day.AddHours(7), null, null);
            Add(AuditEvents.IntegrationSync("Shopify", 50 + _random.Next(350)), day.AddHours(22), null, null);
            var reconciliation = daysAgo == 8 ? AuditOutcome.Failure : ReconciliationWarnings.Contains(daysAgo) ? AuditOutcome.Warning : AuditOutcome.Success;
            Add(AuditEvents.JobExecuted("Daily Reconciliation", "Finance", reconciliation), day.AddHours(23), null, null);
            if (daysAgo == 8)
            {
                Add(AuditEvents.Error("Finance", "Daily Reconciliation failed: bank feed unavailable", RiskLevel.High), day.AddHours(23).AddSeconds(5), null, null);
            }

            if (daysAgo == 1)
            {
                Add(AuditEvents.Error("Notifications", "SMTP connection to the mail relay timed out"), day.AddHours(13).AddMinutes(5), null, null);
            }

            if (daysAgo == 13)
            {
                Add(AuditEvents.PerformanceAlert("Database", "p95_query_ms", 850, 500), day.AddHours(10).AddMinutes(12), null, null);
            }
        }
        else
        {
            Add(AuditEvents.IntegrationSync("Nordic EDI", 20 + _random.Next(80)), day.AddHours(21), null, null);
        }
    }

    // The ERP's API as its integration client uses it: an order poll every working hour, some posts, a rejected key.
    private void ApiDay(DateTimeOffset day, int daysAgo)
    {
        for (var hour = 9; hour <= 17; hour++)
        {
            var at = day.AddHours(hour).AddMinutes(_random.Next(60));
            Add(ApiRequest("GET", "/api/orders", 200, 20 + _random.Next(120)), at, null, null);
            if (_random.Next(5) == 0)
            {
                Add(ApiRequest("POST", "/api/orders", 201, 60 + _random.Next(200)), at.AddSeconds(20), null, null);
            }
        }

        Add(ApiRequest("GET", "/api/customers/{id}", 401, 3) with { Actor = new AuditActor(null, "Unknown client", Kind: ActorKind.ApiClient), Client = new AuditClient("198.51.100.23", Device: "curl") }, day.AddHours(12).AddMinutes(_random.Next(60)), null, null);
        if (daysAgo % 10 == 3)
        {
            Add(ApiRequest("GET", "/api/orders", 500, 2_000 + _random.Next(1_000)), day.AddHours(14).AddMinutes(7), null, null);
        }
    }

    // The shape AuditKit's request auditing records (docs/aspnetcore.md, "API request auditing").
    private static AuditEvent ApiRequest(string method, string route, int status, double ms) =>
        new(AuditCategory.ApiRequest, method)
        {
            Actor = ApiClient,
            Client = ApiEndpoint,
            Outcome = status switch { < 400 => AuditOutcome.Success, 401 or 403 => AuditOutcome.Denied, _ => AuditOutcome.Failure },
            Message = FormattableString.Invariant($"{method} {route} {status} in {ms} ms"),
            Target = new AuditTarget("ApiRoute", route, Component: "API"),
            Metadata = AuditMetadata.Create(("method", method), ("route", route), ("status", status), ("duration_ms", ms)),
        };
}
