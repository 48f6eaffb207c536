namespace AuditKit;

/// <summary>The anchors of <see cref="AuditVerifierOptions"/>, read once per verification: published checkpoints and heads by stream.</summary>
internal sealed class AuditAnchors
{
    private readonly Dictionary<int, List<AuditCheckpoint>> _checkpoints = [];
    private readonly Dictionary<int, List<AuditHead>> _heads = [];

    public static AuditAnchors None { get; } = new();

    public IEnumerable<int> Streams => _checkpoints.Keys.Union(_heads.Keys);

    /// <exception cref="FormatException">A published file cannot be read; the message names it.</exception>
    public static AuditAnchors Load(AuditVerifierOptions? options)
    {
        if (options is null)
        {
            return None;
        }

        var anchors = new AuditAnchors();
        if (options.CheckpointDirectory is { Length: > 0 } checkpoints && Directory.Exists(checkpoints))
        {
            foreach (var path in Directory.GetFiles(checkpoints, "checkpoint-s*.json").Order(StringComparer.Ordinal))
            {
                AuditCheckpoint c;
                try
                {
                    c = AuditCheckpoint.FromJson(File.ReadAllText(path));
                }
                catch (FormatException ex)
                {
                    throw new FormatException($"The published checkpoint '{path}' cannot be read: {ex.Message}", ex);
                }

                Add(anchors._checkpoints, c.StreamId, c);
            }
        }

        if (options.HeadDirectory is { Length: > 0 } heads)
        {
            foreach (var head in HeadFiles.Read(heads))
            {
                Add(anchors._heads, head.StreamId, head);
            }
        }

        foreach (var head in options.ExpectedHeads)
        {
            Add(anchors._heads, head.StreamId, head with { HeadHash = head.HeadHash.ToLowerInvariant() });
        }

        foreach (var list in anchors._checkpoints.Values)
        {
            list.Sort((a, b) => a.ToSequence.CompareTo(b.ToSequence));
        }

        foreach (var list in anchors._heads.Values)
        {
            list.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        }

        return anchors;
    }

    public IReadOnlyList<AuditCheckpoint> CheckpointsOf(int streamId) => _checkpoints.TryGetValue(streamId, out var list) ? list : [];

    public IReadOnlyList<AuditHead> HeadsOf(int streamId) => _heads.TryGetValue(streamId, out var list) ? list : [];

    private static void Add<T>(Dictionary<int, List<T>> map, int streamId, T item)
    {
        if (!map.TryGetValue(streamId, out var list))
        {
            map[streamId] = list = [];
        }

        list.Add(item);
    }
}
