using System.Buffers;
using System.Text.Json;

namespace AuditKit.Reports.Rendering;

/// <summary>
/// JSON Lines: a <c>"record":"report"</c> line (title, generator, time, parameters, columns), one <c>"record":"row"</c>
/// line per row with its <c>cells</c> keyed by column (and its <c>section</c> when the document has several tables), then <c>"record":"summary"</c> and <c>"record":"evidence"</c>. Non-ASCII and HTML-significant
/// characters are escaped, so the file is plain ASCII.
/// </summary>
internal static class JsonLinesReportWriter
{
    private const int FlushAtBytes = 64 * 1024;

    public static async Task WriteAsync(ReportDocument document, Stream output, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushAtBytes * 2);
        var json = new Utf8JsonWriter(buffer);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("record", "report");
            json.WriteString("title", SafeText.Clean(document.Title));
            json.WriteString("generator", SafeText.Clean(document.Generator));
            json.WriteString("generatedAt", document.GeneratedAt.ToUniversalTime());
            json.WriteStartObject("parameters");
            foreach (var (name, value) in document.Parameters)
            {
                json.WriteString(SafeText.Clean(name)!, SafeText.Clean(value));
            }

            json.WriteEndObject();
            json.WriteStartArray("sections");
            foreach (var section in document.Sections)
            {
                json.WriteStartObject();
                json.WriteString("title", section.Title);
                json.WriteStartArray("columns");
                foreach (var column in section.Columns)
                {
                    json.WriteStartObject();
                    json.WriteString("key", column.Key);
                    json.WriteString("header", column.Header);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await EndLineAsync(json, buffer, output, force: false, cancellationToken).ConfigureAwait(false);

            var sections = document.Sections.Count > 1;
            foreach (var section in document.Sections)
            {
                await foreach (var row in section.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    json.WriteStartObject();
                    json.WriteString("record", "row");
                    if (sections)
                    {
                        json.WriteString("section", section.Title);
                    }

                    json.WriteStartObject("cells");
                    for (var i = 0; i < row.Length; i++)
                    {
                        json.WriteString(section.Columns[i].Key, SafeText.Clean(row[i]));
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                    await EndLineAsync(json, buffer, output, force: false, cancellationToken).ConfigureAwait(false);
                }
            }

            json.WriteStartObject();
            json.WriteString("record", "summary");
            var values = document.SummaryValues();
            for (var i = 0; i < document.SummaryLabels.Count; i++)
            {
                json.WriteString(document.SummaryLabels[i], values[i]);
            }

            json.WriteEndObject();
            await EndLineAsync(json, buffer, output, force: false, cancellationToken).ConfigureAwait(false);

            var evidence = await document.Evidence(cancellationToken).ConfigureAwait(false);
            json.WriteStartObject();
            json.WriteString("record", "evidence");
            json.WriteString("verifiedAt", evidence.VerifiedAt.ToUniversalTime());
            json.WriteBoolean("intact", evidence.Intact);
            json.WriteStartArray("streams");
            foreach (var s in evidence.Streams)
            {
                json.WriteStartObject();
                json.WriteNumber("streamId", s.StreamId);
                json.WriteNumber("firstSequence", s.FirstSequence);
                json.WriteString("firstHash", s.FirstHash);
                json.WriteNumber("lastSequence", s.LastSequence);
                json.WriteString("lastHash", s.LastHash);
                json.WriteNumber("events", s.Events);
                json.WriteNumber("eventsVerified", s.EventsVerified);
                json.WriteBoolean("intact", s.Intact);
                json.WriteNumber("issuesInStream", s.IssuesInStream);
                json.WriteStartArray("issuesInRange");
                foreach (var issue in s.IssuesInRange)
                {
                    json.WriteStartObject();
                    json.WriteString("kind", issue.Kind.ToString());
                    json.WriteNumber("sequence", issue.Sequence);
                    json.WriteNumber("lastSequence", issue.LastSequence);
                    json.WriteString("detail", issue.Detail);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                if (s.Checkpoint is { } checkpoint)
                {
                    json.WritePropertyName("checkpoint");
                    using var parsed = JsonDocument.Parse(checkpoint.ToJson());
                    parsed.RootElement.WriteTo(json);
                }
                else
                {
                    json.WriteNull("checkpoint");
                }

                if (s.CheckpointSignatureValid is { } valid)
                {
                    json.WriteBoolean("checkpointSignatureValid", valid);
                }
                else
                {
                    json.WriteNull("checkpointSignatureValid");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await EndLineAsync(json, buffer, output, force: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EndLineAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream output, bool force, CancellationToken cancellationToken)
    {
        json.Flush();
        buffer.Write("\n"u8);
        json.Reset(buffer);
        if (force || buffer.WrittenCount >= FlushAtBytes)
        {
            await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            buffer.ResetWrittenCount();
        }
    }
}
