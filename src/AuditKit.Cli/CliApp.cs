using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AuditKit.Sqlite;

namespace AuditKit.Cli;

/// <summary>The auditkit commands; exit codes 0 (intact, done), 1 (tampered, invalid), 2 (usage error).</summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Tampered = 1;
    public const int Usage = 2;
    public const int Unanchored = 3;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() }, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly JsonSerializerOptions JsonLines = new(Json) { WriteIndented = false };

    private const string Help = """
        auditkit verify       --store sqlite:<file> [--public-key <pem>] [--hmac-key-file <file>] [--stream <n>] [--json]
                              [--checkpoints <folder of published checkpoints>] [--heads <folder of published heads>]
                              [--expect <stream>:<sequence>:<headhash>[,...]]   (heads default: <file>.heads beside a sqlite file)
        auditkit proof        --store sqlite:<file> --event <id|display id> [--out <file>]
        auditkit verify-proof --proof <file: proof or evidence pack> (--public-key <pem> | --hmac-key-file <file>) [--json]
        auditkit evidence     --store sqlite:<file> --events <id,LOG-2026-1,...> --out <file> [--description <text>]
        auditkit query        --store sqlite:<file> [--from <date>] [--to <date>] [--user <id>] [--action <a>] [--entity <type>] [--record <id>] [--text <words>] [--limit <n>] [--json]
        auditkit export       --store sqlite:<file> --out <file.jsonl> [query filters]
        auditkit stats        --store sqlite:<file> [--json]
        auditkit copy         --from <store> --to <store> [--from-schema <s>] [--to-schema <s>] [--batch <n>] [--json]
        stores: sqlite:<file> | postgres:<Npgsql connection string> (with --schema <name>, default auditkit); opened
                read-only by every command but copy's target
        exit codes: 0 intact/done, 1 tampered/invalid, 2 usage error (or not an AuditKit store),
                    3 verify: nothing tampered, but a stream starts after sequence 1 without an anchoring checkpoint
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await output.WriteLineAsync(Help).ConfigureAwait(false);
            return args.Length == 0 ? Usage : Ok;
        }

        CliArguments options;
        try
        {
            options = CliArguments.Parse(args.AsSpan(1));
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"auditkit: {ex.Message}").ConfigureAwait(false);
            return Usage;
        }

        try
        {
            return args[0] switch
            {
                "verify" => await VerifyAsync(options, output, cancellationToken).ConfigureAwait(false),
                "proof" => await ProofAsync(options, output, cancellationToken).ConfigureAwait(false),
                "verify-proof" => await VerifyProofAsync(options, output).ConfigureAwait(false),
                "evidence" => await EvidenceAsync(options, output, cancellationToken).ConfigureAwait(false),
                "query" => await QueryAsync(options, output, cancellationToken).ConfigureAwait(false),
                "export" => await ExportAsync(options, output, cancellationToken).ConfigureAwait(false),
                "stats" => await StatsAsync(options, output, cancellationToken).ConfigureAwait(false),
                "copy" => await CopyAsync(options, output, cancellationToken).ConfigureAwait(false),
                _ => throw new CliUsageException($"unknown command '{args[0]}'. Run 'auditkit --help'."),
            };
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"auditkit: {ex.Message}").ConfigureAwait(false);
            return Usage;
        }
    }

    private static async Task<int> VerifyAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "public-key", "hmac-key-file", "stream", "json", "checkpoints", "heads", "expect");
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

        var anchorText = report.AnchorsChecked > 0 ? $" Held against {report.AnchorsChecked} published checkpoint(s)/head(s) kept outside the store." : string.Empty;
        if (a.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { intact = report.Intact, anchored = report.UnanchoredStarts.Count == 0, report.EventsChecked, report.CheckpointsChecked, report.AnchorsChecked, report.Issues, report.UnanchoredStarts }, Json)).ConfigureAwait(false);
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
        }

        return !report.Intact ? Tampered : report.UnanchoredStarts.Count > 0 ? Unanchored : Ok;
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

    private static async Task<int> ProofAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "event", "out");
        await using var store = await OpenStoreAsync(a, ct).ConfigureAwait(false);
        var id = a.Required("event");
        AuditEvent? e = Guid.TryParse(id, out var guid)
            ? await store.GetAsync(guid, ct).ConfigureAwait(false)
            : AuditEventDisplayId.TryParse(id, out _, out _) ? await store.GetAsync(id, ct).ConfigureAwait(false)
            : throw new CliUsageException($"--event '{id}' is neither an event id nor a display id (LOG-2026-123).");
        var proof = e is null ? null : await AuditIntegrity.CreateVerifier(store).GetProofAsync(e.Id, ct).ConfigureAwait(false);
        if (proof is null)
        {
            await output.WriteLineAsync(e is null ? $"No event {id}." : $"Event {id} is not covered by a checkpoint yet.").ConfigureAwait(false);
            return Tampered;
        }

        if (a.Value("out") is { } path)
        {
            await File.WriteAllTextAsync(path, proof.ToJson(), ct).ConfigureAwait(false);
            await output.WriteLineAsync($"Proof of {e!.DisplayId} written to {path}.").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(proof.ToJson()).ConfigureAwait(false);
        }

        return Ok;
    }

    private static async Task<int> VerifyProofAsync(CliArguments a, TextWriter output)
    {
        a.Allow("proof", "public-key", "hmac-key-file", "json");
        var path = a.Required("proof");
        if (!File.Exists(path))
        {
            throw new CliUsageException($"--proof file '{path}' does not exist.");
        }

        var text = await File.ReadAllTextAsync(path).ConfigureAwait(false);
        if (text.Contains("\"auditkit.evidence.v1\"", StringComparison.Ordinal))
        {
            try
            {
                var pack = EvidencePack.FromJson(text);
                var intact = pack.Verify(Key(a, required: true)!);
                await output.WriteLineAsync(intact ? $"VALID: all {pack.Proofs.Count} proofs of \"{pack.Description}\" verify." : "INVALID: at least one proof of the pack does not verify with this key.").ConfigureAwait(false);
                return intact ? Ok : Tampered;
            }
            catch (FormatException ex)
            {
                await output.WriteLineAsync($"INVALID: {ex.Message}").ConfigureAwait(false);
                return Tampered;
            }
        }

        AuditProof proof;
        try
        {
            proof = AuditProof.FromJson(text);
        }
        catch (FormatException ex)
        {
            await output.WriteLineAsync($"INVALID: {ex.Message}").ConfigureAwait(false);
            return Tampered;
        }

        var valid = proof.Verify(Key(a, required: true)!);
        await output.WriteLineAsync(a.Flag("json")
            ? JsonSerializer.Serialize(new { valid, proof.Checkpoint.StreamId, sequence = proof.Checkpoint.FromSequence + proof.LeafIndex, proof.Hash }, Json)
            : valid ? $"VALID: the event is sequence {proof.Checkpoint.FromSequence + proof.LeafIndex} of stream {proof.Checkpoint.StreamId}, covered by checkpoint {proof.Checkpoint.FromSequence}-{proof.Checkpoint.ToSequence} signed by {proof.Checkpoint.KeyId}."
            : "INVALID: the proof does not verify with this key.").ConfigureAwait(false);
        return valid ? Ok : Tampered;
    }

    private static async Task<int> EvidenceAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "events", "description", "out");
        await using var store = await OpenStoreAsync(a, ct).ConfigureAwait(false);
        var ids = new List<Guid>();
        foreach (var id in a.Required("events").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var e = Guid.TryParse(id, out var guid) ? await store.GetAsync(guid, ct).ConfigureAwait(false)
                : AuditEventDisplayId.TryParse(id, out _, out _) ? await store.GetAsync(id, ct).ConfigureAwait(false)
                : throw new CliUsageException($"--events: '{id}' is neither an event id nor a display id.");
            ids.Add(e?.Id ?? throw new CliUsageException($"--events: no event {id}."));
        }

        EvidencePack pack;
        try
        {
            pack = await AuditIntegrity.CreateVerifier(store).CreateEvidencePackAsync(ids, a.Value("description") ?? "Evidence", ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            await output.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return Tampered;
        }

        var path = a.Required("out");
        await File.WriteAllTextAsync(path, pack.ToJson(), ct).ConfigureAwait(false);
        await output.WriteLineAsync($"Evidence pack of {pack.Proofs.Count} events written to {path}.").ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> QueryAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "from", "to", "user", "action", "entity", "record", "text", "limit", "json");
        await using var store = await OpenStoreAsync(a, ct).ConfigureAwait(false);
        var query = Query(a) with { PageSize = a.Int("limit") ?? 50 };
        var page = await store.QueryAsync(query, ct).ConfigureAwait(false);
        var total = await store.CountAsync(query, ct).ConfigureAwait(false);
        if (a.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { total, events = page.Events.Select(Row) }, Json)).ConfigureAwait(false);
            return Ok;
        }

        await output.WriteLineAsync($"Results: {total:N0} events").ConfigureAwait(false);
        foreach (var e in page.Events)
        {
            await output.WriteLineAsync($"{e.DisplayId,-18} {e.Timestamp:yyyy-MM-dd HH:mm:ss} {e.Actor?.Name ?? e.Actor?.Id ?? "-",-16} {e.Action,-14} {e.Target?.EntityType ?? "-",-12} {e.Target?.RecordId ?? "-",-12} {e.Message}").ConfigureAwait(false);
        }

        return Ok;
    }

    private static async Task<int> ExportAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "from", "to", "user", "action", "entity", "record", "text", "out");
        await using var store = await OpenStoreAsync(a, ct).ConfigureAwait(false);
        var path = a.Required("out");
        var query = Query(a) with { PageSize = AuditQuery.MaxPageSize };
        long count = 0;
        await using (var file = new StreamWriter(path))
        {
            string? cursor = null;
            do
            {
                var page = await store.QueryAsync(query with { Cursor = cursor }, ct).ConfigureAwait(false);
                foreach (var e in page.Events)
                {
                    await file.WriteLineAsync(JsonSerializer.Serialize(Row(e), JsonLines)).ConfigureAwait(false);
                    count++;
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        await output.WriteLineAsync($"Exported {count:N0} events to {path}.").ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> StatsAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "json");
        await using var store = await OpenStoreAsync(a, ct).ConfigureAwait(false);
        var info = await store.GetStorageInfoAsync(ct).ConfigureAwait(false);
        if (a.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(info, Json)).ConfigureAwait(false);
            return Ok;
        }

        await output.WriteLineAsync($"Events: {info.EventCount:N0}").ConfigureAwait(false);
        await output.WriteLineAsync($"Size: {info.SizeBytes / 1024.0 / 1024.0:0.0} MB").ConfigureAwait(false);
        await output.WriteLineAsync($"Range: {info.OldestTimestamp:O} - {info.NewestTimestamp:O}").ConfigureAwait(false);
        foreach (var s in info.Streams)
        {
            await output.WriteLineAsync($"Stream {s.StreamId}: {s.EventCount:N0} events, head {s.LastSequence} {s.LastHash}").ConfigureAwait(false);
        }

        return Ok;
    }

    private static object Row(AuditEvent e) => new
    {
        id = e.Id,
        displayId = e.DisplayId,
        e.StreamId,
        e.Sequence,
        e.Timestamp,
        e.TenantId,
        e.Category,
        e.Action,
        e.Outcome,
        e.Risk,
        e.Message,
        e.Actor,
        e.Client,
        e.Target,
        e.Changes,
        e.CorrelationId,
        e.TraceId,
        e.Metadata,
        e.PreviousHash,
        e.Hash,
    };

    private static AuditQuery Query(CliArguments a) => new()
    {
        From = a.Date("from"),
        To = a.Date("to"),
        ActorIds = a.Value("user") is { } user ? [user] : null,
        Actions = a.Value("action") is { } action ? [action] : null,
        EntityTypes = a.Value("entity") is { } entity ? [entity] : null,
        RecordId = a.Value("record"),
        Text = a.Value("text"),
    };

    private static Task<AuditStore> OpenStoreAsync(CliArguments a, CancellationToken ct) => OpenReadOnlyAsync(a.Required("store"), a.Value("schema"), "store", ct);

    // Readers never write: the store is opened read-only (nothing created, migrated or partitioned) and must
    // already be an AuditKit store of a schema version this tool reads; anything else is a usage error.
    private static async Task<AuditStore> OpenReadOnlyAsync(string spec, string? schema, string option, CancellationToken ct)
    {
        var store = OpenStore(spec, schema, readOnly: true, option);
        try
        {
            await store.InitializeAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch (InvalidOperationException ex)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new CliUsageException($"--{option}: {ex.Message}");
        }
    }

    // sqlite:<file> or postgres:<Npgsql connection string> (schema from --schema, default auditkit).
    private static AuditStore OpenStore(string spec, string? schema, bool readOnly, string option)
    {
        if (spec.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
        {
            var connection = spec[(spec.IndexOf(':', StringComparison.Ordinal) + 1)..];
            try
            {
                return new AuditKit.PostgreSql.PostgreSqlAuditStore(new AuditKit.PostgreSql.PostgreSqlAuditStoreOptions { ConnectionString = connection, Schema = schema ?? "auditkit", ReadOnly = readOnly });
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException($"--{option}: {ex.Message}");
            }
        }

        if (!spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"--{option} '{spec}' is not supported; use sqlite:<file> or postgres:<connection string>.");
        }

        var path = spec["sqlite:".Length..];
        if (readOnly && !File.Exists(path))
        {
            throw new CliUsageException($"--{option} file '{path}' does not exist.");
        }

        var mode = readOnly ? Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly : Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate;
        return new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Mode = mode }.ToString() });
    }

    // Copies every stream (events with their hashes, seals and checkpoints) from one store to another, in
    // sequence order and batches; appends are idempotent, so an interrupted copy can simply be run again.
    // Each target stream is held while it is copied, so no live writer can write it meanwhile.
    private static async Task<int> CopyAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("from", "to", "from-schema", "to-schema", "batch", "json");
        await using var source = await OpenReadOnlyAsync(a.Required("from"), a.Value("from-schema"), "from", ct).ConfigureAwait(false);
        await using var target = OpenStore(a.Required("to"), a.Value("to-schema"), readOnly: false, "to");
        var batchSize = a.Int("batch") ?? 5_000;
        if (batchSize < 1)
        {
            throw new CliUsageException("--batch must be positive.");
        }

        await target.InitializeAsync(ct).ConfigureAwait(false);
        var info = await source.GetStorageInfoAsync(ct).ConfigureAwait(false);
        var copied = new List<object>();
        foreach (var stream in info.Streams)
        {
            await using var lease = await target.OpenStreamAsync(stream.StreamId, "auditkit copy", ct).ConfigureAwait(false);
            long events = 0;
            var batch = new List<AuditEvent>(batchSize);
            await foreach (var e in source.ReadStreamAsync(stream.StreamId, Math.Max(1, lease.LastSequence + 1), ct).ConfigureAwait(false))
            {
                batch.Add(e);
                if (batch.Count == batchSize)
                {
                    await target.AppendAsync(batch, ct).ConfigureAwait(false);
                    events += batch.Count;
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await target.AppendAsync(batch, ct).ConfigureAwait(false);
                events += batch.Count;
            }

            var checkpoints = await source.GetCheckpointsAsync(stream.StreamId, ct).ConfigureAwait(false);
            foreach (var checkpoint in checkpoints)
            {
                await target.AppendCheckpointAsync(checkpoint, ct).ConfigureAwait(false);
            }

            copied.Add(new { stream = stream.StreamId, events, skipped = lease.LastSequence, checkpoints = checkpoints.Count });
            if (!a.Flag("json"))
            {
                await output.WriteLineAsync($"stream {stream.StreamId}: {events:N0} events copied ({lease.LastSequence:N0} already there), {checkpoints.Count} checkpoints").ConfigureAwait(false);
            }
        }

        if (a.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(copied, Json)).ConfigureAwait(false);
        }

        return Ok;
    }

    private static CheckpointVerifier? Key(CliArguments a, bool required)
    {
        if (a.Value("public-key") is { } pem)
        {
            if (!File.Exists(pem))
            {
                throw new CliUsageException($"--public-key file '{pem}' does not exist.");
            }

            try
            {
                return CheckpointVerifier.FromPublicKeyPem(File.ReadAllText(pem));
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException($"--public-key '{pem}' is not a PEM public key: {ex.Message}");
            }
        }

        if (a.Value("hmac-key-file") is { } secret)
        {
            if (!File.Exists(secret))
            {
                throw new CliUsageException($"--hmac-key-file '{secret}' does not exist.");
            }

            return CheckpointVerifier.FromHmacKey(File.ReadAllBytes(secret));
        }

        return required ? throw new CliUsageException("a key is needed: --public-key <pem> or --hmac-key-file <file>.") : null;
    }
}
