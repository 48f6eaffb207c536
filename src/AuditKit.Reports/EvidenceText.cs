using System.Globalization;

namespace AuditKit.Reports;

/// <summary>The evidence section as label/value lines, the same in the PDF and in the JSON Lines evidence record's text.</summary>
internal static class EvidenceText
{
    public static IReadOnlyList<(string Label, string Value)> Lines(ReportEvidence evidence)
    {
        var lines = new List<(string, string)>
        {
            ("Verified at", ReportCells.Time(evidence.VerifiedAt)),
            ("Result", evidence.Streams.Count == 0
                ? "No events in range: nothing to tie to the log."
                : evidence.Intact ? "INTACT: every range below re-hashed and linked with no finding." : "NOT INTACT: see the findings below."),
        };
        foreach (var s in evidence.Streams)
        {
            var prefix = $"Stream {s.StreamId}";
            lines.Add(($"{prefix} events", $"{N(s.Events)} event(s), sequences {N(s.FirstSequence)} to {N(s.LastSequence)}"));
            lines.Add(($"{prefix} first", $"sequence {N(s.FirstSequence)} hash {s.FirstHash}"));
            lines.Add(($"{prefix} last", $"sequence {N(s.LastSequence)} hash {s.LastHash}"));
            lines.Add(($"{prefix} verification", s.IssuesInRange.Count == 0
                ? $"intact ({N(s.EventsVerified)} events of the stream re-hashed; {s.IssuesInStream} finding(s) outside the range)"
                : $"{s.IssuesInRange.Count} finding(s) in range: " + string.Join(" | ", s.IssuesInRange.Take(5).Select(i => $"{i.Kind} {i.Sequence}-{i.LastSequence}: {i.Detail}"))));
            lines.Add(($"{prefix} checkpoint", s.Checkpoint is { } c
                ? $"sequences {N(c.FromSequence)} to {N(c.ToSequence)}, head {c.HeadHash}, Merkle root {c.MerkleRoot}, {ReportCells.Time(c.Timestamp)}, key {c.KeyId} ({c.Algorithm}), signature {Signature(s.CheckpointSignatureValid)}"
                : "none covers this range yet"));
        }

        lines.Add(("Reproduce", "auditkit verify --store <store> --stream <n> (with --public-key to check checkpoint signatures)"));
        return lines;
    }

    private static string Signature(bool? valid) => valid switch
    {
        true => "valid",
        false => "INVALID",
        null => "not checked (no verification key configured)",
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
