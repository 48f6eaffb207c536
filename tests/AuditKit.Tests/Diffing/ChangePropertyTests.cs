using FsCheck;
using FsCheck.Fluent;

namespace AuditKit.Tests.Diffing;

public sealed class ChangePropertyTests
{
    private static readonly IChangeDetector Detector = new ChangeDetector(new ChangeDetectorOptions());

    [Test]
    public void Compare_RandomPairs_ApplyingTheChangesToBeforeGivesAfter()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var before = RandomCustomers.Create(random);
            var after = random.Next(3) == 0 ? RandomCustomers.Create(random) : RandomCustomers.Edit(random, before);

            var changes = Detector.Compare(before, after);
            var applied = RandomCustomers.Apply(RandomCustomers.Flatten(Detector, before), changes);
            var expected = RandomCustomers.Flatten(Detector, after);

            return applied.Count == expected.Count && expected.All(p => applied.TryGetValue(p.Key, out var v) && v == p.Value);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Test]
    public void Compare_SameObject_ReportsOnlyAlwaysReportedFields()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var customer = RandomCustomers.Create(new Random(seed));
            return Detector.Compare(customer, customer.Clone()).All(c => c.Kind == FieldChangeKind.Unchanged && c.Field == nameof(Customer.Status));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
