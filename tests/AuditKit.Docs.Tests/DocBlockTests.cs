using AuditKit.Docs.Tests.Support;

namespace AuditKit.Docs.Tests;

/// <summary>
/// Every <c>```csharp</c> block of README.md, docs/*.md and src/*/README.md compiles (and those marked <c>run</c> run),
/// so the documentation cannot drift from the API. The blocks are read from the files at test time: a block added
/// anywhere is tested without touching this project. A failing block reports <c>file:line</c> and the compiler's
/// error.
/// <para>
/// The conventions a block follows:
/// </para>
/// <list type="bullet">
/// <item>Each block is one C# file of its own: top-level statements first (they may <c>await</c>), then type
/// declarations, as in a <c>Program.cs</c>. A block without statements is compiled as a library.</item>
/// <item>The namespaces of <see cref="DocBlockCompiler.GlobalUsings"/> are imported; other namespaces need a
/// <c>using</c> in the block.</item>
/// <item>The example application's types (<c>Customer</c>, <c>Order</c>, <c>OrderLine</c>, <c>Product</c>,
/// <c>SessionCache</c>, <c>ISoftDeletable</c>, <c>ErpDbContext</c>: <c>tests/AuditKit.Docs.Tests/Examples</c>) may be
/// used as they are, or declared anew by the block.</item>
/// <item>The host's objects of <see cref="Examples.DocsHost"/> (<c>builder</c>, <c>services</c>, <c>app</c>,
/// <c>audit</c> (the <c>IAuditKitBuilder</c>), <c>auditLog</c>, <c>reader</c>, <c>verifier</c>, <c>eraser</c>,
/// <c>detector</c>, <c>contextAccessor</c>, <c>db</c>) may be used undeclared; any other variable is declared by the
/// block.</item>
/// <item>A line <c>&lt;!-- docs-test: run --&gt;</c> just before the opening fence also runs the block (in a temporary
/// folder as the current directory, 60 s at most); such a block declares everything it uses.</item>
/// </list>
/// </summary>
public sealed class DocBlockTests
{
    public static IEnumerable<TestCaseData> Blocks() =>
        AllBlocks().Select(b => new TestCaseData(b).SetArgDisplayNames(b.ToString()));

    [Test]
    public void Documentation_HasCSharpBlocks_TheExtractorFindsThem()
    {
        // A broken extractor must not pass by finding nothing: README.md alone has more than five blocks.
        AllBlocks().Count(b => b.File == "README.md").Should().BeGreaterThan(5);
        AllBlocks().Should().Contain(b => b.File.StartsWith("docs/", StringComparison.Ordinal));
    }

    [TestCaseSource(nameof(Blocks))]
    public async Task CSharpBlock_Compiles_AndRunsWhenMarked(CodeBlock block)
    {
        var (errors, assembly) = DocBlockCompiler.Compile(block);
        Assert.That(errors, Is.Empty, $"the block at {block} must compile as documented (see DocBlockTests' conventions):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");

        if (block.Directives.Contains("run"))
        {
            var folder = Path.Combine(Path.GetTempPath(), "auditkit-docs-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                await DocBlockCompiler.RunAsync(assembly!, folder, TimeSpan.FromSeconds(60));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Test]
    public void Compiler_ABlockWithAnUndeclaredVariable_ReportsFileAndLine()
    {
        var (errors, _) = DocBlockCompiler.Compile(new CodeBlock("docs/x.md", 40, "csharp", "var page = 1;\nvar next = missing + page;", []));

        errors.Should().ContainSingle().Which.Should().StartWith("docs/x.md:41: CS0103");
    }

    [Test]
    public void Compiler_StatementsAfterAType_AreAnError()
    {
        var (errors, _) = DocBlockCompiler.Compile(new CodeBlock("README.md", 10, "csharp", "var a = 1;\npublic sealed class C { }\nvar b = a;", []));

        errors.Should().Contain(e => e.StartsWith("README.md:12: CS8803", StringComparison.Ordinal));
    }

    private static List<CodeBlock> AllBlocks() =>
        [.. Repository.MarkdownFiles()
            .SelectMany(f => Markdown.CodeBlocks(f, Repository.Read(f)))
            .Where(b => b.Language is "csharp" or "cs" or "c#")];
}
