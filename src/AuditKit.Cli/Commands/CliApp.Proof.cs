namespace AuditKit.Cli;

/// <summary>`auditkit proof`: an inclusion proof of one event.</summary>
internal static partial class CliApp
{
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
}
