using AuditKit.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// <see cref="SqliteProcessSettings"/> changes nothing once SQLite has started (this test process has opened
/// connections by then); the fresh-process case, where it applies, is checked by the package consumer
/// (tests/AuditKit.PackageConsumer: applied, and SQLite then counts no memory).
/// </summary>
public sealed class SqliteProcessSettingsTests
{
    [Test]
    public void DisableMemoryStatistics_AfterSqliteStarted_ReturnsFalseAndSqliteKeepsCounting()
    {
        using (var connection = new SqliteConnection("Data Source=:memory:"))
        {
            connection.Open();
        }

        SqliteProcessSettings.DisableMemoryStatistics().Should().BeFalse("SQLite had started: sqlite3_config is refused");
        using var open = new SqliteConnection("Data Source=:memory:");
        open.Open();
        raw.sqlite3_memory_used().Should().BePositive("the statistics are still on");
    }
}
