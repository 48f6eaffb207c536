using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditKit.AspNetCore;

/// <summary>
/// Reads a JSON request body for the API's writing endpoints (settings, alerts, retention): JSON content type only, at
/// most <see cref="MaxBytes"/> (checked while reading, so a chunked body without Content-Length cannot grow past it), a
/// <c>400</c> validation problem naming the member for malformed JSON, never an exception.
/// </summary>
internal static class ApiJsonBody
{
    /// <summary>The largest body accepted: 1 MiB.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer with.</summary>
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : class
    {
        if (http.Request.ContentLength is > MaxBytes)
        {
            return (null, Invalid("body", $"The body is larger than {MaxBytes:N0} bytes."));
        }

        if (!(http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return (null, Invalid("body", "The body must be JSON (Content-Type: application/json)."));
        }

        try
        {
            using var limited = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (limited.Length + read > MaxBytes)
                {
                    return (null, Invalid("body", $"The body is larger than {MaxBytes:N0} bytes."));
                }

                limited.Write(buffer, 0, read);
            }

            limited.Position = 0;
            var value = await JsonSerializer.DeserializeAsync<T>(limited, AuditApiJson.Options, cancellationToken).ConfigureAwait(false);
            return value is null ? (null, Invalid("body", "The body is empty.")) : (value, null);
        }
        catch (JsonException bad)
        {
            return (null, Invalid(bad.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body", $"The body is not valid: {bad.Message}"));
        }
    }

    /// <summary>A 400 validation problem for one member.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
