namespace AuditKit.Interop;

/// <summary>A registered forwarding: its subscription name and the subscriber type that delivers it (for backfill).</summary>
internal sealed record ForwardingRegistration(string Name, Type SubscriberType);
