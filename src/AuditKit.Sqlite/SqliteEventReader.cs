using System.Data.Common;
using System.Globalization;

namespace AuditKit.Sqlite;

/// <summary>
/// Maps <c>SELECT {SqliteSchema.ReadColumns}</c> rows by ordinal, without Dapper's per-row reflection: the
/// streaming read that verification and exports run over millions of events, and the query's pages.
/// </summary>
internal static class SqliteEventReader
{
    public static StoredEventRow Read(DbDataReader r) => new()
    {
        Key = r.GetInt64(0),
        Id = (byte[])r.GetValue(1),
        Ts = r.GetInt64(2),
        TenantId = Str(r, 3),
        Category = r.GetInt64(4),
        Action = r.GetString(5),
        Outcome = r.GetInt64(6),
        Risk = r.GetInt64(7),
        Message = Str(r, 8),
        ActorId = Str(r, 9),
        ActorName = Str(r, 10),
        ActorEmail = Str(r, 11),
        ActorRole = Str(r, 12),
        ActorKind = r.IsDBNull(13) ? null : r.GetInt64(13),
        ClientIp = Str(r, 14),
        ClientLocation = Str(r, 15),
        ClientUserAgent = Str(r, 16),
        ClientDevice = Str(r, 17),
        ClientSession = Str(r, 18),
        EntityType = Str(r, 19),
        RecordId = Str(r, 20),
        RecordName = Str(r, 21),
        Module = Str(r, 22),
        Component = Str(r, 23),
        Changes = Str(r, 24),
        CorrelationId = Str(r, 25),
        TraceId = Str(r, 26),
        Metadata = Str(r, 27),
        PrevHash = (byte[])r.GetValue(28),
        Hash = (byte[])r.GetValue(29),
        Seals = Str(r, 30),
    };

    // GetValue asks SQLite for the column's type once; IsDBNull then GetString would ask twice (each a native call).
    private static string? Str(DbDataReader r, int ordinal) => r.GetValue(ordinal) switch
    {
        string text => text,
        DBNull => null,
        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
    };
}
