using AuditKit.Benchmarks.Support;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Benchmarks;

/// <summary>
/// <see cref="IAuditLog.Record"/> called without pause into the real writer (canonical JSON, SHA-256 chain,
/// batching) with a store that discards. BenchmarkDotNet's millions of calls outrun the writer, the queue
/// fills and callers wait for space, so the figure is the pipeline's own CPU ceiling per event, not a
/// caller's cost (that is <see cref="RecordBenchmarks"/>).
/// </summary>
[MedianColumn]
public class RecordPipelineBenchmarks
{
    private static readonly AuditTarget Target = new("Customer", "CUST-12345", "Acme Corporation");
    private Microsoft.Extensions.Hosting.IHost _host = null!;
    private IAuditLog _log = null!;
    private string _journal = null!;

    [GlobalSetup]
    public void Setup()
    {
        _journal = BenchmarkData.NewFolder("record-pipeline");
        (_host, _log) = BenchmarkHost.Start(a => a.UseStore("discard", _ => new DiscardStore()).Configure(o => { o.JournalDirectory = _journal; o.QueueCapacity = 1_000_000; }));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        BenchmarkHost.Stop(_host);
        BenchmarkData.DeleteFolder(_journal);
    }

    [Benchmark]
    public void Record_SustainedIntoRunningWriter() =>
        _log.Record(new AuditEvent(AuditCategory.RecordChange, AuditActions.View) { Target = Target, Message = "Viewed customer" });
}
