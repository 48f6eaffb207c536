using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuditKit.Interop;

/// <summary>
/// Formats an <see cref="AuditEvent"/> as one ArcSight Common Event Format line:
/// <c>CEF:0|Vendor|Product|Version|Category:Action|Name|Severity|Extension</c>. Header fields escape <c>\</c> and <c>|</c>
/// and have line breaks replaced by spaces; extension values escape <c>\</c>, <c>=</c> and line breaks (<c>\n</c>,
/// <c>\r</c>). Unpaired UTF-16 surrogates become U+FFFD. The field table is in docs/interop.md.
/// </summary>
public static class CefMapping
{
    /// <summary>The event as one CEF line (no line break inside or at the end).</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="product">The reporting product (<see cref="InteropProduct.Default"/> when null).</param>
    /// <returns>The CEF text.</returns>
    public static string Format(AuditEvent auditEvent, InteropProduct? product = null)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var e = auditEvent;
        product ??= InteropProduct.Default;
        var b = new StringBuilder(256);
        b.Append("CEF:0|");
        Header(b, product.Vendor);
        Header(b, product.Name);
        Header(b, product.Version);
        Header(b, e.Category.ToString() + ":" + e.Action);
        Header(b, e.Message ?? e.Action);
        b.Append(Severity(e.Risk).ToString(CultureInfo.InvariantCulture)).Append('|');

        var first = true;
        Ext(b, ref first, "rt", e.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Ext(b, ref first, "externalId", e.Id == Guid.Empty ? null : e.Id.ToString("D"));
        Ext(b, ref first, "cat", e.Category.ToString());
        Ext(b, ref first, "act", e.Action);
        Ext(b, ref first, "outcome", e.Outcome.ToString());
        Ext(b, ref first, "msg", e.Message);
        Ext(b, ref first, "suid", e.Actor?.Id);
        Ext(b, ref first, "suser", e.Actor?.Name);
        Ext(b, ref first, "spriv", e.Actor?.Role);
        if (e.Client is { } client)
        {
            if (client.IpAddress is { } ip)
            {
                var v6 = IPAddress.TryParse(ip, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6;
                Ext(b, ref first, v6 ? "c6a2" : "src", ip);
            }

            Ext(b, ref first, "requestClientApplication", client.UserAgent);
        }

        Ext(b, ref first, "duid", e.Target?.RecordId);
        Ext(b, ref first, "duser", e.Target?.RecordName);
        Custom(b, ref first, 1, "entityType", e.Target?.EntityType);
        Custom(b, ref first, 2, "tenantId", e.TenantId);
        Custom(b, ref first, 3, "correlationId", e.CorrelationId);
        Custom(b, ref first, 4, "displayId", e.Sequence > 0 ? e.DisplayId : null);
        Custom(b, ref first, 5, "sessionId", e.Client?.SessionId);
        Custom(b, ref first, 6, "changes", e.Changes.Count == 0 ? null : ChangesText(e.Changes));
        Ext(b, ref first, "cn1Label", e.Sequence > 0 ? "sequence" : null);
        Ext(b, ref first, "cn1", e.Sequence > 0 ? e.Sequence.ToString(CultureInfo.InvariantCulture) : null);
        return b.ToString();
    }

    /// <summary>The CEF severity (0–10) of a risk level: None 1, Low 3, Medium 5, High 8, Critical 10.</summary>
    /// <param name="risk">The risk level.</param>
    /// <returns>The severity.</returns>
    public static int Severity(RiskLevel risk) => risk switch
    {
        RiskLevel.Low => 3,
        RiskLevel.Medium => 5,
        RiskLevel.High => 8,
        RiskLevel.Critical => 10,
        _ => 1,
    };

    /// <summary>Escapes a header field: <c>\</c> → <c>\\</c>, <c>|</c> → <c>\|</c>, CR and LF → space.</summary>
    internal static void Header(StringBuilder b, string value)
    {
        foreach (var c in InteropText.Valid(value))
        {
            switch (c)
            {
                case '\\': b.Append(@"\\"); break;
                case '|': b.Append(@"\|"); break;
                case '\r' or '\n': b.Append(' '); break;
                default: b.Append(c); break;
            }
        }

        b.Append('|');
    }

    /// <summary>Escapes an extension value: <c>\</c> → <c>\\</c>, <c>=</c> → <c>\=</c>, LF → <c>\n</c>, CR → <c>\r</c>.</summary>
    internal static void ExtensionValue(StringBuilder b, string value)
    {
        foreach (var c in InteropText.Valid(value))
        {
            switch (c)
            {
                case '\\': b.Append(@"\\"); break;
                case '=': b.Append(@"\="); break;
                case '\n': b.Append(@"\n"); break;
                case '\r': b.Append(@"\r"); break;
                default: b.Append(c); break;
            }
        }
    }

    private static void Ext(StringBuilder b, ref bool first, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (!first)
        {
            b.Append(' ');
        }

        first = false;
        b.Append(key).Append('=');
        ExtensionValue(b, value);
    }

    private static void Custom(StringBuilder b, ref bool first, int slot, string label, string? value)
    {
        if (value is null)
        {
            return;
        }

        var n = slot.ToString(CultureInfo.InvariantCulture);
        Ext(b, ref first, "cs" + n + "Label", label);
        Ext(b, ref first, "cs" + n, value);
    }

    // field: old -> new; ... (compact: a SIEM shows it as text; the OCSF form carries the structured changes)
    private static string ChangesText(IReadOnlyList<FieldChange> changes)
    {
        var b = new StringBuilder();
        foreach (var change in changes)
        {
            if (b.Length > 0)
            {
                b.Append("; ");
            }

            b.Append(change.Field).Append(": ").Append(change.OldValue ?? "(none)").Append(" -> ").Append(change.NewValue ?? "(none)");
        }

        return b.ToString();
    }
}
