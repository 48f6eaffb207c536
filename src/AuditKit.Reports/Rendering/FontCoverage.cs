using System.Buffers.Binary;
using System.Collections;

namespace AuditKit.Reports.Rendering;

/// <summary>
/// The code points a TrueType font has glyphs for, read from its <c>cmap</c> table (format 4 for the BMP, format 12 for
/// all planes). Text the font cannot show is drawn as U+FFFD instead of an empty glyph that extracts as nothing.
/// </summary>
internal sealed class FontCoverage
{
    private const int CodePoints = 0x110000;
    private readonly BitArray _covered = new(CodePoints);

    private FontCoverage()
    {
    }

    public bool Covers(int codePoint) => codePoint is >= 0 and < CodePoints && _covered[codePoint];

    /// <summary>Reads the coverage of a font file; null when its cmap has no Unicode subtable this reader knows.</summary>
    public static FontCoverage? Read(ReadOnlySpan<byte> font)
    {
        try
        {
            var tables = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
            for (var i = 0; i < tables; i++)
            {
                var record = font[(12 + (16 * i))..];
                if (!record[..4].SequenceEqual("cmap"u8))
                {
                    continue;
                }

                var cmap = font[(int)BinaryPrimitives.ReadUInt32BigEndian(record[8..])..];
                var count = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
                int? format4 = null, format12 = null;
                for (var s = 0; s < count; s++)
                {
                    var entry = cmap[(4 + (8 * s))..];
                    var platform = BinaryPrimitives.ReadUInt16BigEndian(entry);
                    var encoding = BinaryPrimitives.ReadUInt16BigEndian(entry[2..]);
                    var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
                    var format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
                    if (format == 12 && (platform == 0 || (platform == 3 && encoding == 10)))
                    {
                        format12 = offset;
                    }
                    else if (format == 4 && (platform == 0 || (platform == 3 && encoding == 1)))
                    {
                        format4 = offset;
                    }
                }

                var coverage = new FontCoverage();
                if (format12 is { } f12)
                {
                    var table = cmap[f12..];
                    var groups = BinaryPrimitives.ReadUInt32BigEndian(table[12..]);
                    for (var g = 0; g < groups; g++)
                    {
                        var group = table[(16 + (12 * g))..];
                        var start = BinaryPrimitives.ReadUInt32BigEndian(group);
                        var end = BinaryPrimitives.ReadUInt32BigEndian(group[4..]);
                        for (var c = start; c <= end && c < CodePoints; c++)
                        {
                            coverage._covered[(int)c] = true;
                        }
                    }

                    return coverage;
                }

                if (format4 is { } f4)
                {
                    var table = cmap[f4..];
                    var segments = BinaryPrimitives.ReadUInt16BigEndian(table[6..]) / 2;
                    var ends = table[14..];
                    var starts = table[(16 + (2 * segments))..];
                    for (var seg = 0; seg < segments; seg++)
                    {
                        var start = BinaryPrimitives.ReadUInt16BigEndian(starts[(2 * seg)..]);
                        var end = BinaryPrimitives.ReadUInt16BigEndian(ends[(2 * seg)..]);
                        for (int c = start; c <= end && c != 0xFFFF; c++)
                        {
                            coverage._covered[c] = true;
                        }
                    }

                    return coverage;
                }
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            // a truncated or unusual font: no coverage information
        }

        return null;
    }
}
