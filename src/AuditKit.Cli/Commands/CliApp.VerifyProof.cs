using System.Text.Json;

namespace AuditKit.Cli;

/// <summary>`auditkit verify-proof`: checks a proof or evidence pack offline.</summary>
internal static partial class CliApp
{
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
}
