namespace AuditKit.PostgreSql.Tests;

/// <summary>The throwaway server <c>./build.sh test</c> starts (AUDITKIT_POSTGRES). Without it the tests fail: they never skip.</summary>
internal static class PostgreSqlServer
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("AUDITKIT_POSTGRES is not set: run the tests with ./build.sh test, which starts a PostgreSQL server for them.");

    /// <summary>A store in a schema of its own, so every test starts empty.</summary>
    public static PostgreSqlAuditStore NewStore(out string schema)
    {
        schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        return new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = ConnectionString, Schema = schema });
    }

    /// <summary>Stops the server (pg_ctl stop -m fast), as a crash of the database would look to AuditKit.</summary>
    public static void Stop() => PgCtl("-m", "fast", "-w", "stop");

    /// <summary>Starts the server again with the options build.sh started it with.</summary>
    public static void Start()
    {
        PgCtl("-w", "-l", Path.Combine(Path.GetDirectoryName(Variable("AUDITKIT_PG_DATA"))!, "server.log"), "-o", Variable("AUDITKIT_PG_OPTIONS"), "start");

        // Pooled connections opened before the restart are dead; later tests must not be handed one.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    private static void PgCtl(params string[] arguments)
    {
        var runAs = Environment.GetEnvironmentVariable("AUDITKIT_PG_RUNAS") is { Length: > 0 } prefix ? prefix.Split(' ') : [];
        var pgCtl = Path.Combine(Variable("AUDITKIT_PG_BIN"), "pg_ctl");
        var start = new System.Diagnostics.ProcessStartInfo(runAs.Length > 0 ? runAs[0] : pgCtl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var part in runAs.Skip(1))
        {
            start.ArgumentList.Add(part);
        }

        if (runAs.Length > 0)
        {
            start.ArgumentList.Add(pgCtl);
        }

        start.ArgumentList.Add("-D");
        start.ArgumentList.Add(Variable("AUDITKIT_PG_DATA"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }
    }

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with ./build.sh test, which starts the PostgreSQL server.");
}
