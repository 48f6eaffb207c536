using System.Threading.Channels;

namespace AuditKit;

/// <summary>The bounded queue between callers and the single writer.</summary>
internal sealed class AuditQueue
{
    public AuditQueue(Microsoft.Extensions.Options.IOptions<AuditKitOptions> options)
    {
        Channel = System.Threading.Channels.Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    public Channel<PendingWrite> Channel { get; }

    public int Depth => Channel.Reader.Count;

    /// <summary>Whether the queue takes no more events (the log stopped).</summary>
    public bool IsClosed => _closed;

    public void Close()
    {
        _closed = true;
        Channel.Writer.TryComplete();
    }

    private volatile bool _closed;
}
