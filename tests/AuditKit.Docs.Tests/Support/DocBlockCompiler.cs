using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AuditKit.Docs.Tests.Support;

/// <summary>
/// Compiles one documentation block with Roslyn, as a file of its own, against every assembly this test project
/// loads (the AuditKit packages, EF Core, the hosting stack, FluentAssertions and the examples of
/// <see cref="Examples.DocsHost"/>), with <see cref="GlobalUsings"/> imported.
/// </summary>
internal static class DocBlockCompiler
{
    /// <summary>The namespaces every block may use without a using directive (a console app's implicit usings and the usual host ones).</summary>
    public static readonly IReadOnlyList<string> GlobalUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "System.Security.Cryptography", "AuditKit", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting",
        "Microsoft.EntityFrameworkCore", "FluentAssertions", "AuditKit.Docs.Examples",
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(Examples.DocsHost).Assembly.Location)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    private static readonly string GlobalUsingsSource =
        string.Concat(GlobalUsings.Select(u => $"global using {u};\n")) + "global using static AuditKit.Docs.Examples.DocsHost;\n";

    /// <summary>Compiles the block; the errors, each as <c>file:line: CSxxxx: message</c>, and the assembly when there are none.</summary>
    public static (List<string> Errors, byte[]? Assembly) Compile(CodeBlock block)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(block.Code, options, path: block.File);
        var usings = CSharpSyntaxTree.ParseText(GlobalUsingsSource, options, path: "GlobalUsings.cs");
        var hasStatements = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "DocBlock_" + Guid.NewGuid().ToString("N"),
            [tree, usings],
            References.Value,
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var errors = result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{block.File}:{block.Line + d.Location.GetLineSpan().StartLinePosition.Line}: {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();
        return (errors, errors.Count == 0 ? stream.ToArray() : null);
    }

    /// <summary>Runs a compiled block's top-level statements in <paramref name="folder"/> (as the current directory), in a collectible load context.</summary>
    public static async Task RunAsync(byte[] assembly, string folder, TimeSpan timeout)
    {
        var context = new AssemblyLoadContext("DocBlock", isCollectible: true);
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder;
        try
        {
            var entry = context.LoadFromStream(new MemoryStream(assembly)).EntryPoint
                ?? throw new InvalidOperationException("The block has no top-level statements to run.");
            var run = Task.Run(() =>
            {
                try
                {
                    var returned = entry.Invoke(null, entry.GetParameters().Length == 0 ? [] : [Array.Empty<string>()]);
                    if (returned is Task task)
                    {
                        task.GetAwaiter().GetResult();
                    }
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                }
            });
            await run.WaitAsync(timeout);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            context.Unload();
        }
    }
}
