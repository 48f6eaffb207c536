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
}
