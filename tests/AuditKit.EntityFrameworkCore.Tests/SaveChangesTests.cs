using AuditKit.EntityFrameworkCore.Tests.Erp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.EntityFrameworkCore.Tests;

/// <summary>Creates, updates and deletes through SaveChanges become RecordChange events with field-level changes.</summary>
public sealed class SaveChangesTests
{
    private ErpHost _erp = null!;

    [SetUp]
    public async Task StartAsync() => _erp = await ErpHost.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _erp.DisposeAsync();

    [Test]
    public async Task OwnedCollectionItems_AreRecordedOnTheirOwner_ItemByItem()
    {
        int id;
        using (var lease = _erp.Context())
        {
            var customer = new Customer { Name = "Contoso", Contacts = [new ContactPerson { No = 1, Name = "Ann", Phone = "1" }, new ContactPerson { No = 2, Name = "Bob" }] };
            lease.Db.Customers.Add(customer);
            await lease.Db.SaveChangesAsync();
            id = customer.Id;
        }

        var create = (await _erp.EventsAsync()).Should().ContainSingle().Subject;
        create.Changes.Should().ContainEquivalentOf(new { Field = "Contacts[1].Name", NewValue = "Ann", Kind = FieldChangeKind.Added });
        create.Changes.Should().ContainEquivalentOf(new { Field = "Contacts[1].Phone", NewValue = "1", Kind = FieldChangeKind.Added });
        create.Changes.Should().ContainEquivalentOf(new { Field = "Contacts[2].Name", NewValue = "Bob", Kind = FieldChangeKind.Added });
        create.Changes.Should().NotContain(c => c.Field.Contains("CustomerId", StringComparison.Ordinal), "the key linking an item to its owner is not a field");

        using (var lease = _erp.Context())
        {
            var customer = await lease.Db.Customers.SingleAsync(c => c.Id == id);
            customer.Contacts.Single(c => c.Name == "Ann").Phone = "2";       // the owner itself is unchanged
            customer.Contacts.Remove(customer.Contacts.Single(c => c.Name == "Bob"));
            customer.Contacts.Add(new ContactPerson { No = 3, Name = "Cy" });
            await lease.Db.SaveChangesAsync();
        }

        var update = (await _erp.EventsAsync()).Where(e => e.Action == AuditActions.Update).Should().ContainSingle().Subject;
        update.Target!.RecordId.Should().Be(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        update.Changes.Should().ContainEquivalentOf(new { Field = "Contacts[1].Phone", OldValue = "1", NewValue = "2", Kind = FieldChangeKind.Modified });
        update.Changes.Should().ContainEquivalentOf(new { Field = "Contacts[2].Name", OldValue = "Bob", Kind = FieldChangeKind.Removed });
        update.Changes.Should().ContainEquivalentOf(new { Field = "Contacts[3].Name", NewValue = "Cy", Kind = FieldChangeKind.Added });
        update.Changes.Should().HaveCount(3);

        using (var lease = _erp.Context())
        {
            lease.Db.Customers.Remove(await lease.Db.Customers.SingleAsync(c => c.Id == id));
            await lease.Db.SaveChangesAsync();
        }

        var delete = (await _erp.EventsAsync()).Where(e => e.Action == AuditActions.Delete).Should().ContainSingle().Subject;
        delete.Changes.Should().ContainEquivalentOf(new { Field = "Name", OldValue = "Contoso", Kind = FieldChangeKind.Removed });
        delete.Changes.Should().ContainEquivalentOf(new { Field = "Contacts[1].Phone", OldValue = "2", Kind = FieldChangeKind.Removed }, "the owner's items go with it");
        delete.Changes.Should().ContainEquivalentOf(new { Field = "Contacts[3].Name", OldValue = "Cy", Kind = FieldChangeKind.Removed });
    }

    [Test]
    public async Task Create_RecordsInitialValuesWithTheStoreGeneratedKeyAndRecordName()
    {
        int id;
        using (var lease = _erp.Context())
        {
            var customer = new Customer { Name = "Acme Corporation", Email = "ap@acme.example", CreditLimit = 10000m, TaxId = "DE123", BillingAddress = new Address { City = "Berlin" } };
            lease.Db.Customers.Add(customer);
            await lease.Db.SaveChangesAsync();
            id = customer.Id;
        }

        var e = (await _erp.EventsAsync()).Should().ContainSingle().Subject;
        e.Action.Should().Be(AuditActions.Create);
        e.Target.Should().Be(new AuditTarget("Customer", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Acme Corporation"));
        e.Changes.Should().ContainEquivalentOf(new { Field = "CreditLimit", OldValue = (string?)null, NewValue = "10000", Kind = FieldChangeKind.Added, DisplayName = "Credit Limit" });
        e.Changes.Should().ContainEquivalentOf(new { Field = "BillingAddress.City", NewValue = "Berlin" }, "owned types are nested paths");
        e.Changes.Should().ContainEquivalentOf(new { Field = "TaxId", NewValue = "***" }, "masked values are never stored");
        e.Changes.Should().NotContain(c => c.Field == "BillingAddress.Street", "null initial values are left out");
    }

    [Test]
    public async Task Update_RecordsOnlyChangedFields_IncludingAnOwnedTypeAlone()
    {
        var id = await AddCustomerAsync("Globex", 5000m, "Paris");
        using (var lease = _erp.Context())
        {
            var c = await lease.Db.Customers.SingleAsync(x => x.Id == id);
            c.CreditLimit = 7500m;
            c.Name = "Globex"; // assigned, not changed
            await lease.Db.SaveChangesAsync();
            c.BillingAddress!.City = "Lyon";
            await lease.Db.SaveChangesAsync();
        }

        var updates = (await _erp.EventsAsync()).Where(e => e.Action == AuditActions.Update).ToList();
        updates.Should().HaveCount(2);
        // SQLite keeps decimals as text: the value read back carries its stored scale ("5000.0").
        updates[0].Changes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Field = "CreditLimit", OldValue = "5000.0", NewValue = "7500", Kind = FieldChangeKind.Modified });
        updates[1].Changes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Field = "BillingAddress.City", OldValue = "Paris", NewValue = "Lyon" });
        updates[1].Target!.RecordName.Should().Be("Globex");
    }

    [Test]
    public async Task Delete_RecordsFinalValues()
    {
        var id = await AddCustomerAsync("Initech", 100m, "Austin");
        using (var lease = _erp.Context())
        {
            lease.Db.Customers.Remove(await lease.Db.Customers.SingleAsync(x => x.Id == id));
            await lease.Db.SaveChangesAsync();
        }

        var e = (await _erp.EventsAsync()).Last();
        e.Action.Should().Be(AuditActions.Delete);
        e.Changes.Should().ContainEquivalentOf(new { Field = "Name", OldValue = "Initech", NewValue = (string?)null, Kind = FieldChangeKind.Removed });
        e.Changes.Should().ContainEquivalentOf(new { Field = "BillingAddress.City", OldValue = "Austin" });
    }

    [Test]
    public async Task SoftDelete_IsRecordedAsDelete()
    {
        var id = await AddCustomerAsync("Umbrella", 1m, null);
        using (var lease = _erp.Context())
        {
            (await lease.Db.Customers.SingleAsync(x => x.Id == id)).IsDeleted = true;
            await lease.Db.SaveChangesAsync();
        }

        var e = (await _erp.EventsAsync()).Last();
        e.Action.Should().Be(AuditActions.Delete);
        e.Message.Should().Be("Soft delete");
        e.Changes.Should().ContainEquivalentOf(new { Field = "Name", OldValue = "Umbrella" });
    }

    [Test]
    public async Task CompositeKey_IsTheRecordId()
    {
        using (var lease = _erp.Context())
        {
            var order = new Order { Number = "SO-1", CustomerId = 1, Lines = [new OrderLine { LineNo = 1, ProductId = 7, Quantity = 2 }, new OrderLine { LineNo = 2, ProductId = 8, Quantity = 5 }] };
            lease.Db.Orders.Add(order);
            await lease.Db.SaveChangesAsync();
            order.Lines[1].Quantity = 6;
            await lease.Db.SaveChangesAsync();
        }

        var events = await _erp.EventsAsync();
        var order1 = events.Single(e => e.Target!.EntityType == "Order").Target!.RecordId;
        events.Where(e => e.Target!.EntityType == "OrderLine" && e.Action == AuditActions.Create).Select(e => e.Target!.RecordId)
            .Should().BeEquivalentTo([$"{order1},1", $"{order1},2"]);
        events.Last().Should().BeEquivalentTo(new { Action = AuditActions.Update, Target = new { EntityType = "OrderLine", RecordId = $"{order1},2" } });
        events.Last().Changes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Field = "Quantity", OldValue = "5", NewValue = "6" });
    }

    [Test]
    public async Task ComplexProperty_ChangesAreNestedPaths()
    {
        using (var lease = _erp.Context())
        {
            var invoice = new Invoice { Number = "INV-1", Total = new Money { Amount = 100m, Currency = "EUR" } };
            lease.Db.Invoices.Add(invoice);
            await lease.Db.SaveChangesAsync();
            invoice.Total.Amount = 120m;
            await lease.Db.SaveChangesAsync();
        }

        var events = await _erp.EventsAsync();
        events[0].Changes.Should().ContainEquivalentOf(new { Field = "Total.Currency", NewValue = "EUR" });
        events[1].Changes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Field = "Total.Amount", OldValue = "100", NewValue = "120" });
    }

    [Test]
    public async Task ManyToMany_LinksAndUnlinksAreChangesOfTheOwningRecord()
    {
        var id = await AddCustomerAsync("Hooli", 1m, null);
        int vip;
        using (var lease = _erp.Context())
        {
            var tag = new Tag { Label = "VIP" };
            var customer = await lease.Db.Customers.Include(c => c.Tags).SingleAsync(c => c.Id == id);
            customer.Tags.Add(tag);
            await lease.Db.SaveChangesAsync();
            vip = tag.Id;
            customer.Tags.Clear();
            await lease.Db.SaveChangesAsync();
        }

        var onCustomer = (await _erp.EventsAsync()).Where(e => e.Target!.EntityType == "Customer" && e.Action == AuditActions.Update).ToList();
        onCustomer.Should().HaveCount(2);
        onCustomer[0].Changes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Field = "Tags", OldValue = (string?)null, NewValue = vip.ToString(System.Globalization.CultureInfo.InvariantCulture), Kind = FieldChangeKind.Added });
        onCustomer[1].Changes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Field = "Tags", OldValue = vip.ToString(System.Globalization.CultureInfo.InvariantCulture), NewValue = (string?)null, Kind = FieldChangeKind.Removed });
        onCustomer.Should().OnlyContain(e => e.Target!.RecordId == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task ExcludedType_IsNotRecorded_AndActorAndTenantComeFromContext()
    {
        var accessor = _erp.Services.GetRequiredService<IAuditContextAccessor>();
        using (accessor.BeginScope(new AuditContext(new AuditActor("jsmith", "John Smith"), new AuditClient("10.0.0.7"))))
        using (var lease = _erp.Context())
        {
            lease.Db.TenantId = "acme";
            lease.Db.SessionCaches.Add(new SessionCache { Value = "x" });
            lease.Db.Products.Add(new Product { Sku = "P-1", Price = 9.5m });
            await lease.Db.SaveChangesAsync();
        }

        var e = (await _erp.EventsAsync()).Should().ContainSingle("SessionCache is [AuditExclude]").Subject;
        e.Target!.EntityType.Should().Be("Product");
        e.Actor!.Id.Should().Be("jsmith");
        e.Client!.IpAddress.Should().Be("10.0.0.7");
        e.TenantId.Should().Be("acme");
    }

    [Test]
    public async Task PersonalProperty_WithErasure_IsErasableByRecord()
    {
        await _erp.DisposeAsync();
        _erp = await ErpHost.StartAsync(audit: a => a.AddErasure());
        var id = await AddCustomerAsync("Ann Lee", 1m, null);
        using (var lease = _erp.Context())
        {
            (await lease.Db.Customers.SingleAsync(c => c.Id == id)).Email = "ann@example.com";
            await lease.Db.SaveChangesAsync();
        }

        var result = await _erp.Services.GetRequiredService<IAuditEraser>().EraseAsync(ErasureRequest.ForRecord("Customer", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "DSR-7"));

        result.EventsErased.Should().Be(2, "the create's record name and the update's e-mail change");
        var update = (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.Update] })).Single();
        update.Changes.Single().Should().BeEquivalentTo(new { Field = "Email", OldValue = (string?)null, NewValue = (string?)null });
        (await AuditIntegrity.CreateVerifier(_erp.Services.GetRequiredService<AuditStore>()).VerifyAsync()).Intact.Should().BeTrue();
    }

    private async Task<int> AddCustomerAsync(string name, decimal limit, string? city)
    {
        using var lease = _erp.Context();
        var customer = new Customer { Name = name, CreditLimit = limit, BillingAddress = city is null ? null : new Address { City = city } };
        lease.Db.Customers.Add(customer);
        await lease.Db.SaveChangesAsync();
        return customer.Id;
    }

    [Test]
    public async Task Update_AlwaysReportedMember_IsRecordedAsNoChangeBesideARealChange_AndAloneRecordsNothing()
    {
        await _erp.DisposeAsync();
        _erp = await ErpHost.StartAsync(audit: a => a.ConfigureChanges(c => c.For<Customer>(t => t.AlwaysReport(x => x.Name))));
        int id;
        using (var lease = _erp.Context())
        {
            var customer = new Customer { Name = "Acme Corporation", CreditLimit = 10000m };
            lease.Db.Customers.Add(customer);
            await lease.Db.SaveChangesAsync();
            id = customer.Id;
        }

        using (var lease = _erp.Context())
        {
            var customer = await lease.Db.Customers.SingleAsync(c => c.Id == id);
            customer.CreditLimit = 25000m;
            await lease.Db.SaveChangesAsync();
        }

        var update = (await _erp.EventsAsync()).Where(e => e.Action == AuditActions.Update).Should().ContainSingle().Subject;
        update.Changes.Should().HaveCount(2);
        update.Changes.Should().ContainEquivalentOf(new { Field = "CreditLimit", NewValue = "25000", Kind = FieldChangeKind.Modified }); // the old value as SQLite reads it back ("10000.0")
        update.Changes.Should().ContainEquivalentOf(new { Field = "Name", OldValue = "Acme Corporation", NewValue = "Acme Corporation", Kind = FieldChangeKind.Unchanged });

        using (var lease = _erp.Context())
        {
            var customer = await lease.Db.Customers.SingleAsync(c => c.Id == id);
            customer.CreditLimit = 25000m; // the same value: no change at all
            lease.Db.Entry(customer).Property(c => c.Name).IsModified = true;
            await lease.Db.SaveChangesAsync();
        }

        (await _erp.EventsAsync()).Count(e => e.Action == AuditActions.Update).Should().Be(1, "an update that changed nothing records no event, always-reported members or not");
    }
}
