namespace AuditKit;

internal sealed partial class AuditInsights
{
    public async Task<SecurityOverview> GetSecurityOverviewAsync(SecurityOverviewRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new SecurityOverviewRequest();
        ArgumentOutOfRangeException.ThrowIfNegative(request.TopAccounts, "request.TopAccounts");
        ArgumentOutOfRangeException.ThrowIfLessThan(request.RecentCount, 1, "request.RecentCount");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.RecentCount, AuditQuery.MaxPageSize, "request.RecentCount");
        var to = request.To ?? timeProvider.GetUtcNow();
        var from = request.From ?? to.AddDays(-7);
        if (from > to)
        {
            throw new ArgumentException($"SecurityOverviewRequest.From ({from:O}) is after To ({to:O}).", nameof(request));
        }

        var security = new AuditQuery { Categories = [AuditCategory.Security], TenantId = request.TenantId, From = from, To = to };
        var byActionTask = AggregateAsync(from, to, AggregateDimension.Action, security, cancellationToken);
        var failuresTask = AggregateAsync(from, to, AggregateDimension.Actor, security with { Actions = [AuditActions.LoginFailed] }, cancellationToken);
        var atLeastTasks = Enum.GetValues<RiskLevel>().Select(level => reader.CountAsync(security with { MinimumRisk = level }, cancellationToken)).ToArray();
        var recentTask = reader.QueryAsync(security with { PageSize = request.RecentCount }, cancellationToken);
        var locksTask = reader.QueryAsync(security with { Actions = [AuditActions.AccountLocked], PageSize = AuditQuery.MaxPageSize }, cancellationToken);
        await Task.WhenAll([byActionTask, failuresTask, recentTask, locksTask, .. atLeastTasks]).ConfigureAwait(false);

        // Counts at or above each level, turned into counts per level.
        var levels = Enum.GetValues<RiskLevel>();
        var atLeast = new long[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            atLeast[i] = await atLeastTasks[i].ConfigureAwait(false);
        }

        var byRisk = levels.Select((level, i) => new RiskCount(level, atLeast[i] - (i + 1 < levels.Length ? atLeast[i + 1] : 0))).ToList();

        var locked = new List<LockedAccount>();
        foreach (var lockEvent in (await locksTask.ConfigureAwait(false)).Events)
        {
            if (lockEvent.Actor?.Id is not { } account || locked.Exists(l => l.ActorId == account))
            {
                continue;
            }

            // Still locked unless the account signed in successfully after its newest lock.
            var since = await reader.CountAsync(
                new AuditQuery { ActorIds = [account], Actions = [AuditActions.Login], TenantId = request.TenantId, From = lockEvent.Timestamp }, cancellationToken).ConfigureAwait(false);
            if (since == 0)
            {
                locked.Add(new LockedAccount(account, lockEvent.Actor.Name, lockEvent.Timestamp));
            }
        }

        return new SecurityOverview(
            from,
            to,
            [.. (await byActionTask.ConfigureAwait(false)).OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)],
            byRisk,
            [.. (await failuresTask.ConfigureAwait(false)).OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).Take(request.TopAccounts)],
            locked,
            [.. (await recentTask.ConfigureAwait(false)).Events.Select(e => new EventStatusRow(e, e.SecurityStatus()))]);
    }
}
