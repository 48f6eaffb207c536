using AuditKit.Testing;
using AuditKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Tests.Diffing;

public sealed class RecordHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task RecordChangeAsync_CreateUpdateDelete_RecordTheRightEvents()
    {
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory());
        var acme = new Customer { Name = "Acme", CreditLimit = 10_000m, PaymentTerms = "Net 30" };
        var raised = acme.Clone();
        raised.CreditLimit = 15_000m;

        var created = await host.Log.RecordChangeAsync("Customer", "CUST-1", "Acme", null, acme);
        var updated = await host.Log.RecordChangeAsync("Customer", "CUST-1", "Acme", acme, raised);
        var nothing = await host.Log.RecordChangeAsync("Customer", "CUST-1", "Acme", raised, raised.Clone());
        var deleted = await host.Log.RecordChangeAsync<Customer>("Customer", "CUST-1", "Acme", raised, null);

        created!.Action.Should().Be(AuditActions.Create);
        created.Changes.Should().OnlyContain(c => c.Kind == FieldChangeKind.Added && c.OldValue == null).And.Contain(c => c.Field == "CreditLimit" && c.NewValue == "10000");
        updated!.Action.Should().Be(AuditActions.Update);
        updated.Changes.Where(c => c.Kind != FieldChangeKind.Unchanged).Should().Equal(new FieldChange("CreditLimit", "10000", "15000", DisplayName: "Credit Limit"));
        nothing.Should().BeNull("an update that changed nothing is not recorded");
        deleted!.Action.Should().Be(AuditActions.Delete);
        deleted.Changes.Should().OnlyContain(c => c.Kind == FieldChangeKind.Removed && c.NewValue == null);
        (await host.Reader.GetHistoryAsync("Customer", "CUST-1")).Events.Select(e => e.Action).Should().Equal(AuditActions.Delete, AuditActions.Update, AuditActions.Create);
        await FluentActions.Awaiting(async () => await host.Log.RecordChangeAsync<Customer>("Customer", "CUST-1", null, null, null)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(async () => await host.Log.RecordChangeAsync("", "CUST-1", null, null, acme)).Should().ThrowAsync<ArgumentException>();
    }

    [Test]
    public async Task GetStateAtAsync_LongRandomHistory_MatchesTheTrueStateAtEveryMoment()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory(), s => s.AddSingleton<TimeProvider>(time));
        var detector = host.Host.Services.GetRequiredService<IChangeDetector>();
        var random = new Random(20260122);
        var truth = new List<(DateTimeOffset At, Dictionary<string, string?>? State)>();
        Customer? current = null;

        for (var step = 0; step < 300; step++)
        {
            time.Advance(TimeSpan.FromMinutes(random.Next(1, 90)));
            Customer? next = step switch
            {
                _ when current is null => RandomCustomers.Create(random),
                _ when random.Next(40) == 0 => null,                        // deleted (and later created again)
                _ => RandomCustomers.Edit(random, current),
            };
            var e = await host.Log.RecordChangeAsync("Customer", "CUST-7", "Seven", current, next);
            if (e is not null)
            {
                truth.Add((e.Timestamp, next is null ? null : RandomCustomers.Flatten(detector, next)));
            }

            current = next;
        }

        truth.Should().HaveCountGreaterThan(200);
        foreach (var probe in Enumerable.Range(0, 60).Select(_ => Start.AddMinutes(random.Next(0, 300 * 90))))
        {
            var state = await host.Reader.GetStateAtAsync("Customer", "CUST-7", probe);
            var expected = truth.LastOrDefault(t => t.At <= probe);
            state.Exists.Should().Be(expected.State is not null, $"at {probe:O}");
            state.Fields.Should().BeEquivalentTo(expected.State ?? [], $"at {probe:O}");
        }
    }

    [Test]
    public async Task EntryDetail_PreviousChangeAndRelatedEvents()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory(), s => s.AddSingleton<TimeProvider>(time));
        var v1 = new Customer { Name = "Acme", CreditLimit = 10_000m };
        var v2 = v1.Clone();
        v2.PaymentTerms = "Net 45";
        var v3 = v2.Clone();
        v3.CreditLimit = 15_000m;

        await host.Log.RecordChangeAsync("Customer", "CUST-1", "Acme", null, v1);
        time.Advance(TimeSpan.FromDays(2));
        var earlier = await host.Log.RecordChangeAsync("Customer", "CUST-1", "Acme", v1, v2);
        await host.Log.RecordAsync(AuditEvents.Viewed("Customer", "CUST-1", "Acme"));
        time.Advance(TimeSpan.FromDays(2));
        AuditEvent change;
        using (host.Context.BeginScope(new AuditContext(CorrelationId: "req-9")))
        {
            change = (await host.Log.RecordChangeAsync("Customer", "CUST-1", "Acme", v2, v3))!;
            time.Advance(TimeSpan.FromSeconds(3));
            await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "ApprovalRequested") { Message = "Approval request created" });
            time.Advance(TimeSpan.FromSeconds(1));
            await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "NotificationSent") { Message = "Manager notification sent" });
        }

        (await host.Reader.GetPreviousChangeAsync(change))!.Id.Should().Be(earlier!.Id, "views are not changes");
        (await host.Reader.GetRelatedAsync(change)).Select(e => e.Message).Should().Equal("Approval request created", "Manager notification sent");
        (await host.Reader.GetRelatedAsync(earlier)).Should().BeEmpty();
    }
}
