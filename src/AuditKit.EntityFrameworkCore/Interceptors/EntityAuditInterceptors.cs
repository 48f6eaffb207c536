using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AuditKit;

/// <summary>The application's one set of interceptors (a singleton: EF Core caches its internal services per set of singleton interceptors).</summary>
internal sealed class EntityAuditInterceptors(EntityAuditor auditor, bool interceptCommands)
{
    /// <summary>Whether the set holds the command interceptor (bulk statements, projections).</summary>
    public bool InterceptsCommands => interceptCommands;

    public IInterceptor[] All { get; } = interceptCommands
        ?
        [
            new SaveChangesAuditInterceptor(auditor),
            new TransactionAuditInterceptor(auditor),
            new CommandAuditInterceptor(auditor),
            new ViewAuditInterceptor(auditor),
            new ProjectionViewInterceptor(),
        ]
        :
        [
            new SaveChangesAuditInterceptor(auditor),
            new TransactionAuditInterceptor(auditor),
        ];
}
