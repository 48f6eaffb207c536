using System.Globalization;

namespace AuditKit.Cli;

/// <summary>`--name value` and `--flag` options, checked against what each command allows.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public static CliArguments Parse(ReadOnlySpan<string> args)
    {
        var parsed = new CliArguments();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new CliUsageException($"unexpected argument '{arg}'.");
            }

            var name = arg[2..];
            string? value = null;
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            if (!parsed._values.TryAdd(name, value))
            {
                throw new CliUsageException($"--{name} is given twice.");
            }
        }

        return parsed;
    }

    public void Allow(params string[] names)
    {
        foreach (var name in _values.Keys)
        {
            if (!names.Contains(name))
            {
                throw new CliUsageException($"unknown option --{name}.");
            }
        }
    }

    public bool Flag(string name) => _values.ContainsKey(name);

    public string? Value(string name) =>
        _values.TryGetValue(name, out var value) ? value ?? throw new CliUsageException($"--{name} needs a value.") : null;

    public string Required(string name) => Value(name) ?? throw new CliUsageException($"--{name} is required.");

    public int? Int(string name) =>
        Value(name) is { } text ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new CliUsageException($"--{name} must be a positive whole number.") : null;

    public DateTimeOffset? Date(string name) =>
        Value(name) is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : throw new CliUsageException($"--{name} '{text}' is not a date (2026-01-22 or 2026-01-22T10:00:00Z).")
            : null;
}

/// <summary>A usage error: exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
