namespace AuditKit.Samples.Erp.Data;

/// <summary>The sample's settings (section <c>Erp</c>: <c>--Erp:DataFolder=...</c>, <c>Erp__Seed=false</c>).</summary>
internal sealed class ErpOptions
{
    /// <summary>Where erp.db and audit.db live. Default: a <c>data</c> folder in the content root (beside the app).</summary>
    public string? DataFolder { get; set; }

    /// <summary>Whether the first start generates a month of history (and the records it speaks of). Default true.</summary>
    public bool Seed { get; set; } = true;
}
