using AuditKit.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// <see cref="SqliteProcessSettings"/> changes nothing once SQLite has started (this test process has opened
/// connections by then); the fresh-process case, where <c>UseSqlite</c> applies it by default, is checked by the
/// package consumer (tests/AuditKit.PackageConsumer: SQLite then counts no memory).
/// </summary>
public sealed class SqliteProcessSettingsTests
{
    [Test]
    public void DisableMemoryStatistics_AfterSqliteStarted_ReturnsFalseAndChangesNothing()
    {
        using var first = new SqliteConnection("Data Source=:memory:");
        first.Open();

        // Whatever an earlier test's UseSqlite left (counting or not), it stays so: measured with a connection open.
        var counting = raw.sqlite3_memory_used() > 0;
        SqliteProcessSettings.DisableMemoryStatistics().Should().BeFalse("SQLite had started: sqlite3_config is refused");
        using var second = new SqliteConnection("Data Source=:memory:");
        second.Open();
        (raw.sqlite3_memory_used() > 0).Should().Be(counting, "the statistics stay as they were");
    }
}
