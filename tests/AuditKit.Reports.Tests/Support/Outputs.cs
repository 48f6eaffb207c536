using System.Diagnostics;
using System.Globalization;
using System.Text;
using UglyToad.PdfPig;

namespace AuditKit.Reports.Tests.Support;

/// <summary>Reads PDF outputs back with tools independent of the writer: PdfPig and poppler (CSV and JSON Lines with <see cref="AuditKit.TestSupport.ReportFiles"/>).</summary>
public static class Outputs
{
    /// <summary>Each page's text in content order, runs of letters separated by one space where the writer left a gap or started a line.</summary>
    public static List<string> PdfPages(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes);
        var pages = new List<string>();
        foreach (var page in document.GetPages())
        {
            var text = new StringBuilder();
            UglyToad.PdfPig.Content.Letter? previous = null;
            foreach (var letter in page.Letters)
            {
                if (previous is not null)
                {
                    var sameLine = Math.Abs(letter.StartBaseLine.Y - previous.EndBaseLine.Y) < 0.5;
                    var gap = letter.StartBaseLine.X - previous.EndBaseLine.X;
                    if (!sameLine || gap > 0.8 || gap < -0.5)
                    {
                        text.Append(' ');
                    }
                }

                text.Append(letter.Value);
                previous = letter;
            }

            pages.Add(string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }

        return pages;
    }

    public static string PdfTitle(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes);
        return document.Information.Title ?? "";
    }

    /// <summary>Runs a poppler tool on a PDF; fails the test when the tool is missing, fails or complains on stderr.</summary>
    public static string Poppler(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start (install poppler-utils)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"{tool} {string.Join(' ', arguments)} failed: {stderr}");
        stderr.Should().BeEmpty($"{tool} reports no problem with the PDF");
        return stdout.Result;
    }

    /// <summary>Renders every page with pdftoppm and returns the PNG files.</summary>
    public static string[] RenderPages(byte[] pdf, string folder, int dpi = 40)
    {
        var file = Path.Combine(folder, $"render-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        var prefix = Path.Combine(folder, Path.GetFileNameWithoutExtension(file));
        Poppler("pdftoppm", "-r", dpi.ToString(CultureInfo.InvariantCulture), "-png", file, prefix);
        return Directory.GetFiles(folder, Path.GetFileName(prefix) + "-*.png").Order().ToArray();
    }

    public static int PageCount(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }
}
