namespace AuditKit.Cli;

/// <summary>The checkpoint key a command is given.</summary>
internal static partial class CliApp
{
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
