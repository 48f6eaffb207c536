using AuditKit.Docs.Tests.Support;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AuditKit.Docs.Tests;

/// <summary>
/// Every row of a documentation table with a "tested by" column names tests that exist. A cell names tests as code
/// spans: <c>`Class.Method`</c>, <c>`Class.Method_…`</c> (a prefix: every test whose name starts so) or <c>`Class`</c>
/// (a test fixture); it must name at least one, and every span must resolve. Tests are found by parsing the sources
/// under tests/ with Roslyn (methods with NUnit's or FsCheck's test attributes, inherited ones included), so the check
/// needs no test project to be built.
/// </summary>
public sealed class TestedByTests
{
    private static readonly HashSet<string> TestAttributes = new(StringComparer.Ordinal) { "Test", "TestCase", "TestCaseSource", "Theory", "Property" };

    [Test]
    public void TestedByColumns_EveryRow_NamesExistingTests()
    {
        var tests = TestIndex();
        tests.Should().ContainKey(nameof(TestedByTests), "the index must see this very fixture");
        var problems = new List<string>();
        var rowsChecked = 0;
        foreach (var file in Repository.MarkdownFiles())
        {
            foreach (var table in Markdown.Tables(file, Repository.Read(file)))
            {
                var column = table.Header.ToList().FindIndex(h => h.Equals("tested by", StringComparison.OrdinalIgnoreCase));
                if (column < 0)
                {
                    continue;
                }

                foreach (var (line, cells) in table.Rows)
                {
                    rowsChecked++;
                    var cell = column < cells.Count ? cells[column] : string.Empty;
                    var names = cell.Split('`').Where((_, i) => i % 2 == 1).ToList();
                    if (names.Count == 0)
                    {
                        problems.Add($"{file}:{line}: the tested-by cell names no test: '{cell}'");
                    }

                    problems.AddRange(names.Where(n => !Resolves(n, tests)).Select(n => $"{file}:{line}: '{n}' is not a test or test fixture under tests/"));
                }
            }
        }

        rowsChecked.Should().BeGreaterThan(0, "docs/reliability.md has a tested-by table");
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public void Resolves_PrefixesExactNamesAndFixtures()
    {
        var tests = new Dictionary<string, HashSet<string>> { ["JournalTests"] = ["Replay_TornTail_KeepsIntactRecords"] };

        Resolves("JournalTests", tests).Should().BeTrue();
        Resolves("JournalTests.Replay_TornTail_KeepsIntactRecords", tests).Should().BeTrue();
        Resolves("JournalTests.Replay_TornTail_…", tests).Should().BeTrue();
        Resolves("JournalTests.Replay_Missing", tests).Should().BeFalse();
        Resolves("SpillJournal.Open", tests).Should().BeFalse();
        Resolves("DecoratedStore", tests).Should().BeFalse();
    }

    private static bool Resolves(string name, Dictionary<string, HashSet<string>> tests)
    {
        name = name.Trim();
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return tests.TryGetValue(name, out var all) && all.Count > 0;
        }

        if (!tests.TryGetValue(name[..dot], out var methods))
        {
            return false;
        }

        var method = name[(dot + 1)..];
        foreach (var ellipsis in new[] { "…", "..." })
        {
            if (method.EndsWith(ellipsis, StringComparison.Ordinal))
            {
                var prefix = method[..^ellipsis.Length];
                return prefix.Length > 0 && methods.Any(m => m.StartsWith(prefix, StringComparison.Ordinal));
            }
        }

        return methods.Contains(method);
    }

    // Class name → its test methods, including those it inherits from other classes under tests/.
    private static Dictionary<string, HashSet<string>> TestIndex()
    {
        var own = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var bases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Path.Combine(Repository.Root, "tests"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }

            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetCompilationUnitRoot();
            foreach (var type in root.DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                var name = type.Identifier.ValueText;
                if (!own.TryGetValue(name, out var methods))
                {
                    own[name] = methods = [];
                }

                foreach (var method in type.Members.OfType<MethodDeclarationSyntax>())
                {
                    if (method.AttributeLists.SelectMany(l => l.Attributes).Any(a => TestAttributes.Contains(AttributeName(a))))
                    {
                        methods.Add(method.Identifier.ValueText);
                    }
                }

                if (type.BaseList is { } baseList)
                {
                    (bases.TryGetValue(name, out var list) ? list : bases[name] = []).AddRange(baseList.Types.Select(t => t.Type switch
                    {
                        GenericNameSyntax generic => generic.Identifier.ValueText,
                        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                        var other => other.ToString(),
                    }));
                }
            }
        }

        var index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var name in own.Keys)
        {
            var all = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([name]);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (pending.TryPop(out var current))
            {
                if (!seen.Add(current))
                {
                    continue;
                }

                if (own.TryGetValue(current, out var methods))
                {
                    all.UnionWith(methods);
                }

                foreach (var b in bases.GetValueOrDefault(current) ?? [])
                {
                    pending.Push(b);
                }
            }

            index[name] = all;
        }

        return index;
    }

    private static string AttributeName(AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            var other => other.ToString(),
        };
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;
    }
}
