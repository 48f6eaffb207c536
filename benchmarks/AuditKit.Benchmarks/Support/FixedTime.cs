namespace AuditKit.Benchmarks.Support;

/// <summary>A clock that always says <paramref name="now"/>, so windowed reads cover the same events in every iteration.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
