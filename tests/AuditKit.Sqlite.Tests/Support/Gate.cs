namespace AuditKit.Sqlite.Tests.Support;

/// <summary>
/// A point in another task's work that the test opens: the first caller of <see cref="PassAsync"/> marks
/// <see cref="Entered"/> and every caller waits until <see cref="Open"/>.
/// </summary>
public sealed class Gate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first caller has reached the gate.</summary>
    public Task Entered => _entered.Task;

    public Task PassAsync()
    {
        _entered.TrySetResult();
        return _opened.Task;
    }

    public void Open() => _opened.TrySetResult();
}
