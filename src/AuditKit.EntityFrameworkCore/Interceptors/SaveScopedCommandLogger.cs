using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

#pragma warning disable EF1001 // RelationalCommandDiagnosticsLogger is EF Core's internal service; see SaveScopedInterceptors.

namespace AuditKit;

/// <summary>
/// EF Core's command logger for one context, told when a save runs. EF Core asks it before each command whether
/// anything needs the command's event data and, when nothing did last time, skips the question (and the command id
/// it would generate) for <c>LoggingCacheTime</c>. During a save, with the command interceptor left out
/// (<see cref="SaveScopedInterceptors"/>), that cache lets a save's later statements skip the work; outside a save
/// the answer is always "ask again", so a bulk statement right after a save still reaches the command interceptor.
/// </summary>
internal sealed class SaveScopedCommandLogger(
    ILoggerFactory loggerFactory,
    ILoggingOptions loggingOptions,
    System.Diagnostics.DiagnosticSource diagnosticSource,
    LoggingDefinitions loggingDefinitions,
    IDbContextLogger contextLogger,
    IDbContextOptions contextOptions,
    IInterceptors? interceptors = null)
    : RelationalCommandDiagnosticsLogger(loggerFactory, loggingOptions, diagnosticSource, loggingDefinitions, contextLogger, contextOptions, interceptors)
{
    private readonly SaveScopedInterceptors? _scoped = interceptors as SaveScopedInterceptors;

    private bool Saving => _scoped?.Saving == true;

    /// <inheritdoc />
    public override bool ShouldLogCommandCreate(DateTimeOffset now) => !Saving || base.ShouldLogCommandCreate(now);

    /// <inheritdoc />
    public override bool ShouldLogCommandExecute(DateTimeOffset now) => !Saving || base.ShouldLogCommandExecute(now);

    /// <inheritdoc />
    public override bool ShouldLogDataReaderClose(DateTimeOffset now) => !Saving || base.ShouldLogDataReaderClose(now);

    /// <inheritdoc />
    public override bool ShouldLogDataReaderDispose(DateTimeOffset now) => !Saving || base.ShouldLogDataReaderDispose(now);
}
