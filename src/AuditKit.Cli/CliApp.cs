using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AuditKit.Sqlite;

namespace AuditKit.Cli;

/// <summary>The auditkit commands; exit codes 0 (intact, done), 1 (tampered, invalid), 2 (usage error).</summary>
internal static partial class CliApp
{
    public const int Ok = 0;
    public const int Tampered = 1;
    public const int Usage = 2;
    public const int Unanchored = 3;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() }, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly JsonSerializerOptions JsonLines = new(Json) { WriteIndented = false };

    private const string Help = """
        auditkit verify       --store sqlite:<file> [--public-key <pem>] [--hmac-key-file <file>] [--stream <n>] [--json]
                              [--archives <folder> --archive-key-file <file: 64 hex digits> [--archive-key-id <id>]]
                              [--checkpoints <folder of published checkpoints>] [--heads <folder of published heads>]
                              [--expect <stream>:<sequence>:<headhash>[,...]]   (heads default: <file>.heads beside a sqlite file)
        auditkit proof        --store sqlite:<file> --event <id|display id> [--out <file>]
        auditkit verify-proof --proof <file: proof or evidence pack> (--public-key <pem> | --hmac-key-file <file>) [--json]
        auditkit evidence     --store sqlite:<file> --events <id,LOG-2026-1,...> --out <file> [--description <text>]
        auditkit query        --store sqlite:<file> [--from <date>] [--to <date>] [--user <id>] [--action <a>] [--entity <type>] [--record <id>] [--text <words>] [--limit <n>] [--json]
        auditkit export       --store sqlite:<file> --out <file.jsonl> [query filters]
        auditkit stats        --store sqlite:<file> [--json]
        auditkit copy         --from <store> --to <store> [--from-schema <s>] [--to-schema <s>] [--batch <n>] [--json]
        auditkit import       --store <store> (--audit-net <file|folder|sqlite:file|postgres:conn> | --abp <sqlite:file|postgres:conn>)
                              [--source-name <n>] [--audit-net-table Event] [--audit-net-schema <s>] [--audit-net-id EventId]
                              [--audit-net-json JsonData] [--abp-schema <s>] [--abp-prefix Abp] [--batch <n>] [--json]
                              (run again: adds only rows not imported yet)
        stores: sqlite:<file> | postgres:<Npgsql connection string> (with --schema <name>, default auditkit); opened
                read-only by every command but copy's target and import's store
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
                "import" => await ImportAsync(options, output, cancellationToken).ConfigureAwait(false),
                _ => throw new CliUsageException($"unknown command '{args[0]}'. Run 'auditkit --help'."),
            };
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"auditkit: {ex.Message}").ConfigureAwait(false);
            return Usage;
        }
    }
}
