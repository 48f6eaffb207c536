using System.Security.Cryptography;
using System.Text;

namespace AuditKit.PostgreSql;

public sealed partial class PostgreSqlAuditStore
{
    /// <summary>
    /// The folder name of this store's journals under the default journal folder: <c>postgresql-</c> and a
    /// short hash of host, port, database and schema (never the password or other settings), so the same
    /// store always finds its journals and another store never does.
    /// </summary>
    internal static string JournalScopeOf(PostgreSqlAuditStoreOptions options)
    {
        var builder = ParseConnectionString(options);
        var identity = string.Join(
            '\n',
            (builder.Host ?? string.Empty).ToLowerInvariant(),
            builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            builder.Database ?? builder.Username ?? string.Empty, // PostgreSQL's default database is the user's
            options.Schema);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        return "postgresql-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
