namespace AuditKit;

/// <summary>
/// The writer's own thread. The writer's loop starts on it and, while the store completes its appends
/// synchronously (SQLite), never leaves it: an idle writer sleeps on <see cref="AuditQueue.WaitForItems"/> and a
/// caller's enqueue wakes this thread directly, instead of queueing a thread-pool work item to run the loop on
/// (whose worker then spins before it sleeps again). When an append or a back-off does yield (PostgreSQL's network
/// reads), the loop continues on the pool; <see cref="SwitchTo"/> brings it back here. No spinning while idle.
/// </summary>
internal sealed class WriterThread
{
    private readonly object _gate = new();
    private Action? _continuation;
    private bool _done;
    private Thread? _thread;

    /// <summary>Whether the caller runs on this thread.</summary>
    public bool IsCurrent => ReferenceEquals(Thread.CurrentThread, _thread);

    /// <summary>Starts the thread and runs <paramref name="loop"/> on it; the task completes with the loop.</summary>
    public Task Start(Func<Task> loop)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() => Run(loop, finished)) { IsBackground = true, Name = "AuditKit writer" };
        _thread.Start();
        return finished.Task;
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
            static (t, state) =>
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
            Action? next;
            lock (_gate)
            {
                while (_continuation is null && !_done)
                {
                    Monitor.Wait(_gate);
                }

                next = _continuation;
                _continuation = null;
            }

            if (next is null)
            {
                break;
            }

            next(); // the loop, until it waits on something that does not complete at once
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

    private void Post(Action continuation)
    {
        lock (_gate)
        {
            _continuation = continuation; // one loop, so at most one continuation waits at a time
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Awaits a hop onto the writer's thread.</summary>
    internal readonly struct SwitchAwaitable(WriterThread thread) : System.Runtime.CompilerServices.INotifyCompletion
    {
        public SwitchAwaitable GetAwaiter() => this;

        public bool IsCompleted => thread.IsCurrent;

        public void OnCompleted(Action continuation) => thread.Post(continuation);

        public void GetResult()
        {
        }
    }
}
