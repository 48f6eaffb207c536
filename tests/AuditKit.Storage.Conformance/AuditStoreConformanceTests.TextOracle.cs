using AuditKit.Storage.Conformance.Support;
using FluentAssertions.Execution;

namespace AuditKit.Storage.Conformance;

/// <summary>
/// Free text against a hand-written oracle: a small corpus and, for each query, the events it must find, written
/// out by hand from the documented rule (docs/search.md: NFKC, lower case with İ → i and ς → σ, accents, ß and ı
/// significant, marks belong to their word, everything else separates) — not computed with AuditKit's tokenizer,
/// so a tokenizer bug cannot cancel itself out.
/// </summary>
public abstract partial class AuditStoreConformanceTests
{
    private static readonly (string Name, string Text)[] TextCorpus =
    [
        ("nfc", "Cr\u00E8me br\u00FBl\u00E9e Z\u00FCrich"),
        ("nfd", "Cre\u0300me bru\u0302le\u0301e Zu\u0308rich"),
        ("plain", "Creme brulee Zurich"),
        ("eszett", "Stra\u00DFe"),
        ("ss", "STRASSE"),
        ("sigmaFinal", "\u03BB\u03CC\u03B3\u03BF\u03C2"),
        ("sigmaUpper", "\u039B\u038C\u0393\u039F\u03A3"),
        ("dottedI", "\u0130stanbul"),
        ("dotlessI", "\u0131stanbul"),
        ("asciiI", "ISTANBUL"),
        ("fullwidth", "\uFF21\uFF22\uFF23\uFF11\uFF12\uFF13"),
        ("ascii123", "abc123"),
        ("ligature", "\uFB01le"),
        ("punct", "e-mail: jane.doe@example.com (approved!)"),
        ("operators", "this OR that NEAR the end"),
        ("quote", "O'Brien said \"hi\" -5 * 2"),
    ];

    private static readonly (string Query, string[] Expected)[] TextOracle =
    [
        ("Cr\u00E8me", ["nfc", "nfd"]),
        ("CR\u00C8ME", ["nfc", "nfd"]),
        ("Cre\u0300me", ["nfc", "nfd"]),
        ("creme", ["plain"]),
        ("z\u00FCrich br\u00FBl\u00E9e", ["nfc", "nfd"]),
        ("me", []),
        ("cre*", ["plain"]),
        ("cr\u00E8*", ["nfc", "nfd"]),
        ("stra\u00DFe", ["eszett"]),
        ("STRA\u1E9EE", ["eszett"]),
        ("strasse", ["ss"]),
        ("\u03BB\u03CC\u03B3\u03BF\u03C2", ["sigmaFinal", "sigmaUpper"]),
        ("\u03BB\u03CC\u03B3\u03BF\u03C3", ["sigmaFinal", "sigmaUpper"]),
        ("\u039B\u038C\u0393\u039F\u03A3", ["sigmaFinal", "sigmaUpper"]),
        ("\u03BB\u03BF\u03B3\u03BF\u03C2", []),
        ("\u03BB\u03CC\u03B3*", ["sigmaFinal", "sigmaUpper"]),
        ("istanbul", ["dottedI", "asciiI"]),
        ("\u0130STANBUL", ["dottedI", "asciiI"]),
        ("\u0131stanbul", ["dotlessI"]),
        ("abc123", ["fullwidth", "ascii123"]),
        ("\uFF21\uFF22\uFF23\uFF11\uFF12\uFF13", ["fullwidth", "ascii123"]),
        ("\uFF41\uFF42\uFF43*", ["fullwidth", "ascii123"]),
        ("file", ["ligature"]),
        ("\uFB01le", ["ligature"]),
        ("jane.doe@example.com", ["punct"]),
        ("MAIL", ["punct"]),
        ("OR", ["operators"]),
        ("this OR nobody", []),
        ("NEAR(this that)", ["operators"]),
        ("\"that\"", ["operators"]),
        ("th*", ["operators"]),
        ("-that", ["operators"]),
        ("o'brien", ["quote"]),
        ("5", ["quote"]),
        ("said AND", []),
        ("'", ["*"]),
        ("*", ["*"]),
        ("\"", ["*"]),
    ];

    [Test]
    public virtual async Task QueryAsync_TextCorpus_ReturnsExactlyTheHandWrittenHits()
    {
        await using var store = await CreateStoreAsync();
        var events = TextCorpus.Select((c, i) => new AuditEvent(AuditCategory.System, "Memo") { Timestamp = Start.AddMinutes(i), Message = c.Text }).ToList();
        await StoreSeeder.AppendAsync(store, events);
        var names = events.Select((e, i) => (e.Id, TextCorpus[i].Name)).ToDictionary(p => p.Id, p => p.Name);

        using var scope = new AssertionScope();
        foreach (var (text, expected) in TextOracle)
        {
            var wanted = expected is ["*"] ? TextCorpus.Select(c => c.Name).ToArray() : expected;
            var page = await store.QueryAsync(new AuditQuery { Text = text, PageSize = 100 });
            page.Events.Select(e => names[e.Id]).Should().BeEquivalentTo(wanted, $"the query \"{text}\" finds exactly these");
            (await store.CountAsync(new AuditQuery { Text = text })).Should().Be(wanted.Length, $"the query \"{text}\" counts them");
        }
    }
}
