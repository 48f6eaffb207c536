namespace AuditKit.Tests.Querying;

public sealed class SearchTermsTests
{
    [TestCase("Acme Corporation", new[] { "acme", "corporation" })]
    [TestCase("CUST-12345", new[] { "cust", "12345" })]
    [TestCase("'; DROP TABLE x; --", new[] { "drop", "table", "x" })]
    [TestCase("NEAR(credit limit)", new[] { "near", "credit", "limit" })]
    [TestCase("\"quoted\" ^ - :", new[] { "quoted" })]
    [TestCase("😀 café Ünï", new[] { "café", "ünï" })]
    [TestCase("a a A", new[] { "a" })]
    [TestCase("\uD800bad\uDC00", new[] { "bad" })]
    [TestCase("Cre\u0300me", new[] { "cr\u00E8me" })]
    [TestCase("\uFF21\uFF22\uFF23\uFF11", new[] { "abc1" })]
    [TestCase("\u039B\u038C\u0393\u039F\u03A3 \u03BB\u03CC\u03B3\u03BF\u03C2", new[] { "\u03BB\u03CC\u03B3\u03BF\u03C3" })]
    [TestCase("\u0130stanbul \u0131", new[] { "istanbul", "\u0131" })]
    [TestCase("\u2764\uFE0F ok", new[] { "ok" })]
    [TestCase("", new string[0])]
    [TestCase("*** ---", new string[0])]
    public void Parse_Text_GivesLowerCaseWordTerms(string text, string[] expected)
    {
        SearchTerms.Parse(text).Select(t => t.Text).Should().Equal(expected);
        SearchTerms.Parse(text).Where(t => t.Prefix).Should().BeEmpty();
    }

    [Test]
    public void Parse_ManyLongWords_IsBounded()
    {
        var text = string.Join(' ', Enumerable.Range(0, 100).Select(i => new string((char)('a' + (i % 26)), 200) + i));
        var terms = SearchTerms.Parse(text);
        terms.Should().HaveCount(SearchTerms.MaxTerms);
        terms.Should().OnlyContain(t => t.Text.Length <= SearchTerms.MaxTermLength && t.Prefix, "a cut term still matches as a prefix");
    }

    [Test]
    public void Parse_StarRightAfterAWord_MakesItAPrefixTerm()
    {
        SearchTerms.Parse("wareh* net *30 ac*me").Should().Equal(
            new SearchTerm("wareh", true), new SearchTerm("net", false), new SearchTerm("30", false), new SearchTerm("ac", true), new SearchTerm("me", false));
        new SearchTerm("wareh", true).Matches("warehouse").Should().BeTrue();
        new SearchTerm("wareh", false).Matches("warehouse").Should().BeFalse();
        new SearchTerm("warehouse", false).Matches("warehouse").Should().BeTrue();
    }

    [TestCase("Credit limit of Acme Corporation raised from $10,000.00 to $15,500.00", "credit limit of acme corporation raised from 10 000 00 to 15 500 00")]
    [TestCase("  jsmith@acme-erp.example.com\nSales_Manager\t", "jsmith acme erp example com sales manager")]
    [TestCase("Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "mozilla 5 0 windows nt 10 0 win64 x64")]
    [TestCase("*** ---", "")]
    [TestCase("", "")]
    public void IndexText_Ascii_IsTheFoldedWordsJoinedBySpaces(string text, string expected)
    {
        SearchTerms.IndexText(text).Should().Be(expected);
    }

    [Test]
    public void IndexText_RandomAsciiText_MatchesTheLettersAndDigitsRule()
    {
        // The ASCII fast path against an independent statement of the rule: in ASCII a word is a run of letters and
        // digits, folded to lower case (every other ASCII character, controls and symbols included, separates words).
        var random = new Random(15);
        for (var i = 0; i < 2_000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 60)).Select(_ => (char)random.Next(0, 128)).ToArray());
            var expected = string.Join(' ', System.Text.RegularExpressions.Regex.Matches(text, "[A-Za-z0-9]+").Select(m => m.Value.ToLowerInvariant()));
            SearchTerms.IndexText(text).Should().Be(expected, "for {0}", string.Join(",", text.Select(c => (int)c)));
            SearchTerms.IndexText(text).Should().Be(string.Join(' ', SearchTerms.Words(text)), "the general path gives the same words");
        }
    }
}
