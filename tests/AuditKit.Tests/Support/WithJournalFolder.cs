namespace AuditKit.Tests.Support;

/// <summary>Tests that need a journal folder of their own that outlives one host (a restart reads it): made before each test, removed after.</summary>
public abstract class WithJournalFolder
{
    /// <summary>This test's journal folder, under the temp folder.</summary>
    protected string JournalFolder { get; private set; } = null!;

    [SetUp]
    public void CreateJournalFolder()
    {
        JournalFolder = Path.Combine(Path.GetTempPath(), "auditkit-tests", "journal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(JournalFolder);
    }

    [TearDown]
    public void RemoveJournalFolder() => Directory.Delete(JournalFolder, recursive: true);
}
