using Microsoft.Extensions.Options;

namespace AuditKit;

internal sealed class AuditKitOptionsValidator : IValidateOptions<AuditKitOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditKitOptions options)
    {
        var failures = new List<string>();
        if (options.StoreProvider is null)
        {
            failures.Add("No audit store is registered: call audit.UseSqlite(\"Data Source=audit.db\") (AuditKit.Sqlite), or another store's Use… method, inside AddAuditKit.");
        }

        Positive(options.QueueCapacity, nameof(options.QueueCapacity));
        Positive(options.MaxBatchSize, nameof(options.MaxBatchSize));
        if (options.MaxBatchDelay < TimeSpan.Zero || options.MaxBatchDelay > TimeSpan.FromSeconds(10))
        {
            failures.Add($"AuditKitOptions.MaxBatchDelay must be between 0 and 10 seconds; it is {options.MaxBatchDelay}.");
        }

        if (options.EnqueueTimeout <= TimeSpan.Zero)
        {
            failures.Add($"AuditKitOptions.EnqueueTimeout must be positive; it is {options.EnqueueTimeout}.");
        }

        foreach (var (value, option) in new[] { (options.SpillAfter, nameof(options.SpillAfter)), (options.ReplayInterval, nameof(options.ReplayInterval)), (options.CommitTimeout, nameof(options.CommitTimeout)) })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"AuditKitOptions.{option} must be positive; it is {value}.");
            }
        }

        if (options.JournalDirectory is { } journal && (journal.Length == 0 || journal.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            failures.Add($"AuditKitOptions.JournalDirectory is not a usable folder path: '{journal}'.");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            failures.Add($"AuditKitOptions.ShutdownTimeout must not be negative; it is {options.ShutdownTimeout}.");
        }

        if (options.StreamId is { } stream && (stream < 1 || stream > AuditStreamKey.MaxStreamId))
        {
            failures.Add($"AuditKitOptions.StreamId must be between 1 and {AuditStreamKey.MaxStreamId}; it is {stream}.");
        }

        var limits = options.Limits;
        Range(limits.MaxIdentifierLength, 16, 4_096, "Limits.MaxIdentifierLength");
        Range(limits.MaxTextLength, 64, 1_048_576, "Limits.MaxTextLength");
        Range(limits.MaxValueLength, 64, 16_777_216, "Limits.MaxValueLength");
        Range(limits.MaxChanges, 1, 100_000, "Limits.MaxChanges");
        Range(limits.MaxMetadataEntries, 0, 10_000, "Limits.MaxMetadataEntries");
        Range(limits.MaxMetadataValueBytes, 16, 16_777_216, "Limits.MaxMetadataValueBytes");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(int value, string option)
        {
            if (value <= 0)
            {
                failures.Add($"AuditKitOptions.{option} must be positive; it is {value}.");
            }
        }

        void Range(int value, int min, int max, string option)
        {
            if (value < min || value > max)
            {
                failures.Add($"AuditKitOptions.{option} must be between {min} and {max}; it is {value}.");
            }
        }
    }
}
