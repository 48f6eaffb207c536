using System.Globalization;
using System.Text;

namespace AuditKit.Interop;

/// <summary>
/// Builds one RFC 5424 message: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME - MSGID [SD-ID id=".." stream=".." seq=".."] BOM MSG</c>.
/// Header fields are printable US-ASCII (others become '_') within the RFC's lengths; PARAM-VALUEs escape '"', '\' and ']'.
/// </summary>
internal static class SyslogMessage
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static byte[] Format(AuditEvent e, SyslogForwardingOptions options, string hostname, int maxBytes = int.MaxValue)
    {
        var header = new StringBuilder(160);
        header.Append('<').Append(((options.Facility * 8) + Severity(e.Risk)).ToString(CultureInfo.InvariantCulture)).Append(">1 ");
        header.Append(e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append(' ');
        Field(header, hostname, 255);
        Field(header, options.Product.Name, 48);
        header.Append("- ");
        Field(header, e.Action, 32);
        header.Append('[').Append(options.StructuredDataId);
        if (e.Id != Guid.Empty)
        {
            Param(header, "id", e.Id.ToString("D"));
        }

        if (e.Sequence > 0)
        {
            Param(header, "stream", e.StreamId.ToString(CultureInfo.InvariantCulture));
            Param(header, "seq", e.Sequence.ToString(CultureInfo.InvariantCulture));
        }

        if (e.TenantId is not null)
        {
            Param(header, "tenant", InteropText.Valid(e.TenantId));
        }

        header.Append("] ");
        var body = options.Format == ForwardingFormat.Ocsf ? OcsfMapping.ToJson(e, options.Product) : CefMapping.Format(e, options.Product);
        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var room = maxBytes - headerBytes.Length - Bom.Length;
        if (bodyBytes.Length > room)
        {
            var cut = Math.Max(0, room);
            while (cut > 0 && (bodyBytes[cut] & 0xC0) == 0x80)
            {
                cut--; // never split a UTF-8 sequence
            }

            bodyBytes = bodyBytes.AsSpan(0, cut).ToArray();
        }

        var message = new byte[headerBytes.Length + Bom.Length + bodyBytes.Length];
        headerBytes.CopyTo(message, 0);
        Bom.CopyTo(message, headerBytes.Length);
        bodyBytes.CopyTo(message, headerBytes.Length + Bom.Length);
        return message;
    }

    /// <summary>RFC 5424 severity of a risk level: None 6 (informational), Low 5 (notice), Medium 4 (warning), High 3 (error), Critical 2 (critical).</summary>
    public static int Severity(RiskLevel risk) => risk switch
    {
        RiskLevel.Low => 5,
        RiskLevel.Medium => 4,
        RiskLevel.High => 3,
        RiskLevel.Critical => 2,
        _ => 6,
    };

    private static void Field(StringBuilder b, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            b.Append("- ");
            return;
        }

        var length = Math.Min(value.Length, maxLength);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            b.Append(c is >= '!' and <= '~' ? c : '_');
        }

        b.Append(' ');
    }

    private static void Param(StringBuilder b, string name, string value)
    {
        b.Append(' ').Append(name).Append("=\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\' or ']')
            {
                b.Append('\\');
            }

            b.Append(c);
        }

        b.Append('"');
    }
}
