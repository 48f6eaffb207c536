using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AuditKit.Reports.Rendering;

/// <summary>
/// A landscape A4 PDF drawn with PDFsharp: title, generation line, parameters, summary, then each table (rows wrap
/// inside their cells, a row never splits, the header repeats on every page), the evidence section, and "Page n of N"
/// on every page. The summary and page numbers are drawn once every row is known.
/// PDFsharp holds every page of a document until it is saved (it has no way to write a finished page out), so a table
/// draws at most <c>maxRows</c> rows: the rest are still read, counted in the summary and covered by the evidence, and a
/// notice after the table says how many were left out and that CSV and JSON Lines hold them all.
/// </summary>
internal sealed partial class PdfReportWriter(ReportFonts fonts, int maxCellLines, long maxRows)
{
    private const double Margin = 30;
    private const double FooterHeight = 16;
    private const double CellPadding = 2.5;
    private static readonly XColor HeaderFill = XColor.FromArgb(230, 233, 238);
    private static readonly XColor RuleColor = XColor.FromArgb(200, 204, 210);

    private readonly Dictionary<(XFont Font, char Char), double> _widths = [];
    private FontCoverage? _coverage;
    private PdfDocument _document = null!;
    private PdfPage _page = null!;
    private XGraphics _graphics = null!;
    private double _y;
    private XFont _title = null!;
    private XFont _heading = null!;
    private XFont _text = null!;
    private XFont _textBold = null!;
    private XFont _cell = null!;
    private XFont _cellBold = null!;

    private double Width => _page.Width.Point - (2 * Margin);

    private double Bottom => _page.Height.Point - Margin - FooterHeight;

    public async Task WriteAsync(ReportDocument report, Stream output, CancellationToken cancellationToken)
    {
        _coverage = fonts.EnsureResolver();
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        _title = new XFont(ReportFonts.Family, 16, XFontStyleEx.Bold, options);
        _heading = new XFont(ReportFonts.Family, 11, XFontStyleEx.Bold, options);
        _text = new XFont(ReportFonts.Family, 8.5, XFontStyleEx.Regular, options);
        _textBold = new XFont(ReportFonts.Family, 8.5, XFontStyleEx.Bold, options);
        _cell = new XFont(ReportFonts.Family, 7, XFontStyleEx.Regular, options);
        _cellBold = new XFont(ReportFonts.Family, 7, XFontStyleEx.Bold, options);

        _document = new PdfDocument();
        _document.Info.Title = Plain(report.Title);
        _document.Info.Author = Plain(report.Generator);
        _document.Info.Creator = Plain(report.Generator);
        _document.Info.Subject = "Audit report";
        _document.Info.CreationDate = report.GeneratedAt.UtcDateTime;
        NewPage();

        DrawLines(report.Title, _title, Width, 2);
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
        var summaryPage = _page;
        var summaryTop = _y;
        const int summaryColumns = 3;
        var summaryRows = (report.SummaryLabels.Count + summaryColumns - 1) / summaryColumns;
        _y += summaryRows * LineHeight(_text);
        _y += 8;

        foreach (var section in report.Sections)
        {
            if (report.Sections.Count > 1)
            {
                Heading(section.Title);
            }

            await DrawTableAsync(section, cancellationToken).ConfigureAwait(false);
            _y += 8;
        }

        var evidence = await report.Evidence(cancellationToken).ConfigureAwait(false);
        Heading("Evidence");
        foreach (var (label, value) in EvidenceText.Lines(evidence))
        {
            LabelValue(label, value);
        }

        _graphics.Dispose();
        Compress(_page);
        _document.Options.CompressContentStreams = true;

        // Drawn last, over pages already laid out: the figures and the page count are known only now.
        using (var graphics = XGraphics.FromPdfPage(summaryPage, XGraphicsPdfPageOptions.Append))
        {
            _graphics = graphics;
            var values = report.SummaryValues();
            var columnWidth = Width / summaryColumns;
            for (var i = 0; i < report.SummaryLabels.Count; i++)
            {
                var x = Margin + (i % summaryColumns * columnWidth);
                var y = summaryTop + (i / summaryColumns * LineHeight(_text));
                var label = Plain(report.SummaryLabels[i]) + ": ";
                graphics.DrawString(label, _textBold, XBrushes.Black, x, y, XStringFormats.TopLeft);
                graphics.DrawString(Fit(Plain(values[i]), columnWidth - Measure(label, _textBold) - 6, _text), _text, XBrushes.Black, x + Measure(label, _textBold), y, XStringFormats.TopLeft);
            }
        }

        var pageCount = _document.PageCount;
        for (var i = 0; i < pageCount; i++)
        {
            var page = _document.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            _graphics = graphics;
            var y = page.Height.Point - Margin - 8;
            graphics.DrawLine(new XPen(RuleColor, 0.5), Margin, y - 4, page.Width.Point - Margin, y - 4);
            graphics.DrawString(Fit(Plain(report.Title), Width * 0.6, _cell), _cell, XBrushes.DimGray, Margin, y, XStringFormats.TopLeft);
            graphics.DrawString($"Page {i + 1} of {pageCount}", _cell, XBrushes.DimGray, page.Width.Point - Margin, y, XStringFormats.TopRight);
        }

        await _document.SaveAsync(output, closeStream: false).ConfigureAwait(false);
        _document.Dispose();
    }

    private async Task DrawTableAsync(ReportSection section, CancellationToken cancellationToken)
    {
        var total = section.Columns.Sum(c => c.Weight);
        var widths = section.Columns.Select(c => Width * c.Weight / total).ToArray();
        DrawHeader(section, widths);
        var any = false;
        var zebra = false;
        var cells = new List<string>[widths.Length];
        var drawn = 0L;
        var omitted = 0L;
        await foreach (var row in section.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            any = true;
            if (drawn == maxRows)
            {
                omitted++;
                continue;
            }

            drawn++;
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

        if (omitted > 0)
        {
            _y += 4;
            DrawLines(OmittedNotice(drawn, omitted), _textBold, Width, 3);
        }
    }

    /// <summary>The notice after a table that reached the PDF's row limit.</summary>
    internal static string OmittedNotice(long drawn, long omitted) => string.Create(
        CultureInfo.InvariantCulture,
        $"This PDF lists the first {drawn:N0} of {drawn + omitted:N0} rows; {omitted:N0} more are not shown (ReportOptions.MaxPdfRows). The summary and the evidence cover every row. Generate the report as CSV or JSON Lines for all of them.");

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
}
