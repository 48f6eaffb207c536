using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuditKit.AspNetCore.Tests.Support;

/// <summary>Reads the API's JSON as nodes: the tests check the wire format, not the server's types.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static async Task<JsonNode> BodyAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty body");
    }

    public static IReadOnlyList<JsonNode> Items(this JsonNode page) => page["items"]!.AsArray().Select(n => n!).ToList();
}
