using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Sqlite.Tests;

/// <summary>What <c>==</c> and <c>with</c> mean for <see cref="AuditEvent"/>, on events written to and read from a real SQLite file.</summary>
public sealed class AuditEventEqualityTests
{
    [Test]
    public void Equals_TwoEventsBuiltAlike_AreEqualWithEqualHashCodes_AndOneDifferenceMakesThemDiffer()
    {
        AuditEvent Build(string newLimit = "25000.00", string email = "john.smith@company.com", long count = 3) =>
            AuditEvents.Updated("Customer", "CUST-7", "Acme", [new FieldChange("CreditLimit", "10000.00", newLimit)]) with
            {
                Timestamp = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero),
                Actor = new AuditActor("jsmith", "John Smith", email, "Sales Manager"),
                Metadata = AuditMetadata.Create(("count", count)),
            };

        var a = Build();
        var b = Build();

        a.Should().Be(b);
        (a == b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Should().NotBe(Build(newLimit: "30000.00"), "a change's new value differs");
        a.Should().NotBe(Build(email: "j.smith@company.com"), "the actor's e-mail differs");
        a.Should().NotBe(Build(count: 4), "a metadata value differs");
        a.Should().NotBe(b with { Message = "other" });
    }

    [Test]
    public async Task Equals_TheSameStoredEntryReadTwice_IsEqual_EvenAfterOneReadParsedItsChanges()
    {
        using var folder = new TempFolder();
        var path = folder.File("audit.db");
        using (var host = await SqliteHost.StartAsync(path))
        {
            await host.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.Updated("Customer", "CUST-7", "Acme", [new FieldChange("CreditLimit", "10000.00", "25000.00")]) with
            {
                Metadata = AuditMetadata.Create(("reason", "annual review")),
            });
            await host.StopAsync();
        }

        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        var first = (await store.GetAsync(1, 1))!;
        var second = (await store.GetAsync(1, 1))!;
        _ = first.Changes[0].NewValue;
        _ = first.Metadata["reason"];

        first.Should().NotBeSameAs(second);
        first.Should().Be(second);
        first.GetHashCode().Should().Be(second.GetHashCode());
    }

    [Test]
    public async Task With_OnAWrittenEvent_MakesANewUnwrittenEvent_ThatRecordsAsItsOwnEntry()
    {
        using var folder = new TempFolder();
        var path = folder.File("audit.db");
        AuditEvent original, copy, recorded;
        using (var host = await SqliteHost.StartAsync(path))
        {
            var log = host.Services.GetRequiredService<IAuditLog>();
            original = await log.RecordAsync(AuditEvents.Updated("Customer", "CUST-7", "Acme", [new FieldChange("CreditLimit", "10000.00", "25000.00")]));
            copy = original with { Message = "Credit limit raised again" };

            copy.Id.Should().Be(Guid.Empty);
            copy.Sequence.Should().Be(0);
            copy.Hash.Should().BeNull();
            copy.PreviousHash.Should().BeNull();
            copy.Erasures.Should().BeEmpty();
            copy.Changes.Should().Equal(original.Changes);
            copy.Timestamp.Should().Be(original.Timestamp);

            recorded = await log.RecordAsync(copy);
            await host.StopAsync();
        }

        recorded.Id.Should().NotBe(original.Id);
        recorded.Sequence.Should().Be(original.Sequence + 1);
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        (await ChainCheck.VerifyAsync(store, 1)).Should().Be(2);
        (await store.GetAsync(1, 1))!.Message.Should().NotBe("Credit limit raised again", "the original entry is unchanged");
        (await store.GetAsync(1, 2))!.Message.Should().Be("Credit limit raised again");
    }
}
