namespace AuditKit.Sqlite.Tests.Support;

/// <summary>A test class over a fresh year of events (<see cref="RetentionYear"/>) in a SQLite file of its own per test.</summary>
public abstract class RetentionYearFixture
{
    /// <summary>The test's folder: the database, archives and work folders go here.</summary>
    protected TempFolder Folder { get; private set; } = null!;

    /// <summary>The year written into <c>audit.db</c> in <see cref="Folder"/>, with the test's own oracle of it.</summary>
    protected RetentionYear Year { get; private set; } = null!;

    [SetUp]
    public async Task WriteYearAsync()
    {
        Folder = new TempFolder();
        Year = await RetentionYear.WriteAsync(Folder.File("audit.db"));
    }

    [TearDown]
    public void RemoveFolder() => Folder.Dispose();
}
