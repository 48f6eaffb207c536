
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace AuditKit.Benchmarks;

/// <summary>
/// The cost of <see cref="IAuditLog.Record"/> on the caller's thread. Target: ≤ 1 µs median and no
/// allocation beyond the event itself (compare with <see cref="CreateEventOnly"/>, the baseline). A
/// separate thread drains the queue without allocating, so only the caller's work is measured.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RecordBenchmarks
{
    private static readonly AuditTarget Target = new("Customer", "CUST-12345", "Acme Corporation");
    private AuditLog _log = null!;
    private AuditLog _logWithPolicy = null!;
    private AuditQueue _queue = null!;
    private Task _drain = null!;
    private AuditContextAccessor _context = null!;
    private IDisposable _scope = null!;
    private string _journal = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new AuditKitOptions { QueueCapacity = 1_000_000 });
        _queue = new AuditQueue(options);
        _context = new AuditContextAccessor();
        _scope = _context.BeginScope(new AuditContext(new AuditActor("jsmith", "John Smith", Role: "Sales Manager"), new AuditClient("192.168.1.105"), "acme", "req-1"));
        _journal = Path.Combine(Path.GetTempPath(), "auditkit-bench", "record-journal-" + Guid.NewGuid().ToString("N"));
        var health = new AuditKitHealth();
        _log = new AuditLog(_queue, new AuditEventNormalizer(options.Value, _context, TimeProvider.System), options, new ChangeDetector(new ChangeDetectorOptions()),
            new OverflowJournal(() => _journal, TimeProvider.System), health, new AuditKitMetrics(_queue), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<AuditLog>.Instance);
        // The same log with an event policy and the default risk rules loaded: several switches off and per-entity view logging, so the
        // stage takes its full path (a frozen-set lookup and an entity lookup) for the recorded View.
        var policy = new EventPolicyStage();
        var document = new AuditEventPolicy { Export = false, Import = false, ScheduledJobs = false, PerformanceAlerts = false };
        document.ViewLogging["Customer"] = true;
        document.ViewLogging["Product"] = false;
        document.ViewLogging["Financial Record"] = true;
        policy.Update(document);
        _logWithPolicy = new AuditLog(_queue, new AuditEventNormalizer(options.Value, _context, TimeProvider.System, policy: policy, risk: new RiskStage()), options, new ChangeDetector(new ChangeDetectorOptions()),
            new OverflowJournal(() => _journal, TimeProvider.System), health, new AuditKitMetrics(_queue), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<AuditLog>.Instance);
        var reader = _queue.Channel.Reader;
        _drain = Task.Run(async () =>
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out _))
                {
                }
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _queue.Channel.Writer.TryComplete();
        _drain.Wait();
    }

    [Benchmark(Baseline = true)]
    public AuditEvent CreateEventOnly() =>
        new(AuditCategory.RecordChange, AuditActions.View) { Target = Target, Message = "Viewed customer" };

    [Benchmark]
    public void Record() =>
        _log.Record(new AuditEvent(AuditCategory.RecordChange, AuditActions.View) { Target = Target, Message = "Viewed customer" });

    [Benchmark]
    public void RecordWithPolicy() =>
        _logWithPolicy.Record(new AuditEvent(AuditCategory.RecordChange, AuditActions.View) { Target = Target, Message = "Viewed customer" });
}
