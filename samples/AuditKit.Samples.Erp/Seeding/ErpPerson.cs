using AuditKit.Samples.Erp.Data;

namespace AuditKit.Samples.Erp.Seeding;

/// <summary>A seeded user: the ERP account (role, password) and how they appear in the audit log (title, IP, device).</summary>
internal sealed record ErpPerson(string Id, string Name, string Role, string Title, string Ip, string Device, string Location, string TenantId)
{
    public string Email => $"{Id}@{TenantId}.example";

    public AuditActor Actor => new(Id, Name, Email, Title);

    public ErpUser ToUser(string passwordHash) =>
        new() { Id = Id, TenantId = TenantId, Name = Name, Email = Email, Role = Role, Title = Title, PasswordHash = passwordHash };
}
