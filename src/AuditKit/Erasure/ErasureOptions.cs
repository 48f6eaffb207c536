namespace AuditKit;

/// <summary>Which personal fields the writer seals so they can be erased later; set with <c>audit.AddErasure(...)</c>.</summary>
public sealed class ErasureOptions
{
    /// <summary>The fields stored as salted commitments. Default: none until <c>AddErasure</c> is called, then <see cref="PersonalFields.All"/>.</summary>
    public PersonalFields Fields { get; set; }
}
