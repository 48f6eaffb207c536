using AuditKit.Samples.Erp.Seeding;
using AuditKit.Samples.Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Samples.Erp.Tests;

/// <summary>The first start records a month of history for both tenants; the second start records nothing.</summary>
public sealed class SeedingTests
{
    private static readonly string[] Tenants = ["angage", "borealis"];

    [Test]
    public async Task FirstStart_SeedsAMonthInEveryCategory_SecondStartSeedsNothing()
    {
        var folder = ErpHost.NewFolder();
        try
        {
            HistoryPlan plan;
            long stored;
            await using (var first = await ErpHost.StartAsync(folder))
            {
                first.SeedRun.Should().NotBeNull();
                var reader = first.Services.GetRequiredService<IAuditReader>();
                plan = HistoryPlan.Build(first.SeedRun!.Anchor, first.Services.GetRequiredService<IChangeDetector>());
                plan.Anchor.Should().Be(first.SeedRun.Anchor);
                first.SeedRun.EventCount.Should().Be(plan.Events.Count);
                var seeded = new AuditQuery { From = plan.From, To = plan.Anchor };

                // What the plan holds (the seeder's intent) is what the store holds, tenant by tenant and category by category.
                foreach (var tenant in Tenants)
                {
                    foreach (var category in Enum.GetValues<AuditCategory>())
                    {
                        var planned = plan.Events.Count(e => e.TenantId == tenant && e.Category == category);
                        planned.Should().BePositive($"{tenant} has {category} events to show");
                        (await reader.CountAsync(seeded with { TenantId = tenant, Categories = [category] })).Should().Be(planned, $"{tenant} {category}");
                    }
                }

                stored = await reader.CountAsync(seeded);
                stored.Should().Be(plan.Events.Count);
                (await reader.CountAsync(new AuditQuery { To = plan.From })).Should().Be(0, "nothing before the month");

                // Spread over the month: every working day has logins in both tenants, every day has jobs.
                for (var day = plan.From; day < plan.From.AddDays(HistoryPlan.Days); day = day.AddDays(1))
                {
                    var ofDay = new AuditQuery { From = day, To = day.AddDays(1) };
                    (await reader.CountAsync(ofDay with { Actions = [AuditActions.JobExecuted] })).Should().BePositive($"jobs ran on {day:yyyy-MM-dd}");
                    if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                    {
                        foreach (var tenant in Tenants)
                        {
                            (await reader.CountAsync(ofDay with { TenantId = tenant, Actions = [AuditActions.Login] })).Should().BePositive($"{tenant} worked on {day:yyyy-MM-dd}");
                        }
                    }
                }

                // Oracles that do not come from the plan: heartbeats every five minutes for the last days (3 components for
                // A, 2 for B, minus the 36 beats of A's three-hour mail relay outage), the lockout story, the large export
                // and a night login.
                var beats = 0;
                for (var at = new DateTimeOffset(plan.Anchor.UtcDateTime.Date, TimeSpan.Zero).AddDays(-HistoryPlan.HeartbeatDays).AddSeconds(30); at < plan.Anchor; at = at.AddMinutes(5))
                {
                    beats++;
                }

                (await reader.CountAsync(seeded with { TenantId = "angage", Actions = [AuditActions.Heartbeat] })).Should().Be((3 * beats) - 36);
                (await reader.CountAsync(seeded with { TenantId = "borealis", Actions = [AuditActions.Heartbeat] })).Should().Be(2 * beats);

                // A realistic mix: people's work, not machines' heartbeats, makes most of the month.
                var heartbeats = await reader.CountAsync(seeded with { Actions = [AuditActions.Heartbeat] });
                var byPeople = await reader.CountAsync(seeded with { Categories = [AuditCategory.RecordChange, AuditCategory.UserAction, AuditCategory.Security, AuditCategory.DataAccess] });
                byPeople.Should().BeGreaterThan(heartbeats);
                TestContext.Out.WriteLine($"seeded {stored} events: {heartbeats} heartbeats, {byPeople} by people");
                (await reader.CountAsync(seeded with { TenantId = "angage", IpAddress = "45.67.89.123", Actions = [AuditActions.LoginFailed] })).Should().Be(5);
                (await reader.CountAsync(seeded with { TenantId = "angage", Actions = [AuditActions.AccountLocked] })).Should().Be(1);
                var export = (await reader.QueryAsync(seeded with { TenantId = "angage", Actions = [AuditActions.Export], EntityTypes = ["Customer"] })).Events.Should().ContainSingle().Subject;
                export.Metadata["record_count"].GetInt64().Should().Be(5000);
                var logins = (await reader.QueryAsync(seeded with { TenantId = "angage", Actions = [AuditActions.Login], PageSize = AuditQuery.MaxPageSize })).Events;
                logins.Should().Contain(e => e.Timestamp.Hour >= 22 || e.Timestamp.Hour < 6, "someone signed in at night");
                (await reader.CountAsync(seeded with { TenantId = "angage", Actions = [AuditActions.RoleGranted] })).Should().Be(1);
            }

            await using (var second = await ErpHost.StartAsync(folder))
            {
                second.SeedRun!.Anchor.Should().Be(plan.Anchor, "the second start finds the first run");
                await second.FlushAsync();
                (await second.Services.GetRequiredService<IAuditReader>().CountAsync(new AuditQuery { From = plan.From, To = plan.Anchor })).Should().Be(stored);
                using var admin = await second.SignInAsync("sjohnson");
                var customers = await admin.GetStringAsync("/customers");
                customers.Should().Contain($"{plan.Customers.Count(c => c.TenantId == "angage")} customers");
            }
        }
        finally
        {
            ErpHost.Delete(folder);
        }
    }
}
