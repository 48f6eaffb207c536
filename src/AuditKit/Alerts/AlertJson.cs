using System.Text.Json;

namespace AuditKit;

/// <summary>The JSON options of alert rules: the settings documents' web defaults (camelCase).</summary>
internal static class AlertJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
