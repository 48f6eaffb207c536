using AuditKit.Reports;
using AuditKit.Reports.Rendering;
using AuditKit.Reports.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Adds the compliance reports to AuditKit (in the <c>AuditKit</c> namespace, beside <c>UseSqlite</c>).</summary>
public static class ReportsBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="IAuditReports"/>, <see cref="IAuditReportSchedules"/> and the report scheduler (a hosted service
    /// that runs the schedules of the <see cref="ReportSchedules.DocumentName"/> settings document once
    /// <see cref="ReportOptions.ScheduleDirectory"/> is set, and sends each file through the schedule's
    /// <see cref="IReportChannel"/>s).
    /// Calling it again only applies more configuration.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddReports(this IAuditKitBuilder builder, Action<ReportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<ReportOptions>().Validate(
            o => o.SchedulePollInterval > TimeSpan.Zero && o.MaxPdfCellLines >= 1 && o.MaxPdfRows >= 1,
            "ReportOptions.SchedulePollInterval must be positive, ReportOptions.MaxPdfCellLines and ReportOptions.MaxPdfRows at least 1.").ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(sp => new ReportFonts(sp.GetRequiredService<IOptions<ReportOptions>>().Value.FontDirectory));
        services.TryAddSingleton<IAuditReports>(sp => new AuditReports(
            sp.GetRequiredService<IAuditReader>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<IAuditVerifier>(),
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<ReportFonts>(),
            sp.GetRequiredService<IOptions<ReportOptions>>().Value,
            sp.GetRequiredService<IOptions<AuditKitOptions>>().Value.Application,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ReportScheduler(
            sp.GetRequiredService<IAuditReports>(),
            sp.GetRequiredService<IAuditSettings>(),
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<IAuditContextAccessor>(),
            sp.GetServices<IReportChannel>(),
            sp.GetRequiredService<IOptions<ReportOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<ReportScheduler>()));
        services.TryAddSingleton<IAuditReportSchedules>(sp => new AuditReportSchedules(
            sp.GetRequiredService<IAuditSettings>(),
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IAuditContextAccessor>(),
            sp.GetServices<IReportChannel>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ReportSchedulerHostedService>());
        return builder;
    }
}
