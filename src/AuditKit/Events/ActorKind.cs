namespace AuditKit;

/// <summary>What kind of party performed an action.</summary>
public enum ActorKind
{
    /// <summary>A person signed in to the host application.</summary>
    User = 0,

    /// <summary>The application itself: a scheduled job, a background service.</summary>
    System = 1,

    /// <summary>A client calling an API with a key or token.</summary>
    ApiClient = 2,

    /// <summary>An external integration (a shop, a bank feed, a CRM).</summary>
    Integration = 3,
}
