namespace AuditKit;

/// <summary>Who performed an action (OCSF "actor").</summary>
/// <param name="Id">A stable identifier of the actor (user id, client id); used for the "User" filter.</param>
/// <param name="Name">The name shown on screens ("John Smith", "System", "API (Main)").</param>
/// <param name="Email">The actor's e-mail address, if any.</param>
/// <param name="Role">The actor's role at the time of the event ("Sales Manager").</param>
/// <param name="Kind">What kind of party the actor is.</param>
public sealed record AuditActor(string? Id, string? Name = null, string? Email = null, string? Role = null, ActorKind Kind = ActorKind.User)
{
    /// <summary>The application itself, for scheduled jobs and background work.</summary>
    public static AuditActor System { get; } = new("system", "System", Kind: ActorKind.System);
}
