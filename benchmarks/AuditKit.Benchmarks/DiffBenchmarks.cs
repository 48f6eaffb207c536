using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;

namespace AuditKit.Benchmarks;

/// <summary>
/// Field-level diff of a 20-property entity. Targets: 2 changed fields ≥ 2,000,000 diffs/s (≤ 500 ns),
/// an unchanged entity 0 B allocated, and ≥ 10x faster than serializing both snapshots to JSON and
/// comparing the trees (how peer libraries diff).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DiffBenchmarks
{
    private readonly IChangeDetector _detector = new ChangeDetector(new ChangeDetectorOptions());
    private BenchProduct _before = null!;
    private BenchProduct _twoChanged = null!;
    private BenchProduct _unchanged = null!;

    [GlobalSetup]
    public void Setup()
    {
        _before = new BenchProduct
        {
            Id = 42, Sku = "SKU-42", Name = "Hydraulic Pump", Description = "12V hydraulic pump", Price = 199.90m, Cost = 120.00m, Stock = 35, ReorderLevel = 10,
            Active = true, Taxable = true, Weight = 4.2, Volume = 0.012, CreatedAt = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc),
            UpdatedAt = new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero), ExternalId = Guid.Parse("5d7a3c1e-1111-4a2b-9c3d-0123456789ab"),
            Status = 1, Category = "Pumps", Supplier = "Globex", Barcode = 4006381333931, LeadTime = TimeSpan.FromDays(5),
        };
        _twoChanged = _before.Clone();
        _twoChanged.Price = 219.90m;
        _twoChanged.Stock = 30;
        _unchanged = _before.Clone();
        _detector.Compare(_before, _twoChanged);
    }

    [Benchmark(Baseline = true)]
    public int Json_SerializeBothAndCompareTrees()
    {
        var before = JsonSerializer.SerializeToNode(_before)!.AsObject();
        var after = JsonSerializer.SerializeToNode(_twoChanged)!.AsObject();
        var changes = new List<FieldChange>();
        foreach (var (name, value) in after)
        {
            var old = before[name];
            if (!JsonNode.DeepEquals(old, value))
            {
                changes.Add(new FieldChange(name, old?.ToJsonString(), value?.ToJsonString()));
            }
        }

        return changes.Count;
    }

    [Benchmark]
    public int Compare_TwoChangedFields() => _detector.Compare(_before, _twoChanged).Count;

    [Benchmark]
    public int Compare_Unchanged() => _detector.Compare(_before, _unchanged).Count;
}

public sealed class BenchProduct
{
    public int Id { get; set; }
    public string? Sku { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public decimal Price { get; set; }
    public decimal Cost { get; set; }
    public int Stock { get; set; }
    public int ReorderLevel { get; set; }
    public bool Active { get; set; }
    public bool Taxable { get; set; }
    public double Weight { get; set; }
    public double Volume { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public Guid ExternalId { get; set; }
    public int Status { get; set; }
    public string? Category { get; set; }
    public string? Supplier { get; set; }
    public long Barcode { get; set; }
    public TimeSpan LeadTime { get; set; }

    public BenchProduct Clone() => (BenchProduct)MemberwiseClone();
}
