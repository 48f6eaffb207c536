namespace AuditKit.AspNetCore;

/// <summary>One embedded file of the audit screens, with what its responses need.</summary>
/// <param name="Name">The file name under <c>ui/</c> (<c>app.js</c>, <c>screens/logs.js</c>).</param>
/// <param name="Content">The bytes.</param>
/// <param name="ContentType">The media type with its charset.</param>
/// <param name="ETag">A strong entity tag from the content's SHA-256.</param>
internal sealed record AuditUiAsset(string Name, ReadOnlyMemory<byte> Content, string ContentType, string ETag);
