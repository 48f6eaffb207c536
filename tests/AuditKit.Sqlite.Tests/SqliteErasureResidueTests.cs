using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AuditKit.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// After an erasure no word of an erased value may be readable anywhere in the database's files (audit.db, its
/// WAL, shared memory, journals), while the host runs and after it stops. The scan looks for every word in the
/// forms a file can hold it: as written (NFC or NFD), lower and upper case, the search index's folded form, in
/// UTF-8 and UTF-16. The FTS5 index prefix-compresses a word against the word before it on its page, so for the
/// index the scan looks for the part after the longest prefix the word shares with any other word of the test's
/// data. Each needle is first shown to be present before the erasure, so the scan can find what it looks for.
/// </summary>
public sealed partial class SqliteErasureResidueTests
{
    private static readonly AuditActor Subject = new("u-zq", "Zofia Quaglieri", "zofia.quaglieri@wyvernpost.invalid", "Clerk");
    private static readonly AuditActor Other = new("u-bob", "Bob Smith", "bob@example.com", "Clerk");
    private const string RecordName = "Xavierine Plumtree";
    private static readonly Person Before = new() { FullName = "Xavierine Plumtree", Email = "xavierine@quokkamail.invalid", CreditLimit = 1000m };

    // Decomposed on purpose (NFD): the row keeps it as written, the index in its composed, folded form.
    private static readonly Person After = new() { FullName = "Zoe\u0308 Brontesque-Plumtree", Email = "zoe\u0308.brontesque@quokkamail.invalid", CreditLimit = 2500m };

    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task EraseAsync_ActorAndRecord_LeaveNoErasedWordInAnyFileWhileRunningOrAfterStop()
    {
        var erased = Words([Subject.Name!, Subject.Email!, "10.77.66.55", "Quaglieri-Laptop", "Gdańsk", RecordName, Before.FullName!, Before.Email!, After.FullName!, After.Email!]);
        var kept = Words([Other.Name!, Other.Email!, "10.1.1.3", "Firefox", "Order changed", "Order", "SO", "Update", "Contact", "K", "7", "Clerk", "u-zq", "u-bob",
            "CreditLimit", "1000", "2500", "FullName", "Email", "PersonalDataErased", "DSR-2026-41", "DSR-2026-42", "Create", "Security", "sys"]);
        var needles = Needles(erased.Except(kept).Where(w => w.Length >= 4).ToList(), erased.Concat(kept).ToHashSet());
        needles.Should().NotBeEmpty();

        using (var host = await StartAsync())
        {
            await RecordAsync(host);
            Present(needles).Should().BeEquivalentTo(needles.Select(n => n.Word).Distinct(), "before the erasure every needle is in the files (the scan sees the index and the rows)");

            var eraser = host.Services.GetRequiredService<IAuditEraser>();
            (await eraser.EraseAsync(ErasureRequest.ForActor("u-zq", "DSR-2026-41"))).EventsErased.Should().Be(10);
            (await eraser.EraseAsync(ErasureRequest.ForRecord("Contact", "K-7", "DSR-2026-42"))).EventsErased.Should().Be(1);
            await host.Services.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(AuditCategory.UserAction, AuditActions.Update) { Message = "Order changed" });

            Present(needles).Should().BeEmpty("while the host runs, no erased word is left in audit.db, its WAL or any other file");
            var reader = host.Services.GetRequiredService<IAuditReader>();
            (await reader.QueryAsync(new AuditQuery { Text = "Smith" })).Events.Should().HaveCount(11, "the other actor's words stay searchable");
            (await reader.QueryAsync(new AuditQuery { Text = "quaglieri" })).Events.Should().BeEmpty();
            await host.StopAsync();
        }

        SqliteConnection.ClearAllPools();
        Present(needles).Should().BeEmpty("after the host stopped, no erased word is left in any file");
        await using var connection = new SqliteConnection($"Data Source={_folder.File("audit.db")}");
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "INSERT INTO audit_events_fts (audit_events_fts) VALUES ('integrity-check');";
        await check.ExecuteNonQueryAsync();
    }

    private async Task RecordAsync(IHost host)
    {
        var log = host.Services.GetRequiredService<IAuditLog>();
        var accessor = host.Services.GetRequiredService<IAuditContextAccessor>();
        for (var i = 1; i <= 20; i++)
        {
            var subject = i % 2 == 0;
            using var scope = accessor.BeginScope(new AuditContext(subject ? Subject : Other,
                subject ? new AuditClient("10.77.66.55", "Gdańsk", "Firefox", "Quaglieri-Laptop", "s-1") : new AuditClient("10.1.1.3", UserAgent: "Firefox")));
            await log.RecordAsync(new AuditEvent(AuditCategory.RecordChange, AuditActions.Update) { Target = new AuditTarget("Order", $"SO-{i}"), Message = "Order changed" });
        }

        using (accessor.BeginScope(new AuditContext(Other)))
        {
            await log.RecordChangeAsync("Contact", "K-7", RecordName, Before, After);
        }
    }

    private async Task<IHost> StartAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a.UseSqlite($"Data Source={_folder.File("audit.db")}").AddErasure());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>The words of the needles still found in some file of the folder.</summary>
    private List<string> Present(List<(string Word, byte[] Bytes)> needles)
    {
        var found = new HashSet<string>();
        foreach (var file in Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".lock", StringComparison.Ordinal))
            {
                new FileInfo(file).Length.Should().Be(0, "a stream's lock file holds nothing");
                continue;
            }

            var raw = ReadHeldOrNot(file);
            foreach (var (word, bytes) in needles)
            {
                if (raw.AsSpan().IndexOf(bytes) >= 0)
                {
                    found.Add(word);
                }
            }
        }

        return [.. found];
    }

    // The pipeline's journal files are held exclusively (an advisory lock) while the host runs; read them past it.
    private static byte[] ReadHeldOrNot(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (IOException)
        {
            using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", [file]) { RedirectStandardOutput = true })!;
            using var bytes = new MemoryStream();
            cat.StandardOutput.BaseStream.CopyTo(bytes);
            cat.WaitForExit();
            cat.ExitCode.Should().Be(0, $"{file} is readable");
            return bytes.ToArray();
        }
    }

    /// <summary>Each word in every form a file may hold it, plus its index form after the longest prefix it shares with another word.</summary>
    private static List<(string Word, byte[] Bytes)> Needles(List<string> words, HashSet<string> vocabulary)
    {
        var needles = new List<(string, byte[])>();
        foreach (var word in words)
        {
            var shared = vocabulary.Where(v => v != word).Select(v => CommonPrefix(v, word)).DefaultIfEmpty(0).Max();
            var suffix = word[shared..];
            suffix.Length.Should().BeGreaterThanOrEqualTo(3, $"the index form of \"{word}\" is distinctive");
            var forms = new HashSet<string> { suffix, word, word.ToUpperInvariant(), Capitalized(word), word.Normalize(NormalizationForm.FormD), Capitalized(word).Normalize(NormalizationForm.FormD) };
            foreach (var form in forms)
            {
                needles.Add((word, Encoding.UTF8.GetBytes(form)));
                needles.Add((word, Encoding.Unicode.GetBytes(form)));
            }
        }

        return needles;
    }

    /// <summary>The test's own word rule (not AuditKit's tokenizer): NFKC, runs of letters, marks and digits, lower case.</summary>
    private static List<string> Words(IEnumerable<string> values) =>
        [.. values.SelectMany(v => WordPattern().Matches(v.Normalize(NormalizationForm.FormKC)).Select(m => m.Value.ToLower(CultureInfo.InvariantCulture).Normalize(NormalizationForm.FormKC))).Distinct()];

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*")]
    private static partial Regex WordPattern();

    private sealed class Person
    {
        [AuditPersonal]
        public string? FullName { get; set; }

        [AuditPersonal]
        public string? Email { get; set; }

        public decimal CreditLimit { get; set; }
    }
}
