namespace AuditKit.Cli;

/// <summary>`auditkit evidence`: an evidence pack of chosen events.</summary>
internal static partial class CliApp
{
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
}
