using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuditKit.Tests.Diffing;

public sealed class ChangeDetectorTests
{
    private static readonly IChangeDetector Detector = new ChangeDetector(new ChangeDetectorOptions());

    private static Customer Acme() => new()
    {
        Name = "Acme Corporation", CreditLimit = 10_000.00m, PaymentTerms = "Net 30", Status = CustomerStatus.Active, BankAccount = "DE89",
        PasswordHash = "secret", Discount = 0.1, CreatedAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        BillingAddress = new Address { Street = "1 Main St", City = "New York", Country = "US" },
        Lines = [new OrderLine { LineNo = 1, Product = "Bolt", Quantity = 10, Price = 0.5m }, new OrderLine { LineNo = 2, Product = "Nut", Quantity = 20, Price = 0.2m }],
        Contacts = [new Contact { Id = 7, Name = "Ann" }],
        Tags = ["vip", "east"],
        Settings = new() { ["theme"] = "dark" },
    };

    [Test]
    public void Compare_ChangedScalars_ReportsEachWithInvariantTextAndDisplayNames()
    {
        var before = Acme();
        var after = before.Clone();
        after.CreditLimit = 15_000.00m;
        after.PaymentTerms = "Net 45";
        after.Name = "Acme Corp.";

        var changes = Detector.Compare(before, after);

        changes.Should().BeEquivalentTo(new[]
        {
            new FieldChange("CreditLimit", "10000.00", "15000.00", FieldChangeKind.Modified, "Credit Limit"),
            new FieldChange("Name", "Acme Corporation", "Acme Corp.", FieldChangeKind.Modified, "Customer Name"),
            new FieldChange("PaymentTerms", "Net 30", "Net 45"),
            new FieldChange("Status", "Active", "Active", FieldChangeKind.Unchanged),
        });
    }

    [Test]
    public void Compare_IgnoredAndMaskedMembers_NeverRevealValues()
    {
        var before = Acme();
        var after = before.Clone();
        after.PasswordHash = "other";
        after.BankAccount = "GB33";

        var changes = Detector.Compare(before, after);

        changes.Should().NotContain(c => c.Field == "PasswordHash");
        changes.Should().ContainSingle(c => c.Field == "BankAccount").Which.Should().Be(new FieldChange("BankAccount", "***", "***"));
        Detector.Snapshot(before).Should().Contain(new FieldChange("BankAccount", null, "***", FieldChangeKind.Added)).And.NotContain(c => c.Field == "PasswordHash");
        string.Join(" ", changes.Select(c => $"{c.OldValue} {c.NewValue}")).Should().NotContain("DE89").And.NotContain("GB33").And.NotContain("secret");
    }

    [Test]
    public void Compare_NestedObject_UsesPaths_AndNullSidesAddOrRemoveLeaves()
    {
        var before = Acme();
        var after = before.Clone();
        after.BillingAddress!.City = "Boston";
        Detector.Compare(before, after).Where(c => c.Kind != FieldChangeKind.Unchanged)
            .Should().Equal(new FieldChange("BillingAddress.City", "New York", "Boston"));

        var removed = before.Clone();
        removed.BillingAddress = null;
        Detector.Compare(before, removed).Where(c => c.Kind != FieldChangeKind.Unchanged).Should().BeEquivalentTo(new[]
        {
            new FieldChange("BillingAddress.City", "New York", null, FieldChangeKind.Removed),
            new FieldChange("BillingAddress.Country", "US", null, FieldChangeKind.Removed),
            new FieldChange("BillingAddress.Street", "1 Main St", null, FieldChangeKind.Removed),
        });
        Detector.Compare(removed, before).Where(c => c.Kind != FieldChangeKind.Unchanged).Should().OnlyContain(c => c.Kind == FieldChangeKind.Added).And.HaveCount(3);
    }

    [Test]
    public void Compare_CollectionWithKeyAttribute_MatchesItemsByKey()
    {
        var before = Acme();
        var after = before.Clone();
        after.Lines.Reverse();                                   // order alone is no change
        after.Lines.Single(l => l.LineNo == 2).Quantity = 25;
        after.Lines.RemoveAll(l => l.LineNo == 1);
        after.Lines.Add(new OrderLine { LineNo = 3, Product = "Washer", Quantity = 5, Price = 0.05m });

        var changes = Detector.Compare(before, after).Where(c => c.Kind != FieldChangeKind.Unchanged).ToList();

        changes.Should().Contain(new FieldChange("Lines[2].Quantity", "20", "25"));
        changes.Should().Contain(new FieldChange("Lines[3].Product", null, "Washer", FieldChangeKind.Added));
        changes.Should().Contain(new FieldChange("Lines[1].Product", "Bolt", null, FieldChangeKind.Removed));
        changes.Should().OnlyContain(c => c.Field.StartsWith("Lines[", StringComparison.Ordinal));
    }

    [Test]
    public void Compare_CollectionWithIdProperty_AndConfiguredKey_MatchByKey()
    {
        var before = Acme();
        var after = before.Clone();
        after.Contacts.Insert(0, new Contact { Id = 9, Name = "Bob" });
        after.Contacts.Single(c => c.Id == 7).Name = "Anne";
        Detector.Compare(before, after).Where(c => c.Kind != FieldChangeKind.Unchanged).Should().BeEquivalentTo(new[]
        {
            new FieldChange("Contacts[7].Name", "Ann", "Anne"),
            new FieldChange("Contacts[9].Id", null, "9", FieldChangeKind.Added),
            new FieldChange("Contacts[9].Name", null, "Bob", FieldChangeKind.Added),
        });

        var byName = new ChangeDetector(new ChangeDetectorOptions().KeyCollectionItems<Contact>(c => c.Name));
        var renamed = before.Clone();
        renamed.Contacts[0].Id = 8;
        byName.Compare(before, renamed).Where(c => c.Kind != FieldChangeKind.Unchanged).Should().Equal(new FieldChange("Contacts[Ann].Id", "7", "8"));
    }

    [Test]
    public void Compare_ListOfScalars_ComparesByPosition()
    {
        var before = Acme();
        var after = before.Clone();
        after.Tags[1] = "west";
        after.Tags.Add("new");

        Detector.Compare(before, after).Where(c => c.Kind != FieldChangeKind.Unchanged).Should().Equal(
            new FieldChange("Tags[1]", "east", "west"),
            new FieldChange("Tags[2]", null, "new", FieldChangeKind.Added));
    }

    [Test]
    public void Compare_Dictionaries_ByKey()
    {
        var before = new Dictionary<string, object?> { ["theme"] = "dark", ["pageSize"] = 50, ["gone"] = true };
        var after = new Dictionary<string, object?> { ["theme"] = "light", ["pageSize"] = 50, ["lang"] = "de" };

        Detector.Compare(before, after).Should().BeEquivalentTo(new[]
        {
            new FieldChange("[theme]", "dark", "light"),
            new FieldChange("[lang]", null, "de", FieldChangeKind.Added),
            new FieldChange("[gone]", "true", null, FieldChangeKind.Removed),
        });
    }

    [Test]
    public void Compare_JsonElementAndJsonNode_DiffStructurally()
    {
        var before = JsonDocument.Parse("""{"a":1,"b":{"c":"x","d":[1,2]},"gone":null,"old":true}""").RootElement;
        var after = JsonDocument.Parse("""{"a":2,"b":{"c":"x","d":[1,3,4]},"new":"y"}""").RootElement;
        var expected = new[]
        {
            new FieldChange("a", "1", "2"),
            new FieldChange("b.d[1]", "2", "3"),
            new FieldChange("b.d[2]", null, "4", FieldChangeKind.Added),
            new FieldChange("new", null, "y", FieldChangeKind.Added),
            new FieldChange("old", "true", null, FieldChangeKind.Removed),
        };

        Detector.Compare(before, after).Should().BeEquivalentTo(expected);
        Detector.Compare(JsonNode.Parse(before.GetRawText()), JsonNode.Parse(after.GetRawText())).Should().BeEquivalentTo(expected);
        Detector.Compare(before, before.Clone()).Should().BeEmpty();
    }

    [Test]
    public void Compare_Structs_AndTypeChanges()
    {
        Detector.Compare(new Money(10m, "USD"), new Money(10m, "EUR")).Should().Equal(new FieldChange("Currency", "USD", "EUR"));

        var before = Acme();
        before.Extra = 42;
        var toText = before.Clone();
        toText.Extra = "42a";
        Detector.Compare(before, toText).Where(c => c.Kind != FieldChangeKind.Unchanged).Should().Equal(new FieldChange("Extra", "42", "42a"));

        var toObject = before.Clone();
        toObject.Extra = new Money(1m, "USD");
        Detector.Compare(before, toObject).Where(c => c.Kind != FieldChangeKind.Unchanged).Should().BeEquivalentTo(new[]
        {
            new FieldChange("Extra", "42", null, FieldChangeKind.Removed),
            new FieldChange("Extra.Amount", null, "1", FieldChangeKind.Added),
            new FieldChange("Extra.Currency", null, "USD", FieldChangeKind.Added),
        });
    }

    [Test]
    public void Compare_DecimalsNumerically_DatesExactly_FloatsWithTolerance()
    {
        var before = Acme();
        var same = before.Clone();
        same.CreditLimit = 10_000.0m;                            // same number, other scale
        same.Discount = 0.1 + 1e-12;                             // within the default tolerance
        Detector.Compare(before, same).Where(c => c.Kind != FieldChangeKind.Unchanged).Should().BeEmpty();

        var instant = new DateTimeOffset(2026, 1, 22, 15, 0, 0, TimeSpan.Zero);
        before.LastOrderAt = instant;
        var otherOffset = before.Clone();
        otherOffset.LastOrderAt = instant.ToOffset(TimeSpan.FromHours(-5)); // same instant, different recorded offset
        otherOffset.CreatedAt = DateTime.SpecifyKind(before.CreatedAt, DateTimeKind.Local);
        Detector.Compare(before, otherOffset).Where(c => c.Kind != FieldChangeKind.Unchanged).Select(c => c.Field).Should().BeEquivalentTo("LastOrderAt", "CreatedAt");

        var loose = new ChangeDetector(new ChangeDetectorOptions { FloatTolerance = 0.01 });
        var nearly = before.Clone();
        nearly.Discount = 0.105;
        loose.Compare(before, nearly).Where(c => c.Kind != FieldChangeKind.Unchanged).Should().BeEmpty();
        Detector.Compare(before, nearly).Should().Contain(c => c.Field == "Discount");
    }

    [Test]
    public void Compare_Cycles_AndDeepChains_Terminate()
    {
        var a = new Node { Name = "a" };
        a.Child = new Node { Name = "b", Parent = a };
        var b = new Node { Name = "a" };
        b.Child = new Node { Name = "c", Parent = b };
        Detector.Compare(a, b).Should().Equal(new FieldChange("Child.Name", "b", "c"));

        Node Chain(int length, string leaf)
        {
            var root = new Node { Name = "0" };
            var current = root;
            for (var i = 1; i < length; i++)
            {
                current.Child = new Node { Name = i == length - 1 ? leaf : i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                current = current.Child;
            }

            return root;
        }

        var options = new ChangeDetectorOptions { MaxDepth = 8 };
        new ChangeDetector(options).Compare(Chain(100, "x"), Chain(100, "y")).Should().BeEmpty("members deeper than MaxDepth are not compared");
        new ChangeDetector(options).Compare(Chain(5, "x"), Chain(5, "y")).Should().ContainSingle().Which.Field.Should().Be("Child.Child.Child.Child.Name");
    }

    [Test]
    public void Compare_Formatters_FillDisplayValues()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test/UTC-05", TimeSpan.FromHours(-5), "UTC-05", "UTC-05");
        var detector = new ChangeDetector(new ChangeDetectorOptions { DisplayDates = true, DisplayTimeZone = zone, DisplayCulture = System.Globalization.CultureInfo.GetCultureInfo("en-US") }
            .For<Customer>(c => c.Currency(x => x.CreditLimit, "en-US").Format(x => x.PaymentTerms, t => $"Terms: {t}"))
            .FormatType<CustomerStatus>(s => s == CustomerStatus.OnHold ? "On hold" : s.ToString()));
        var before = Acme();
        var after = before.Clone();
        after.CreditLimit = 15_000m;
        after.PaymentTerms = "Net 45";
        after.Status = CustomerStatus.OnHold;
        after.LastOrderAt = new DateTimeOffset(2026, 1, 22, 15, 45, 0, TimeSpan.Zero);

        var changes = detector.Compare(before, after).ToDictionary(c => c.Field);

        changes["CreditLimit"].Should().Be(new FieldChange("CreditLimit", "10000.00", "15000", FieldChangeKind.Modified, "Credit Limit", "$10,000.00", "$15,000.00"));
        changes["PaymentTerms"].ShownNewValue.Should().Be("Terms: Net 45");
        changes["Status"].ShownNewValue.Should().Be("On hold");
        changes["Status"].NewValue.Should().Be("OnHold");
        changes["LastOrderAt"].NewDisplay!.Replace('\u202F', ' ').Should().Be("1/22/2026 10:45 AM");
    }

    [Test]
    public void Compare_UnchangedTwentyPropertyEntity_AllocatesNothing()
    {
        var before = new Product { Id = 1, Sku = "SKU-1", Name = "Bolt", Price = 1.5m, Weight = 0.2, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, ExternalId = Guid.NewGuid(), LeadTime = TimeSpan.FromDays(3) };
        var after = before.Clone();
        Detector.Compare(before, after); // compiles and caches the accessors

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        IReadOnlyList<FieldChange> changes = [];
        for (var i = 0; i < 1000; i++)
        {
            changes = Detector.Compare(before, after);
        }

        (GC.GetAllocatedBytesForCurrentThread() - allocated).Should().Be(0);
        changes.Should().BeEmpty();
    }

    [Test]
    public void Snapshot_ListsEveryRecordedLeaf_AndRejectsOtherKinds()
    {
        var snapshot = Detector.Snapshot(Acme(), FieldChangeKind.Removed);

        snapshot.Should().OnlyContain(c => c.Kind == FieldChangeKind.Removed && c.NewValue == null && c.OldValue != null);
        snapshot.Select(c => c.Field).Should().Contain(["Name", "CreditLimit", "BillingAddress.City", "Lines[1].Product", "Lines[2].Quantity", "Tags[0]", "Settings[theme]", "Contacts[7].Name"]);
        FluentActions.Invoking(() => Detector.Snapshot(Acme(), FieldChangeKind.Modified)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void Options_MemberSelectorThatIsNotAMember_Throws()
    {
        FluentActions.Invoking(() => new ChangeDetectorOptions().For<Customer>(c => c.Mask(x => x.Name!.Length)))
            .Should().Throw<ArgumentException>().WithMessage("*property or field*");
    }
}
