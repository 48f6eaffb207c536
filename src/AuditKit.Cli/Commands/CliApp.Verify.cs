using System.Globalization;
using System.Text.Json;

namespace AuditKit.Cli;

/// <summary>`auditkit verify`: the chain, checkpoints and anchors of a store.</summary>
internal static partial class CliApp
{
    private static async Task<int> VerifyAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "public-key", "hmac-key-file", "stream", "json", "checkpoints", "heads", "expect", "archives", "archive-key-file", "archive-key-id");
        var anchors = Anchors(a);
        await using var store = await OpenStoreAsync(a, ct).ConfigureAwait(false);
        VerificationReport report;
        try
        {
            report = await AuditIntegrity.CreateVerifier(store, anchors).VerifyAsync(Key(a, required: false), a.Int("stream"), ct).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException(ex.Message); // an unreadable published checkpoint or head, named
        }

        var (archives, archivedEvents, archiveProblems) = a.Value("archives") is null ? (0, 0L, new List<string>()) : await VerifyArchivesAsync(a, store, ct).ConfigureAwait(false);
        var anchorText = report.AnchorsChecked > 0 ? $" Held against {report.AnchorsChecked} published checkpoint(s)/head(s) kept outside the store." : string.Empty;
        if (a.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { intact = report.Intact && archiveProblems.Count == 0, anchored = report.UnanchoredStarts.Count == 0, report.EventsChecked, report.CheckpointsChecked, report.AnchorsChecked, report.Issues, report.UnanchoredStarts, archivesChecked = archives, archivedEventsChecked = archivedEvents, archiveIssues = archiveProblems }, Json)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(!report.Intact
                ? $"TAMPERED: {report.Issues.Count} issue(s) in {report.EventsChecked:N0} events and {report.CheckpointsChecked} checkpoints.{anchorText}"
                : report.UnanchoredStarts.Count > 0
                    ? $"UNANCHORED: {report.EventsChecked:N0} events and {report.CheckpointsChecked} checkpoints verified, but {report.UnanchoredStarts.Count} stream(s) start without an anchoring checkpoint.{anchorText}"
                    : $"INTACT: {report.EventsChecked:N0} events and {report.CheckpointsChecked} checkpoints verified.{anchorText}").ConfigureAwait(false);
            foreach (var issue in report.Issues)
            {
                var range = issue.LastSequence == issue.Sequence ? $"{issue.Sequence}" : $"{issue.Sequence}-{issue.LastSequence}";
                await output.WriteLineAsync($"  {issue.Kind} stream {issue.StreamId} sequence {range}: {issue.Detail}").ConfigureAwait(false);
            }

            foreach (var start in report.UnanchoredStarts)
            {
                await output.WriteLineAsync($"  UnanchoredStart stream {start.StreamId} sequence {start.FirstSequence}: {start.Detail}").ConfigureAwait(false);
            }

            if (a.Value("archives") is not null)
            {
                await output.WriteLineAsync(archiveProblems.Count == 0
                    ? $"ARCHIVES INTACT: {archives} archive(s) with {archivedEvents:N0} events verified, each event matching its tombstone in the store."
                    : $"ARCHIVES TAMPERED: {archiveProblems.Count} issue(s) in {archives} archive(s).").ConfigureAwait(false);
                foreach (var problem in archiveProblems)
                {
                    await output.WriteLineAsync("  " + problem).ConfigureAwait(false);
                }
            }
        }

        return !report.Intact || archiveProblems.Count > 0 ? Tampered : report.UnanchoredStarts.Count > 0 ? Unanchored : Ok;
    }

    // --checkpoints, --heads (default: beside a sqlite file, when there) and --expect stream:sequence:hash,...
    private static AuditVerifierOptions Anchors(CliArguments a)
    {
        var options = new AuditVerifierOptions { CheckpointDirectory = a.Value("checkpoints"), HeadDirectory = a.Value("heads") };
        foreach (var (option, folder) in new[] { ("checkpoints", options.CheckpointDirectory), ("heads", options.HeadDirectory) })
        {
            if (folder is not null && !Directory.Exists(folder))
            {
                throw new CliUsageException($"--{option} folder '{folder}' does not exist.");
            }
        }

        var store = a.Required("store");
        if (options.HeadDirectory is null && store.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) && Directory.Exists(store["sqlite:".Length..] + ".heads"))
        {
            options.HeadDirectory = store["sqlite:".Length..] + ".heads";
        }

        foreach (var expect in (a.Value("expect") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = expect.Split(':');
            if (parts.Length != 3
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var stream) || stream < 1
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1
                || parts[2].Length != 64 || !parts[2].All(char.IsAsciiHexDigit))
            {
                throw new CliUsageException($"--expect '{expect}' is not <stream>:<sequence>:<64 hex digits of the head hash>.");
            }

            options.ExpectedHeads.Add(new AuditHead(stream, sequence, parts[2].ToLowerInvariant(), DateTimeOffset.MinValue));
        }

        return options;
    }
}
