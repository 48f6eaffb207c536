using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AuditKit.Archive.Tests.Support;

/// <summary>
/// A storage emulator from tests/tools (npm, pinned in its package-lock.json) run as a child node process on a free
/// loopback port with its data in a temporary folder; stopped by its PID. Without node or the tool the test
/// fails (never a skip), with or without CI=true.
/// </summary>
public sealed class NodeServer : IDisposable
{
    private readonly Process _process;

    private NodeServer(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }

    public string Folder { get; }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuditKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AuditKit.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Starts <c>node &lt;script&gt; &lt;arguments&gt;</c>; {port} and {dir} in the arguments are replaced.</summary>
    public static async Task<NodeServer> StartAsync(string scriptUnderTools, string arguments, TimeSpan startTimeout)
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "tools", scriptUnderTools);
        if (!File.Exists(script))
        {
            Unavailable($"{script} is missing: run build.sh (install_test_tools) or `npm ci` in tests/tools.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "auditkit-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(arg.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("{dir}", folder, StringComparison.Ordinal));
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Unavailable("node was not found: " + ex.Message);
            throw;
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NodeServer(process, port, folder);
        var deadline = DateTime.UtcNow + startTimeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                server.Dispose();
                throw new InvalidOperationException($"{scriptUnderTools} did not answer on port {port} (exited: {process.HasExited}).");
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // the OS temp folder is cleaned eventually
            }
        }
    }

    // A missing server is a failure everywhere, never a skip: ./build.sh test installs the tools (tests/tools).
    private static void Unavailable(string message) => Assert.Fail(message + " Run ./build.sh test, which installs the tools of tests/tools.");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
