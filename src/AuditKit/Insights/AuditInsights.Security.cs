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
        var byRiskTask = AggregateAsync(from, to, AggregateDimension.Risk, security, cancellationToken);
        var failuresTask = AggregateAsync(from, to, AggregateDimension.Actor, new AuditQuery { Actions = [AuditActions.LoginFailed], TenantId = request.TenantId }, cancellationToken);
        var lockedTask = AggregateAsync(from, to, AggregateDimension.Actor, new AuditQuery { Actions = [AuditActions.AccountLocked], TenantId = request.TenantId }, cancellationToken);
        var recentTask = reader.QueryAsync(security with { PageSize = request.RecentCount }, cancellationToken);
        await Task.WhenAll(byActionTask, byRiskTask, failuresTask, lockedTask, recentTask).ConfigureAwait(false);

        var risks = (await byRiskTask.ConfigureAwait(false)).ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);
        var byRisk = Enum.GetValues<RiskLevel>().Select(level => new RiskCount(level, risks.GetValueOrDefault(level.ToString()))).ToList();

        var locked = new List<LockedAccount>();
        foreach (var account in (await lockedTask.ConfigureAwait(false)).Select(c => c.Key).Where(a => a.Length > 0).Take(AuditQuery.MaxPageSize))
        {
            // The account's newest lock in the period; still locked unless it signed in successfully after it.
            var newest = (await reader.QueryAsync(
                new AuditQuery { ActorIds = [account], Actions = [AuditActions.AccountLocked], TenantId = request.TenantId, From = from, To = to, PageSize = 1 }, cancellationToken).ConfigureAwait(false)).Events;
            if (newest is not [var lockEvent])
            {
                continue;
            }

            var since = await reader.CountAsync(
                new AuditQuery { ActorIds = [account], Actions = [AuditActions.Login], TenantId = request.TenantId, From = lockEvent.Timestamp }, cancellationToken).ConfigureAwait(false);
            if (since == 0)
            {
                locked.Add(new LockedAccount(account, lockEvent.Actor?.Name, lockEvent.Timestamp));
            }
        }

        locked.Sort((a, b) => b.LockedAt.CompareTo(a.LockedAt));
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
