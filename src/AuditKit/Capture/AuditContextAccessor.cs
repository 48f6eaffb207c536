namespace AuditKit;

internal sealed class AuditContextAccessor : IAuditContextAccessor
{
    private readonly AsyncLocal<AuditContext?> _current = new();

    public AuditContext? Current => _current.Value;

    public IDisposable BeginScope(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scope = new Scope(this, _current.Value);
        _current.Value = context;
        return scope;
    }

    private sealed class Scope(AuditContextAccessor owner, AuditContext? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                owner._current.Value = previous;
            }
        }
    }
}
