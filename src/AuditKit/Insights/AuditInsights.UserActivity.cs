namespace AuditKit;

internal sealed partial class AuditInsights
{
    /// <summary>The most login and logout events read to pair sessions; beyond it the oldest are left out.</summary>
    internal const int MaxSessionEvents = 500;

    public async Task<UserActivity> GetUserActivityAsync(UserActivityRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.ActorId, "request.ActorId");
        ArgumentOutOfRangeException.ThrowIfNegative(request.TopModules, "request.TopModules");
        ArgumentOutOfRangeException.ThrowIfLessThan(request.RecentCount, 1, "request.RecentCount");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.RecentCount, AuditQuery.MaxPageSize, "request.RecentCount");
        var to = request.To ?? timeProvider.GetUtcNow();
        var from = request.From ?? to.AddDays(-30);
        if (from > to)
        {
            throw new ArgumentException($"UserActivityRequest.From ({from:O}) is after To ({to:O}).", nameof(request));
        }

        var actor = new AuditQuery { ActorIds = [request.ActorId], TenantId = request.TenantId };
        var byActionTask = AggregateAsync(from, to, AggregateDimension.Action, actor, cancellationToken);
        var byEntityTask = AggregateAsync(from, to, AggregateDimension.EntityType, actor, cancellationToken);
        var recentTask = reader.QueryAsync(actor with { From = from, To = to, PageSize = request.RecentCount }, cancellationToken);
        var sessionsTask = SessionEventsAsync(actor with { From = from, To = to, Actions = [AuditActions.Login, AuditActions.Logout] }, cancellationToken);
        await Task.WhenAll(byActionTask, byEntityTask, recentTask, sessionsTask).ConfigureAwait(false);

        var byAction = (await byActionTask.ConfigureAwait(false)).ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);
        long Of(string action) => byAction.GetValueOrDefault(action);
        var total = byAction.Values.Sum();
        var modules = (await byEntityTask.ConfigureAwait(false))
            .Where(c => !string.IsNullOrEmpty(c.Key))
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(request.TopModules)
            .Select(c => new ModuleActivity(c.Key, c.Count))
            .ToList();
        var other = total - modules.Sum(m => m.Count);
        if (other > 0)
        {
            modules.Add(new ModuleActivity("Other", other, IsOther: true));
        }

        var recent = (await recentTask.ConfigureAwait(false)).Events;
        var newest = recent.FirstOrDefault()?.Actor;
        return new UserActivity(
            request.ActorId,
            newest?.Name,
            newest?.Role,
            from,
            to,
            total,
            Of(AuditActions.Create),
            Of(AuditActions.Update),
            Of(AuditActions.Delete),
            Of(AuditActions.View),
            Of(AuditActions.ReportGenerated),
            Of(AuditActions.Export),
            modules,
            Sessions(Of(AuditActions.Login), await sessionsTask.ConfigureAwait(false)),
            Of(AuditActions.LoginFailed),
            Of(AuditActions.PasswordChanged),
            recent);
    }

    // Pairs logins with logouts, oldest first: by session id when the events carry one, else a logout closes the
    // newest open login without a session id. A login followed by another login without a session id never logged out.
    private static SessionSummary Sessions(long logins, List<AuditEvent> events)
    {
        var bySession = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? anonymous = null;
        var notLoggedOut = 0;
        var completed = 0;
        var total = TimeSpan.Zero;
        foreach (var e in events)
        {
            var session = e.Client?.SessionId;
            if (e.Action == AuditActions.Login)
            {
                if (session is null)
                {
                    notLoggedOut += anonymous is null ? 0 : 1;
                    anonymous = e.Timestamp;
                }
                else
                {
                    notLoggedOut += bySession.ContainsKey(session) ? 1 : 0;
                    bySession[session] = e.Timestamp;
                }

                continue;
            }

            DateTimeOffset start;
            if (session is not null && bySession.Remove(session, out var opened))
            {
                start = opened;
            }
            else if (anonymous is { } open)
            {
                start = open;
                anonymous = null;
            }
            else
            {
                continue; // a logout whose login is before the period
            }

            completed++;
            total += e.Timestamp - start;
        }

        notLoggedOut += bySession.Count + (anonymous is null ? 0 : 1);
        return new SessionSummary(logins, completed, completed == 0 ? null : total / completed, notLoggedOut);
    }

    private async Task<List<AuditEvent>> SessionEventsAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var events = new List<AuditEvent>();
        while (events.Count < MaxSessionEvents)
        {
            query = query with { PageSize = Math.Min(AuditQuery.MaxPageSize, MaxSessionEvents - events.Count) };
            var page = await reader.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Events);
            if (page.NextCursor is null)
            {
                break;
            }

            query = query with { Cursor = page.NextCursor };
        }

        events.Reverse(); // oldest first
        return events;
    }

    private Task<IReadOnlyList<AggregateCount>> AggregateAsync(DateTimeOffset from, DateTimeOffset to, AggregateDimension groupBy, AuditQuery filter, CancellationToken cancellationToken) =>
        reader.AggregateAsync(new AggregateQuery { From = from, To = to, GroupBy = groupBy, TenantId = filter.TenantId, Filter = filter }, cancellationToken);
}
