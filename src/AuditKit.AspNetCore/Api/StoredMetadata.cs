using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AuditKit.AspNetCore;

/// <summary>
/// Whether an event's stored metadata JSON (canonical: compact, keys in order, docs/integrity.md) is, byte for byte,
/// what the API's writer makes of it after parsing it (<see cref="AuditEvent.Metadata"/>, each value's
/// <see cref="JsonElement.WriteTo"/>), so the page can copy it. True only for printable ASCII without a backslash
/// (with no escape in it, every <c>"</c> opens or closes a string, so strings are known exactly), no character the
/// API's encoder would escape inside a string, and nothing but JSON's own tokens outside strings (no white space; no
/// <c>+</c>, which the encoder escapes): the writer writes numbers, literals and such strings as they are, and puts
/// nothing between tokens.
/// Anything else (non-ASCII text, escapes, HTML-sensitive characters) is parsed and written as before.
/// </summary>
internal static class StoredMetadata
{
    // Characters 0x20-0x7E a string may hold unchanged under the API's encoder; outside strings, JSON's token characters.
    private static readonly bool[] InString = StringCharacters(AuditApiJson.Options.Encoder ?? JavaScriptEncoder.Default);
    private static readonly bool[] OutsideString = TokenCharacters();

    // The quote and every character a string may hold unchanged but the space. Stored metadata is valid JSON, so
    // outside its strings there are only tokens and white space; with none of the latter (the space is not here,
    // nor tab or line breaks) and no backslash, text made only of these is written as it is (one vectorized pass).
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        Enumerable.Range(0, 0x80).Select(c => (char)c).Where(c => c == '"' || (c != ' ' && InString[c])).ToArray());

    public static bool IsWrittenAsItIs(string json)
    {
        if (json.Length < 2 || json[0] != '{')
        {
            return false;
        }

        var other = json.AsSpan().IndexOfAnyExcept(Plain);
        return other < 0 || (json[other] == ' ' && Scan(json));
    }

    // With a space somewhere: each character in its place (with no escapes, every quote opens or closes a string).
    private static bool Scan(string json)
    {
        var inString = false;
        foreach (var c in json)
        {
            if (c == '"')
            {
                inString = !inString;
            }
            else if (c >= 0x80 || !(inString ? InString : OutsideString)[c])
            {
                return false;
            }
        }

        return !inString;
    }

    private static bool[] StringCharacters(JavaScriptEncoder encoder)
    {
        var safe = new bool[0x80];
        for (var c = (char)0x20; c < 0x7F; c++)
        {
            safe[c] = c != '\\' && c != '"' && encoder.FindFirstCharacterToEncodeUtf8([(byte)c]) < 0;
        }

        return safe;
    }

    private static bool[] TokenCharacters()
    {
        var safe = new bool[0x80];
        foreach (var c in "{}[]:,-.0123456789truefalsnE")
        {
            safe[c] = true;
        }

        return safe;
    }
}
