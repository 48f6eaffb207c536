using PdfSharp.Fonts;

namespace AuditKit.Reports.Rendering;

/// <summary>
/// The DejaVu Sans fonts PDFs are drawn with, loaded from a folder (by default where Debian's <c>fonts-dejavu-core</c>
/// installs them). PDFsharp takes its font resolver from a process-wide setting: it is set to ours when nobody set one;
/// a host that sets its own must resolve the family "DejaVu Sans" (regular and bold).
/// </summary>
internal sealed class ReportFonts(string? directory)
{
    public const string Family = "DejaVu Sans";

    private const string EnvironmentVariable = "AUDITKIT_FONT_DIR";

    // Where distributions install DejaVu: Debian/Ubuntu (fonts-dejavu-core), Fedora, Arch, Alpine, Homebrew-style prefixes.
    private static readonly string[] KnownDirectories =
    [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu-sans-fonts",
        "/usr/share/fonts/TTF",
        "/usr/share/fonts/dejavu",
        "/usr/local/share/fonts/dejavu",
    ];

    private static readonly Lock Gate = new();

    /// <summary>Makes sure PDFsharp can resolve <see cref="Family"/>; returns the code points the font covers, or null when a host's own resolver is in use.</summary>
    /// <exception cref="InvalidOperationException">The fonts are not installed; the message says how to install or point to them.</exception>
    public FontCoverage? EnsureResolver()
    {
        lock (Gate)
        {
            GlobalFontSettings.FontResolver ??= new DejaVuFontResolver(FindDirectory());
            return (GlobalFontSettings.FontResolver as DejaVuFontResolver)?.Coverage.Value;
        }
    }

    private string FindDirectory()
    {
        var candidates = directory is not null
            ? [directory]
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? [fromEnvironment] : KnownDirectories;
        foreach (var candidate in candidates)
        {
            if (File.Exists(Path.Combine(candidate, DejaVuFontResolver.Regular + ".ttf")) && File.Exists(Path.Combine(candidate, DejaVuFontResolver.Bold + ".ttf")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"PDF reports need the DejaVu Sans fonts ({DejaVuFontResolver.Regular}.ttf and {DejaVuFontResolver.Bold}.ttf), found in none of: {string.Join(", ", candidates)}. " +
            $"Install them (Debian: apt-get install fonts-dejavu-core) or set ReportOptions.FontDirectory or {EnvironmentVariable}.");
    }

    private sealed class DejaVuFontResolver(string directory) : IFontResolver
    {
        public const string Regular = "DejaVuSans";
        public const string Bold = "DejaVuSans-Bold";

        public Lazy<FontCoverage?> Coverage { get; } = new(() => FontCoverage.Read(File.ReadAllBytes(Path.Combine(directory, Regular + ".ttf"))));

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase)
                ? new FontResolverInfo(bold ? Bold : Regular)
                : null;

        public byte[]? GetFont(string faceName) =>
            faceName is Regular or Bold ? File.ReadAllBytes(Path.Combine(directory, faceName + ".ttf")) : null;
    }
}
