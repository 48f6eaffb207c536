namespace AuditKit;

/// <summary>
/// The writer's own thread: a pump that runs the writer's loop and whatever continuation is posted to it. The loop is
/// woken here by fire-and-forget events (<see cref="AuditQueue"/> posts the wake-up), and comes back here with
/// <see cref="SwitchTo"/> when it ran a batch on an awaiting caller's thread and finds more work: no thread-pool work
/// item per wake-up, and no spinning while idle (the thread sleeps in <see cref="Monitor.Wait(object)"/>).
/// </summary>
internal sealed class WriterThread
{
    private readonly object _gate = new();
    private readonly Queue<(Action<object?> Action, object? State)> _posted = new();
    private bool _done;
    private Thread? _thread;

    /// <summary>Whether the caller runs on this thread.</summary>
    public bool IsCurrent => ReferenceEquals(Thread.CurrentThread, _thread);

    /// <summary>Starts the thread and runs <paramref name="loop"/> on it; the task completes with the loop.</summary>
    public Task Start(Func<Task> loop)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() => Run(loop, finished)) { IsBackground = true, Name = "AuditKit writer" };
        _thread.UnsafeStart(); // the loop starts with the default execution context, not the starting host's
        return finished.Task;
    }

    /// <summary>Runs <paramref name="action"/> on this thread.</summary>
    public void Post(Action<object?> action, object? state)
    {
        lock (_gate)
        {
            _posted.Enqueue((action, state));
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>An awaitable that continues on this thread (completes at once when already on it).</summary>
    public SwitchAwaitable SwitchTo() => new(this);

    private void Run(Func<Task> loop, TaskCompletionSource finished)
    {
        Task task;
        try
        {
            task = loop();
        }
        catch (Exception ex)
        {
            finished.TrySetException(ex);
            return;
        }

        task.ContinueWith(
            static (_, state) =>
            {
                var self = (WriterThread)state!;
                lock (self._gate)
                {
                    self._done = true;
                    Monitor.Pulse(self._gate);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        while (true)
        {
            (Action<object?> Action, object? State) next;
            lock (_gate)
            {
                while (_posted.Count == 0 && !_done)
                {
                    Monitor.Wait(_gate);
                }

                if (_posted.Count == 0)
                {
                    break;
                }

                next = _posted.Dequeue();
            }

            next.Action(next.State); // the loop, until it waits on something that does not complete at once
        }

        if (task.IsFaulted)
        {
            finished.TrySetException(task.Exception!.InnerExceptions);
        }
        else if (task.IsCanceled)
        {
            finished.TrySetCanceled();
        }
        else
        {
            finished.TrySetResult();
        }
    }

    /// <summary>Awaits a hop onto the writer's thread.</summary>
    internal readonly struct SwitchAwaitable(WriterThread thread) : System.Runtime.CompilerServices.INotifyCompletion
    {
        public SwitchAwaitable GetAwaiter() => this;

        public bool IsCompleted => thread.IsCurrent;

        public void OnCompleted(Action continuation) => thread.Post(static c => ((Action)c!)(), continuation);

        public void GetResult()
        {
        }
    }
}
