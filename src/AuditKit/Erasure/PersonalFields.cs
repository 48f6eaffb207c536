namespace AuditKit;

/// <summary>
/// The event fields that can be stored as salted commitments and erased later without breaking the chain
/// (docs/integrity.md, "Erasure"). Identifiers (actor id, record id, tenant, session) are not erasable: they
/// are how events are found and linked, and should be pseudonymous keys rather than personal data.
/// </summary>
[Flags]
public enum PersonalFields
{
    /// <summary>Nothing is sealed: every value is hashed as plain text and cannot be erased.</summary>
    None = 0,

    /// <summary><see cref="AuditActor.Name"/> (<c>actor.name</c>).</summary>
    ActorName = 1,

    /// <summary><see cref="AuditActor.Email"/> (<c>actor.email</c>).</summary>
    ActorEmail = 2,

    /// <summary><see cref="AuditClient.IpAddress"/> (<c>client.ipAddress</c>).</summary>
    ClientIpAddress = 4,

    /// <summary><see cref="AuditClient.Location"/> (<c>client.location</c>).</summary>
    ClientLocation = 8,

    /// <summary><see cref="AuditClient.UserAgent"/> (<c>client.userAgent</c>).</summary>
    ClientUserAgent = 16,

    /// <summary><see cref="AuditClient.Device"/> (<c>client.device</c>).</summary>
    ClientDevice = 32,

    /// <summary><see cref="AuditTarget.RecordName"/> (<c>target.recordName</c>), for example a customer's name.</summary>
    RecordName = 64,

    /// <summary>The old, new and display values of changes marked personal (<see cref="FieldChange.IsPersonal"/>, <see cref="AuditPersonalAttribute"/>).</summary>
    PersonalChanges = 128,

    /// <summary>Every erasable field.</summary>
    All = ActorName | ActorEmail | ClientIpAddress | ClientLocation | ClientUserAgent | ClientDevice | RecordName | PersonalChanges,
}
