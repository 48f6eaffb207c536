namespace AuditKit;

/// <summary>One stored event as verification sees it: its position, its two hashes and its canonical bytes.</summary>
internal readonly record struct CanonicalRecord(long Sequence, byte[] PreviousHash, byte[] Hash, byte[] Canonical);
