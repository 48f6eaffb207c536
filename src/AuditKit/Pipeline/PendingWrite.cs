namespace AuditKit;

/// <summary>One queue item: an event, its waiter when the caller awaits the commit, or a flush marker (no event).</summary>
internal readonly record struct PendingWrite(AuditEvent? Event, TaskCompletionSource<AuditEvent>? Waiter, TaskCompletionSource? Flush = null);
