using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

#pragma warning disable EF1001 // Interceptors is EF Core's internal service; see the summary for why it is extended.

namespace AuditKit;

/// <summary>
/// EF Core's interceptor registry for one context, with AuditKit's command interceptor left out while a
/// <c>SaveChanges</c> runs. EF Core builds event data (a command id, timings, five event objects) for every command
/// of every context that has any <see cref="IDbCommandInterceptor"/> — on SQLite, which sends each modified row as
/// its own command, that was ~0.3–0.4 ms of a 100-row save (docs/entity-framework.md). The command interceptor only
/// acts on <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> and tagged projections, never on a save's own statements, so
/// during a save it is not offered: with no other command interceptor, EF Core skips the event data altogether.
/// Other command interceptors of the application still see every command.
/// </summary>
/// <remarks>
/// EF Core remembers for <c>LoggingCacheTime</c> that a command needed no event data and skips the check meanwhile;
/// <see cref="SaveScopedCommandLogger"/> lets it do so only during a save, so a bulk statement right after a save is
/// intercepted again.
/// </remarks>
internal sealed class SaveScopedInterceptors : Interceptors
{
    private readonly IServiceProvider _serviceProvider;
    private readonly IEnumerable<IInterceptor> _injected;
    private readonly IInterceptorAggregator _commandAggregator;
    private bool _others;
    private IDbCommandInterceptor? _othersAggregate;

    public SaveScopedInterceptors(IServiceProvider serviceProvider, IEnumerable<IInterceptor> injectedInterceptors, IEnumerable<IInterceptorAggregator> interceptorAggregators)
        : base(serviceProvider, injectedInterceptors, interceptorAggregators)
    {
        _serviceProvider = serviceProvider;
        _injected = injectedInterceptors;
        _commandAggregator = interceptorAggregators.First(a => a.InterceptorType == typeof(IDbCommandInterceptor));
    }

    /// <summary>Whether a save of this context is in progress (set and cleared by <see cref="SaveChangesAuditInterceptor"/>).</summary>
    public bool Saving { get; set; }

    /// <inheritdoc />
    public override TInterceptor? Aggregate<TInterceptor>()
        where TInterceptor : class
    {
        if (!Saving || typeof(TInterceptor) != typeof(IDbCommandInterceptor))
        {
            return base.Aggregate<TInterceptor>();
        }

        if (!_others)
        {
            var options = _serviceProvider.GetService<IDbContextOptions>()?.FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
            var rest = _injected.Concat(options).Where(i => i is IDbCommandInterceptor and not CommandAuditInterceptor).ToList();
            _othersAggregate = rest.Count == 0 ? null : (IDbCommandInterceptor?)_commandAggregator.AggregateInterceptors(rest);
            _others = true;
        }

        return (TInterceptor?)_othersAggregate;
    }
}
