using AuditKit.Storage.Conformance.Support;

namespace AuditKit.Storage.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    // Text no store can keep as UTF-8: capture turns NUL and unpaired surrogates into U+FFFD, and so must filters.
    private static readonly string[] HostileValues = ["a\u0000b", "x\uD800y", "z\uDC00", "\uD800\u0000"];

    // What each hostile value is stored as, written out by hand (the oracle does not call the cleaning code).
    private static readonly string[] StoredValues = ["a\uFFFDb", "x\uFFFDy", "z\uFFFD", "\uFFFD\uFFFD"];

    [Test]
    public virtual async Task QueryAsync_FilterWithNulOrLoneSurrogate_FindsTheEventRecordedWithTheSameRawValue()
    {
        await using var store = await CreateStoreAsync();
        var events = HostileValues.Select((raw, i) => Record(new AuditEvent(AuditCategory.RecordChange, raw)
        {
            Timestamp = Start.AddMinutes(i),
            TenantId = raw,
            Actor = new AuditActor(raw, "Name " + raw, null, raw),
            Client = new AuditClient(raw, null, null, null, null),
            Target = new AuditTarget(raw, raw, null),
            CorrelationId = raw,
            Message = "hostile " + raw,
        })).ToList();
        await StoreSeeder.AppendAsync(store, events);

        for (var i = 0; i < HostileValues.Length; i++)
        {
            var raw = HostileValues[i];
            var stored = (await store.GetAsync(events[i].Id))!;
            stored.Actor!.Id.Should().Be(StoredValues[i], "capture stores U+FFFD in place of NUL and lone surrogates");
            var filters = new Dictionary<string, AuditQuery>
            {
                ["TenantId"] = new() { TenantId = raw },
                ["ActorIds"] = new() { ActorIds = [raw] },
                ["Roles"] = new() { Roles = [raw] },
                ["Actions"] = new() { Actions = ["none", raw] },
                ["EntityTypes"] = new() { EntityTypes = [raw] },
                ["RecordId"] = new() { RecordId = raw },
                ["CorrelationId"] = new() { CorrelationId = raw },
                ["IpAddress"] = new() { IpAddress = raw },
                ["All"] = new() { TenantId = raw, ActorIds = [raw], Roles = [raw], Actions = [raw], EntityTypes = [raw], RecordId = raw, CorrelationId = raw, IpAddress = raw },
            };
            foreach (var (field, query) in filters)
            {
                (await store.QueryAsync(query)).Events.Select(e => e.Id).Should().Equal([events[i].Id], $"AuditQuery.{field} = {Escape(raw)} finds the event recorded with it");
                (await store.CountAsync(query)).Should().Be(1, field);
            }

            var aggregate = await store.AggregateAsync(new AggregateQuery { From = Start, To = Start.AddDays(1), GroupBy = AggregateDimension.Action, TenantId = raw });
            aggregate.Should().Equal([new AggregateCount(StoredValues[i], 1)], "the aggregate's tenant is cleaned too");
            var filtered = await store.AggregateAsync(new AggregateQuery { From = Start, To = Start.AddDays(1), GroupBy = AggregateDimension.Category, Filter = new() { ActorIds = [raw] } });
            filtered.Sum(c => c.Count).Should().Be(1);
        }
    }

    [Test]
    public virtual async Task QueryAsync_HostileValuesNobodyRecorded_MatchNothingWithoutThrowing()
    {
        foreach (var raw in HostileValues.Append("\u0000").Append("\uDFFF\uD800"))
        {
            var query = new AuditQuery { TenantId = raw, ActorIds = [raw], Roles = [raw], Actions = [raw], EntityTypes = [raw], RecordId = raw, CorrelationId = raw, IpAddress = raw };
            foreach (var single in new[] { new AuditQuery { ActorIds = [raw] }, new AuditQuery { IpAddress = raw }, new AuditQuery { TenantId = raw }, query })
            {
                (await _seeded.CountAsync(single)).Should().Be(0, Escape(raw));
                (await _seeded.QueryAsync(single)).Events.Should().BeEmpty();
            }

            (await _seeded.AggregateAsync(new AggregateQuery { From = Start, To = Start.AddDays(9), GroupBy = AggregateDimension.Actor, TenantId = raw })).Should().BeEmpty();
        }

        (await _seeded.CountAsync(new AuditQuery { Text = "\u0000 \uD800 \uDC00" })).Should().Be(SeededCount, "text without letters or digits matches everything");
    }

    private static AuditEvent Record(AuditEvent e)
    {
        EventPreparer.Prepare(e);
        return e;
    }

    private static string Escape(string value) => string.Concat(value.Select(c => c is < ' ' or >= '\uD800' and <= '\uDFFF' ? $"\\u{(int)c:X4}" : c.ToString()));
}
