using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

namespace AuditKit.Interop;

/// <summary>
/// Exports each batch as OpenTelemetry log records through the SDK's <see cref="OtlpLogExporter"/>: the records go through a
/// private logger pipeline (a stamping processor that sets timestamp, severity, body, attributes and trace id from the
/// event per <see cref="OpenTelemetryLogMapping"/>, then a batch export processor), which is flushed before the batch
/// counts as handled. An export the collector refused throws, so the subscription delivers the batch again.
/// </summary>
internal sealed class OtlpForwarder : IAuditSubscriber, IDisposable
{
    private const int FlushTimeoutMilliseconds = 60_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILoggerFactory _factory;
    private readonly ILogger _logger;
    private readonly BatchLogRecordExportProcessor _export;
    private readonly RecordingExporter _exporter;
    private readonly StampProcessor _stamp = new();

    public OtlpForwarder(IOptions<OtlpForwardingOptions> options)
    {
        var o = options.Value;
        _exporter = new RecordingExporter(new OtlpLogExporter(new OtlpExporterOptions
        {
            Endpoint = o.Endpoint!,
            Protocol = o.Protocol,
            Headers = o.Headers,
            TimeoutMilliseconds = (int)o.Timeout.TotalMilliseconds,
        }));

        // Queue room for the largest subscription batch (10,000), flushed after every batch.
        _export = new BatchLogRecordExportProcessor(_exporter, maxQueueSize: 16_384, scheduledDelayMilliseconds: 60_000, exporterTimeoutMilliseconds: (int)o.Timeout.TotalMilliseconds, maxExportBatchSize: 512);
        var stamp = _stamp;
        var export = _export;
        _factory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddOpenTelemetry(otel =>
            {
                otel.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(o.ServiceName));
                otel.AddProcessor(stamp);
                otel.AddProcessor(export);
            }));
        _logger = _factory.CreateLogger("AuditKit.Audit");
    }

    public async Task HandleAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _exporter.Reset();
            foreach (var e in events)
            {
                _stamp.Current = e;
                _logger.Log(LogLevel.Information, default, e, null, static (s, _) => OpenTelemetryLogMapping.Body(s));
            }

            _stamp.Current = null;
            // ForceFlush blocks: run it off the subscription's thread. It returns once the records have left the
            // processor's queue, which happens while the export that took them is still sending them; only when that
            // export has returned does Failed tell whether the collector accepted them.
            var flushed = await Task.Run(() => _export.ForceFlush(FlushTimeoutMilliseconds) && _exporter.WaitUntilIdle(FlushTimeoutMilliseconds), cancellationToken).ConfigureAwait(false);
            if (!flushed || _exporter.Failed)
            {
                throw new InvalidOperationException($"The OTLP collector did not accept a batch of {events.Count} audit event(s) (flushed: {flushed}).");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _factory.Dispose();
        _export.Dispose();
        _gate.Dispose();
    }

    /// <summary>Sets each record from the event being logged (the logger calls processors synchronously).</summary>
    private sealed class StampProcessor : BaseProcessor<LogRecord>
    {
        public AuditEvent? Current { get; set; }

        public override void OnEnd(LogRecord data)
        {
            if (Current is not { } e)
            {
                return;
            }

            data.Timestamp = e.Timestamp.UtcDateTime;
            // The stable SDK exports the severity of the .NET log level: Information 9, Warning 13, Error 17, Critical 21.
            data.LogLevel = OpenTelemetryLogMapping.SeverityNumber(e.Risk) switch
            {
                13 => LogLevel.Warning,
                17 => LogLevel.Error,
                21 => LogLevel.Critical,
                _ => LogLevel.Information,
            };
            data.Body = OpenTelemetryLogMapping.Body(e);
            data.FormattedMessage = null;
            data.Attributes = OpenTelemetryLogMapping.Attributes(e);
        }
    }

    /// <summary>
    /// Delegates to the OTLP exporter, remembers whether an export in the current batch failed, and tells when no export
    /// is running (the processor's one export thread calls <see cref="Export"/> one batch at a time).
    /// </summary>
    private sealed class RecordingExporter(OtlpLogExporter inner) : BaseExporter<LogRecord>
    {
        private readonly ManualResetEventSlim _idle = new(initialState: true);
        private int _failed;

        public bool Failed => Volatile.Read(ref _failed) != 0;

        public void Reset() => Volatile.Write(ref _failed, 0);

        /// <summary>Blocks until the export in progress, if any, has returned; false after the timeout.</summary>
        public bool WaitUntilIdle(int timeoutMilliseconds) => _idle.Wait(timeoutMilliseconds);

        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            _idle.Reset();
            try
            {
                var result = inner.Export(batch);
                if (result != ExportResult.Success)
                {
                    Volatile.Write(ref _failed, 1);
                }

                return result;
            }
            catch
            {
                Volatile.Write(ref _failed, 1);
                throw;
            }
            finally
            {
                _idle.Set();
            }
        }

        protected override bool OnShutdown(int timeoutMilliseconds) => inner.Shutdown(timeoutMilliseconds);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                _idle.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
