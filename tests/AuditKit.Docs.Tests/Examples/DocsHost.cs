using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Docs.Examples;

/// <summary>
/// The host's objects a documentation block may use without declaring them (imported with <c>using static</c>):
/// the application builder and its services, the built host, AuditKit's builder inside <c>AddAuditKit</c>, and the
/// services a host resolves from it. Values a block needs beyond these (ids, dates, users) it declares itself.
/// Only compiled, never run: a block marked <c>run</c> must not use them.
/// </summary>
#pragma warning disable IDE1006, CA1707 // named as the variables of the examples
public static class DocsHost
{
    private static T None<T>() => throw new NotSupportedException("The documentation's ambient host objects exist only to compile the blocks.");

    public static HostApplicationBuilder builder => None<HostApplicationBuilder>();

    public static IServiceCollection services => None<IServiceCollection>();

    public static IHost app => None<IHost>();

    public static IAuditKitBuilder audit => None<IAuditKitBuilder>();

    public static IAuditLog auditLog => None<IAuditLog>();

    public static IAuditReader reader => None<IAuditReader>();

    public static IAuditVerifier verifier => None<IAuditVerifier>();

    public static IAuditEraser eraser => None<IAuditEraser>();

    public static IChangeDetector detector => None<IChangeDetector>();

    public static IAuditContextAccessor contextAccessor => None<IAuditContextAccessor>();

    public static ErpDbContext db => None<ErpDbContext>();
}
