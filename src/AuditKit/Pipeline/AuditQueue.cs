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
}
