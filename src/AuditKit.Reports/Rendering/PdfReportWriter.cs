using System.Globalization;
using System.IO.Compression;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace AuditKit.Reports.Rendering;

/// <summary>
/// A landscape A4 PDF drawn with PDFsharp: title, generation line, parameters, summary, then each table (rows wrap
/// inside their cells, a row never splits, the header repeats on every page), the evidence section, and "Page n of N"
/// on every page. The summary and page numbers are drawn once every row is known.
/// PDFsharp holds every page of a document until it is saved (it has no way to write a finished page out), so one PDF
/// holds at most <c>rowsPerVolume</c> table rows. A report with more is written as volumes: each a whole PDF of its own
/// (title, parameters, summary, its part of the table, its own first and last sequence and hash per stream), saved to a
/// temporary file as soon as it is full; the last one closes with the evidence for the whole range. Once every row is
/// known each volume is opened again, stamped with "Volume k of n", the report's summary and its page numbers, and
/// stored in a ZIP archive written to the output (docs/reports.md, "Limits").
/// </summary>
internal sealed partial class PdfReportWriter(ReportFonts fonts, int maxCellLines, long rowsPerVolume)
{
    private const double Margin = 30;
    private const double FooterHeight = 16;
    private const double CellPadding = 2.5;
    private const int SummaryColumns = 3;
    private static readonly XColor HeaderFill = XColor.FromArgb(230, 233, 238);
    private static readonly XColor RuleColor = XColor.FromArgb(200, 204, 210);

    private readonly Dictionary<(XFont Font, char Char), double> _widths = [];
    private readonly List<Volume> _volumes = [];
    private readonly SortedDictionary<int, StreamRange> _volumeStreams = [];
    private FontCoverage? _coverage;
    private PdfDocument _document = null!;
    private PdfPage _page = null!;
    private XGraphics _graphics = null!;
    private double _y;
    private int _summaryPage;
    private double _summaryTop;
    private long _rows;
    private long _volumeFirstRow = 1;
    private XFont _title = null!;
    private XFont _heading = null!;
    private XFont _text = null!;
    private XFont _textBold = null!;
    private XFont _cell = null!;
    private XFont _cellBold = null!;

    private double Width => _page.Width.Point - (2 * Margin);

    private double Bottom => _page.Height.Point - Margin - FooterHeight;

    /// <summary>Writes the PDF, or a ZIP of PDF volumes when the rows do not fit one; returns the number of volumes.</summary>
    public async Task<int> WriteAsync(ReportDocument report, Stream output, CancellationToken cancellationToken)
    {
        _coverage = fonts.EnsureResolver();
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        _title = new XFont(ReportFonts.Family, 16, XFontStyleEx.Bold, options);
        _heading = new XFont(ReportFonts.Family, 11, XFontStyleEx.Bold, options);
        _text = new XFont(ReportFonts.Family, 8.5, XFontStyleEx.Regular, options);
        _textBold = new XFont(ReportFonts.Family, 8.5, XFontStyleEx.Bold, options);
        _cell = new XFont(ReportFonts.Family, 7, XFontStyleEx.Regular, options);
        _cellBold = new XFont(ReportFonts.Family, 7, XFontStyleEx.Bold, options);

        try
        {
            StartVolume(report);
            for (var s = 0; s < report.Sections.Count; s++)
            {
                if (report.Sections.Count > 1)
                {
                    Heading(report.Sections[s].Title);
                }

                await DrawTableAsync(report, s, cancellationToken).ConfigureAwait(false);
                _y += 8;
            }

            if (_volumes.Count > 0)
            {
                DrawVolumeRange(last: true);
            }

            var evidence = await report.Evidence(cancellationToken).ConfigureAwait(false);
            Heading("Evidence");
            foreach (var (label, value) in EvidenceText.Lines(evidence))
            {
                LabelValue(label, value);
            }

            _graphics.Dispose();
            Compress(_page);
            var values = report.SummaryValues();
            if (_volumes.Count == 0)
            {
                _document.Options.CompressContentStreams = true;
                Stamp(_document, report, values, _summaryPage, _summaryTop, volume: null);
                await _document.SaveAsync(output, closeStream: false).ConfigureAwait(false);
                _document.Dispose();
                return 1;
            }

            SaveVolume();
            await WriteVolumesAsync(report, values, output, cancellationToken).ConfigureAwait(false);
            return _volumes.Count;
        }
        finally
        {
            foreach (var volume in _volumes)
            {
                File.Delete(volume.File);
            }
        }
    }

    // The title block of a volume (every volume has one): title, generation line, parameters, and the summary's place.
    private void StartVolume(ReportDocument report)
    {
        _document = new PdfDocument();
        _document.Info.Title = Plain(report.Title);
        _document.Info.Author = Plain(report.Generator);
        _document.Info.Creator = Plain(report.Generator);
        _document.Info.Subject = "Audit report";
        _document.Info.CreationDate = report.GeneratedAt.UtcDateTime;
        _graphics = null!;
        NewPage();

        DrawLines(report.Title, _title, Width * 0.75, 2);
        _y += 2;
        DrawLines($"Generated {ReportCells.Time(report.GeneratedAt)} by {report.Generator}", _text, Width, 3);
        _y += 6;
        Heading("Parameters");
        foreach (var (name, value) in report.Parameters)
        {
            LabelValue(name, value);
        }

        _y += 6;
        Heading("Summary");
        _summaryPage = _document.PageCount - 1;
        _summaryTop = _y;
        var summaryRows = (report.SummaryLabels.Count + SummaryColumns - 1) / SummaryColumns;
        _y += summaryRows * LineHeight(_text);
        _y += 8;
    }

    private async Task DrawTableAsync(ReportDocument report, int sectionIndex, CancellationToken cancellationToken)
    {
        var section = report.Sections[sectionIndex];
        var total = section.Columns.Sum(c => c.Weight);
        var widths = section.Columns.Select(c => Width * c.Weight / total).ToArray();
        DrawHeader(section, widths);
        var any = false;
        var zebra = false;
        var cells = new List<string>[widths.Length];
        await foreach (var row in section.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            any = true;
            if (_rows - _volumeFirstRow + 1 == rowsPerVolume)
            {
                // This volume is full: close it with its own range, save it, and go on in a new one.
                _y += 8;
                DrawVolumeRange(last: false);
                _graphics.Dispose();
                Compress(_page);
                SaveVolume();
                _volumeFirstRow = _rows + 1;
                StartVolume(report);
                if (report.Sections.Count > 1)
                {
                    Heading($"{section.Title} (continued)");
                }

                DrawHeader(section, widths);
                zebra = false;
            }

            _rows++;
            if (report.Source?.Current is { Sequence: > 0 } e)
            {
                Note(e);
            }

            var lines = 1;
            for (var i = 0; i < widths.Length; i++)
            {
                cells[i] = Wrap(Plain(i < row.Length ? row[i] : null), widths[i] - (2 * CellPadding), _cell, maxCellLines);
                lines = Math.Max(lines, cells[i].Count);
            }

            var height = (lines * LineHeight(_cell)) + (2 * CellPadding);
            if (_y + height > Bottom)
            {
                NewPage();
                DrawHeader(section, widths);
                zebra = false;
            }

            if (zebra)
            {
                _graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(246, 247, 249)), Margin, _y, Width, height);
            }

            zebra = !zebra;
            DrawCells(cells, widths, _cell);
            _y += height;
        }

        if (!any)
        {
            DrawLines("No rows.", _text, Width, 1);
        }
    }

    // The lowest and highest sequence (with hashes) per stream among this volume's rows.
    private void Note(AuditEvent e)
    {
        if (!_volumeStreams.TryGetValue(e.StreamId, out var range))
        {
            _volumeStreams[e.StreamId] = new StreamRange(e.Sequence, e.Hash ?? "", e.Sequence, e.Hash ?? "");
            return;
        }

        if (e.Sequence < range.First)
        {
            _volumeStreams[e.StreamId] = range with { First = e.Sequence, FirstHash = e.Hash ?? "" };
        }
        else if (e.Sequence > range.Last)
        {
            _volumeStreams[e.StreamId] = range with { Last = e.Sequence, LastHash = e.Hash ?? "" };
        }
    }

    private void DrawVolumeRange(bool last)
    {
        Heading("This volume");
        LabelValue("Rows", _rows < _volumeFirstRow ? "none" : $"{N(_volumeFirstRow)} to {N(_rows)} of the report's rows");
        foreach (var (streamId, range) in _volumeStreams)
        {
            LabelValue($"Stream {streamId} first", $"sequence {N(range.First)} hash {range.FirstHash}");
            LabelValue($"Stream {streamId} last", $"sequence {N(range.Last)} hash {range.LastHash}");
        }

        LabelValue("Continues", last
            ? "This is the last volume: the evidence below covers the rows of every volume."
            : $"in volume {_volumes.Count + 2}; the last volume closes with the evidence for the whole report.");
        _volumeStreams.Clear();
        _y += 6;
    }

    private void SaveVolume()
    {
        var file = Path.GetTempFileName();
        _volumes.Add(new Volume(file, _summaryPage, _summaryTop));
        _document.Save(file);
        _document.Dispose();
        _document = null!;
        _page = null!;
        _graphics = null!;
        ReleaseVolume();
    }

    // Every volume opened again (one at a time), stamped now that the volume count and the summary are known, and added to the archive.
    private async Task WriteVolumesAsync(ReportDocument report, IReadOnlyList<string> values, Stream output, CancellationToken cancellationToken)
    {
        var name = FileName(report.Title);
        var count = _volumes.Count;
        var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await using var archive = zip.ConfigureAwait(false);
        var stamped = Path.GetTempFileName();
        try
        {
            for (var k = 0; k < count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var volume = _volumes[k];
                using (var document = PdfReader.Open(volume.File, PdfDocumentOpenMode.Modify))
                {
                    document.Options.CompressContentStreams = true;
                    Stamp(document, report, values, volume.SummaryPage, volume.SummaryTop, (k + 1, count));
                    document.Save(stamped);
                }

                File.Delete(volume.File);
                ReleaseVolume();
                var entry = zip.CreateEntry(string.Create(CultureInfo.InvariantCulture, $"{name}-volume-{k + 1:D2}-of-{count:D2}.pdf"), CompressionLevel.Fastest);
                var target = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (target.ConfigureAwait(false))
                {
                    var source = new FileStream(stamped, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    await using (source.ConfigureAwait(false))
                    {
                        await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            File.Delete(stamped);
        }
    }

    // Drawn last, over pages already laid out: the summary figures, the volume (when there are several) and the page count are known only now.
    private void Stamp(PdfDocument document, ReportDocument report, IReadOnlyList<string> values, int summaryPage, double summaryTop, (int Number, int Count)? volume)
    {
        var width = document.Pages[0].Width.Point - (2 * Margin);
        using (var graphics = XGraphics.FromPdfPage(document.Pages[summaryPage], XGraphicsPdfPageOptions.Append))
        {
            _graphics = graphics; // Measure's
            var columnWidth = width / SummaryColumns;
            for (var i = 0; i < report.SummaryLabels.Count; i++)
            {
                var x = Margin + (i % SummaryColumns * columnWidth);
                var y = summaryTop + (i / SummaryColumns * LineHeight(_text));
                var label = Plain(report.SummaryLabels[i]) + ": ";
                graphics.DrawString(label, _textBold, XBrushes.Black, x, y, XStringFormats.TopLeft);
                graphics.DrawString(Fit(Plain(values[i]), columnWidth - Measure(label, _textBold) - 6, _text), _text, XBrushes.Black, x + Measure(label, _textBold), y, XStringFormats.TopLeft);
            }
        }

        var volumeLabel = volume is { } v ? $"Volume {v.Number} of {v.Count}" : null;
        var pageCount = document.PageCount;
        for (var i = 0; i < pageCount; i++)
        {
            var page = document.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            _graphics = graphics;
            var y = page.Height.Point - Margin - 8;
            graphics.DrawLine(new XPen(RuleColor, 0.5), Margin, y - 4, page.Width.Point - Margin, y - 4);
            graphics.DrawString(Fit(Plain(report.Title), width * 0.45, _cell), _cell, XBrushes.DimGray, Margin, y, XStringFormats.TopLeft);
            if (volumeLabel is not null)
            {
                graphics.DrawString(volumeLabel, _cell, XBrushes.DimGray, page.Width.Point / 2, y, XStringFormats.TopCenter);
                if (i == 0)
                {
                    graphics.DrawString(volumeLabel, _heading, XBrushes.Black, page.Width.Point - Margin, Margin, XStringFormats.TopRight);
                }
            }

            graphics.DrawString($"Page {i + 1} of {pageCount}", _cell, XBrushes.DimGray, page.Width.Point - Margin, y, XStringFormats.TopRight);
        }
    }

    // A volume's objects (tens of MB, long since promoted to the oldest generation) become garbage all at once when it
    // is saved; left to the GC they stay until its next full collection, beside the next volume as it grows, and the
    // peak working set holds two volumes (1,000,000 rows in volumes of 50,000: 233 MB without this, 210 MB with it).
    private static void ReleaseVolume() => GC.Collect();

    /// <summary>The volumes' file name stem: the title in lower case, words joined by hyphens ("data-change-report").</summary>
    internal static string FileName(string title)
    {
        var name = new StringBuilder(title.Length);
        foreach (var c in title)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(char.ToLowerInvariant(c));
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        var stem = name.ToString().Trim('-');
        return stem.Length == 0 ? "report" : stem[..Math.Min(stem.Length, 60)].TrimEnd('-');
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private void DrawHeader(ReportSection section, double[] widths)
    {
        var cells = new List<string>[widths.Length];
        var lines = 1;
        for (var i = 0; i < widths.Length; i++)
        {
            cells[i] = Wrap(section.Columns[i].Header, widths[i] - (2 * CellPadding), _cellBold, 3);
            lines = Math.Max(lines, cells[i].Count);
        }

        var height = (lines * LineHeight(_cellBold)) + (2 * CellPadding);
        if (_y + height + LineHeight(_cell) + (2 * CellPadding) > Bottom)
        {
            NewPage();
        }

        _graphics.DrawRectangle(new XSolidBrush(HeaderFill), Margin, _y, Width, height);
        DrawCells(cells, widths, _cellBold);
        _y += height;
        _graphics.DrawLine(new XPen(RuleColor, 0.5), Margin, _y, Margin + Width, _y);
    }

    private void DrawCells(List<string>[] cells, double[] widths, XFont font)
    {
        var x = Margin;
        for (var i = 0; i < widths.Length; i++)
        {
            var y = _y + CellPadding;
            foreach (var line in cells[i])
            {
                _graphics.DrawString(line, font, XBrushes.Black, x + CellPadding, y, XStringFormats.TopLeft);
                y += LineHeight(font);
            }

            x += widths[i];
        }
    }

    private void Heading(string text)
    {
        Ensure(LineHeight(_heading) + (3 * LineHeight(_text)));
        DrawLines(text, _heading, Width, 2);
        _y += 2;
    }

    private void LabelValue(string label, string value)
    {
        const double labelWidth = 150;
        var labelLines = Wrap(Plain(label), labelWidth - 6, _textBold, 2);
        var valueLines = Wrap(Plain(value), Width - labelWidth, _text, 12);
        var height = Math.Max(labelLines.Count, valueLines.Count) * LineHeight(_text);
        Ensure(height);
        var y = _y;
        foreach (var line in labelLines)
        {
            _graphics.DrawString(line, _textBold, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
            y += LineHeight(_text);
        }

        y = _y;
        foreach (var line in valueLines)
        {
            _graphics.DrawString(line, _text, XBrushes.Black, Margin + labelWidth, y, XStringFormats.TopLeft);
            y += LineHeight(_text);
        }

        _y += height + 1;
    }

    private void DrawLines(string text, XFont font, double width, int maxLines)
    {
        foreach (var line in Wrap(Plain(text), width, font, maxLines))
        {
            Ensure(LineHeight(font));
            _graphics.DrawString(line, font, XBrushes.Black, Margin, _y, XStringFormats.TopLeft);
            _y += LineHeight(font);
        }
    }

    private void Ensure(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        if (_graphics is not null)
        {
            _graphics.Dispose();
            Compress(_page);
        }

        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _page.Orientation = PdfSharp.PageOrientation.Landscape;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    private static double LineHeight(XFont font) => font.Size * 1.25;

    // A finished page's drawing is deflated at once rather than when the document is saved: PDFsharp keeps every
    // page until then, and compressed pages take a fraction of the memory.
    private static void Compress(PdfPage page)
    {
        for (var i = 0; i < page.Contents.Elements.Count; i++)
        {
            if (page.Contents.Elements.GetObject(i) is PdfDictionary { Stream: { } stream })
            {
                stream.Zip();
            }
        }
    }

    private sealed record Volume(string File, int SummaryPage, double SummaryTop);

    private readonly record struct StreamRange(long First, string FirstHash, long Last, string LastHash);
}
