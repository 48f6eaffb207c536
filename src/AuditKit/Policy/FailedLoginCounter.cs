namespace AuditKit;

/// <summary>
/// Each account's consecutive failed logins since its last successful one, for "Failed Login (3/5)". Only accounts
/// with failures are kept (a success removes the account), at most <see cref="MaxAccounts"/>: past that, the accounts
/// whose last failure is oldest are forgotten first. Rebuilt from the store at start-up (<see cref="LoadAsync"/>).
/// </summary>
internal sealed class FailedLoginCounter
{
    /// <summary>The most accounts tracked at once.</summary>
    public const int MaxAccounts = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string? Tenant, string Account), Entry> _failures = [];
    private long _clock;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _failures.Count;
            }
        }
    }

    /// <summary>Counts one more failure of the account and returns its number.</summary>
    public int Fail(string? tenant, string account)
    {
        lock (_lock)
        {
            var attempt = (_failures.TryGetValue((tenant, account), out var entry) ? entry.Failures : 0) + 1;
            Set(tenant, account, attempt);
            return attempt;
        }
    }

    /// <summary>Takes the attempt number the host passed (it knows best).</summary>
    public void Observe(string? tenant, string account, int attempt)
    {
        lock (_lock)
        {
            Set(tenant, account, attempt);
        }
    }

    /// <summary>A successful login: the account starts again from zero.</summary>
    public void Succeed(string? tenant, string account)
    {
        lock (_lock)
        {
            _failures.Remove((tenant, account));
        }
    }

    /// <summary>
    /// Rebuilds the counts from the store's Login and LoginFailed events since <paramref name="from"/>, newest first:
    /// an account's failures are counted until its newest success. Accounts seen since start-up keep their live count.
    /// </summary>
    public async Task LoadAsync(AuditStore store, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var decided = new HashSet<(string?, string)>();
        var counts = new Dictionary<(string?, string), int>();
        var query = new AuditQuery { From = from, Actions = [AuditActions.Login, AuditActions.LoginFailed], PageSize = 1000 };
        while (true)
        {
            var page = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var e in page.Events)
            {
                if (e.Actor?.Id is not { } account || decided.Contains((e.TenantId, account)))
                {
                    continue;
                }

                if (e.Action == AuditActions.Login)
                {
                    decided.Add((e.TenantId, account));
                }
                else
                {
                    counts[(e.TenantId, account)] = counts.GetValueOrDefault((e.TenantId, account)) + 1;
                }
            }

            if (page.NextCursor is null)
            {
                break;
            }

            query = query with { Cursor = page.NextCursor };
        }

        lock (_lock)
        {
            foreach (var ((tenant, account), failures) in counts)
            {
                if (!_failures.ContainsKey((tenant, account)))
                {
                    Set(tenant, account, failures);
                }
            }
        }
    }

    private void Set(string? tenant, string account, int failures)
    {
        _failures[(tenant, account)] = new Entry(failures, ++_clock);
        if (_failures.Count > MaxAccounts)
        {
            // Forget the tenth of the accounts whose last failure is oldest.
            foreach (var stale in _failures.OrderBy(f => f.Value.Touched).Take(MaxAccounts / 10).Select(f => f.Key).ToList())
            {
                _failures.Remove(stale);
            }
        }
    }

    private readonly record struct Entry(int Failures, long Touched);
}
