using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace AuditKit.Reports.Rendering;

/// <summary>
/// CSV through CsvHelper: one header row, then the rows; a document of several tables becomes one table with a leading
/// "Section" column and the union of the tables' columns. Cells starting with <c>= + - @</c>, tab or CR get a leading
/// apostrophe (CsvHelper's injection escaping), so a spreadsheet shows them as text instead of running them.
/// </summary>
internal static class CsvReportWriter
{
    private const int FlushEveryRows = 2_000;

    public static async Task WriteAsync(ReportDocument document, Stream output, CancellationToken cancellationToken)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            InjectionOptions = InjectionOptions.Escape,
            BufferSize = 32 * 1024, // CsvHelper's own buffer (4 KB by default): fewer hand-overs to the stream writer
        };
        var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            var csv = new CsvWriter(writer, configuration, leaveOpen: true);
            await using (csv.ConfigureAwait(false))
            {
                var sections = document.Sections.Count > 1;
                var columns = document.Sections.SelectMany(s => s.Columns).DistinctBy(c => c.Key).ToList();
                if (sections)
                {
                    csv.WriteField("Section");
                }

                foreach (var column in columns)
                {
                    csv.WriteField(column.Header);
                }

                await csv.NextRecordAsync().ConfigureAwait(false);
                var rows = 0;
                foreach (var section in document.Sections)
                {
                    var positions = section.Columns.Select(c => columns.FindIndex(u => u.Key == c.Key)).ToArray();
                    var direct = !sections && positions.Select((p, i) => p == i).All(same => same);
                    var scratch = new string?[columns.Count];
                    await foreach (var row in section.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        // One table (every report): the row is the line; several (Export Entry): cells placed under their columns.
                        var line = row;
                        if (!direct || row.Length != columns.Count)
                        {
                            line = scratch;
                            Array.Clear(line);
                            for (var i = 0; i < row.Length; i++)
                            {
                                line[positions[i]] = row[i];
                            }
                        }

                        if (sections)
                        {
                            csv.WriteField(section.Title);
                        }

                        foreach (var cell in line)
                        {
                            csv.WriteField(SafeText.Clean(cell) ?? "");
                        }

                        await csv.NextRecordAsync().ConfigureAwait(false);
                        if (++rows % FlushEveryRows == 0)
                        {
                            await csv.FlushAsync().ConfigureAwait(false);
                        }
                    }
                }

                await csv.FlushAsync().ConfigureAwait(false);
            }
        }
    }
}
