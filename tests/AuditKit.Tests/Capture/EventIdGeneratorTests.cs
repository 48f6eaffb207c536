namespace AuditKit.Tests.Capture;

public sealed class EventIdGeneratorTests
{
    [Test]
    public void Ids_are_rfc9562_version_7_and_carry_the_event_millisecond()
    {
        var generator = new EventIdGenerator();
        var at = new DateTimeOffset(2026, 11, 26, 2, 40, 12, 345, TimeSpan.Zero).AddTicks(6789);

        var id = generator.Next(at);

        id.Version.Should().Be(7);
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _).Should().BeTrue();
        (bytes[8] & 0xC0).Should().Be(0x80, "the RFC 9562 variant bits are 10");
        EventIdTime.TryGetRange(id, out var from, out var to).Should().BeTrue();
        from.Should().Be(at.ToUnixTimeMilliseconds() * 1000);
        to.Should().Be(from + 1000);
    }

    [Test]
    public void Ids_are_unique_across_threads_and_buffer_refills()
    {
        var generator = new EventIdGenerator();
        var at = DateTimeOffset.UtcNow;
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();

        // 4 threads × 2,000 ids: each thread's 4 KB buffer is refilled several times, all in the same millisecond.
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                ids.Add(generator.Next(at));
            }
        });

        ids.Should().HaveCount(8_000);
        ids.Distinct().Should().HaveCount(8_000);
    }

    [Test]
    public void Ids_sort_by_time_across_milliseconds()
    {
        var generator = new EventIdGenerator();
        var at = DateTimeOffset.UtcNow;

        var earlier = generator.Next(at);
        var later = generator.Next(at.AddMilliseconds(1));

        string.CompareOrdinal(earlier.ToString("N"), later.ToString("N")).Should().BeNegative();
    }
}
