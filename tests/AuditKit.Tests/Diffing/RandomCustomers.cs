namespace AuditKit.Tests.Diffing;

/// <summary>Random customers and random edits of them, from a seed (so FsCheck's counter-examples reproduce).</summary>
internal static class RandomCustomers
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "net 30", "net 45", "", "ü😀", "a\"b", "x.y[z]"];

    public static Customer Create(Random r)
    {
        var c = new Customer
        {
            Name = Maybe(r, Word),
            CreditLimit = Math.Round((decimal)r.Next(0, 1_000_000) / 100m, 2),
            PaymentTerms = Maybe(r, Word),
            Status = (CustomerStatus)r.Next(3),
            BankAccount = Maybe(r, Word),
            Discount = Math.Round(r.NextDouble(), 3),
            LastOrderAt = r.Next(3) == 0 ? null : new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(r.Next(-5, 6))).AddMinutes(r.Next(100_000)),
            CreatedAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(r.Next(1_000_000)),
            BillingAddress = r.Next(3) == 0 ? null : new Address { Street = Maybe(r, Word), City = Maybe(r, Word), Country = Maybe(r, Word) },
            Lines = Enumerable.Range(1, r.Next(0, 5)).Select(i => new OrderLine { LineNo = i * r.Next(1, 4), Product = Word(r), Quantity = r.Next(100), Price = r.Next(1000) / 100m })
                .DistinctBy(l => l.LineNo).ToList(),
            Contacts = Enumerable.Range(1, r.Next(0, 3)).Select(i => new Contact { Id = i, Name = Maybe(r, Word) }).ToList(),
            Tags = Enumerable.Range(0, r.Next(0, 4)).Select(_ => Word(r)).ToList(),
            Settings = Enumerable.Range(0, r.Next(0, 3)).ToDictionary(i => "k" + i, _ => Word(r)),
            Extra = r.Next(4) switch { 0 => null, 1 => r.Next(100), 2 => Word(r), _ => new Money(r.Next(50), Word(r)) },
        };
        return c;
    }

    public static Customer Edit(Random r, Customer original)
    {
        var c = original.Clone();
        var edits = r.Next(0, 6);
        for (var i = 0; i < edits; i++)
        {
            switch (r.Next(12))
            {
                case 0: c.Name = Maybe(r, Word); break;
                case 1: c.CreditLimit = Math.Round((decimal)r.Next(0, 1_000_000) / 100m, 2); break;
                case 2: c.Status = (CustomerStatus)r.Next(3); break;
                case 3: c.BillingAddress = r.Next(3) == 0 ? null : new Address { Street = Maybe(r, Word), City = Maybe(r, Word), Country = c.BillingAddress?.Country }; break;
                case 4 when c.Lines.Count > 0: c.Lines[r.Next(c.Lines.Count)].Quantity = r.Next(100); break;
                case 5 when c.Lines.Count > 0: c.Lines.RemoveAt(r.Next(c.Lines.Count)); break;
                case 6: c.Lines.Add(new OrderLine { LineNo = 100 + r.Next(1000), Product = Word(r), Quantity = 1, Price = 1m }); c.Lines = c.Lines.DistinctBy(l => l.LineNo).ToList(); break;
                case 7: c.Tags = Enumerable.Range(0, r.Next(0, 4)).Select(_ => Word(r)).ToList(); break;
                case 8: c.Settings["k" + r.Next(4)] = Word(r); break;
                case 9: c.Extra = r.Next(3) switch { 0 => null, 1 => r.Next(100), _ => new Money(r.Next(50), Word(r)) }; break;
                case 10: c.LastOrderAt = r.Next(2) == 0 ? null : new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(r.Next(1000)); break;
                default: c.Contacts.Reverse(); if (c.Contacts.Count > 0) { c.Contacts[0].Name = Maybe(r, Word); } break;
            }
        }

        return c;
    }

    /// <summary>A record's recorded state: every leaf path and its text, as a Create would record it.</summary>
    public static Dictionary<string, string?> Flatten(IChangeDetector detector, object value) =>
        detector.Snapshot(value).ToDictionary(c => c.Field, c => c.NewValue);

    /// <summary>Applies changes the way <see cref="IAuditReader.GetStateAtAsync"/> does.</summary>
    public static Dictionary<string, string?> Apply(Dictionary<string, string?> state, IReadOnlyList<FieldChange> changes)
    {
        var result = new Dictionary<string, string?>(state);
        foreach (var change in changes)
        {
            if (change.Kind == FieldChangeKind.Unchanged)
            {
                continue;
            }

            if (change.Kind == FieldChangeKind.Removed || change.NewValue is null)
            {
                result.Remove(change.Field);
            }
            else
            {
                result[change.Field] = change.NewValue;
            }
        }

        return result;
    }

    private static string Word(Random r) => Words[r.Next(Words.Length)];

    private static string? Maybe(Random r, Func<Random, string> value) => r.Next(4) == 0 ? null : value(r);
}
