namespace AuditKit.Samples.Erp.Data;

/// <summary>Where the sample keeps its files (the data folder with erp.db and audit.db) and whether it seeds history.</summary>
internal sealed record ErpStorage(string DataFolder, string ErpConnectionString, bool Seed);
