using System.Diagnostics;

namespace AuditKit.Storage.Conformance.Support;

/// <summary>Starts AuditKit.TestWriter as a real separate process writing into a SQLite file or, with <c>postgres:&lt;schema&gt;</c>, a PostgreSQL schema.</summary>
public sealed class ChildWriter : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _acks = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="overflow">A small queue and eight tasks of 400 concurrent RecordAsync calls, so the overflow journal is in use (see the test writer).</param>
    public ChildWriter(string databasePath, int count, string label, bool waitForGo = false, bool overflow = false)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AuditKit.TestWriter.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(databasePath);
        start.ArgumentList.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(label);
        if (waitForGo)
        {
            start.ArgumentList.Add("wait");
        }

        if (overflow)
        {
            start.ArgumentList.Add("overflow");
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the test writer");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_acks)
                {
                    Errors.Add(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public List<string> Errors { get; } = [];

    public Task Ready => _ready.Task;

    /// <summary>Lets a writer started with waitForGo begin writing.</summary>
    public void Go()
    {
        _process.StandardInput.WriteLine("go");
        _process.StandardInput.Flush();
    }

    public Task<int> Done => _done.Task;

    public IReadOnlyList<string> AcknowledgedIds
    {
        get
        {
            lock (_acks)
            {
                return [.. _acks];
            }
        }
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        await Task.WhenAny(exited, Task.Delay(timeout));
        if (!_process.HasExited)
        {
            throw new TimeoutException($"test writer did not finish; stderr: {string.Join('\n', Errors)}");
        }

        await exited;
        _process.WaitForExit();
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"test writer exited with {_process.ExitCode}: {string.Join('\n', Errors)}");
        }

        return await _done.Task;
    }

    /// <summary>SIGKILL: the crash to test against.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line == "ready")
        {
            _ready.TrySetResult();
        }
        else if (line.StartsWith("ack ", StringComparison.Ordinal))
        {
            lock (_acks)
            {
                _acks.Add(line.Split(' ')[2]);
            }
        }
        else if (line.StartsWith("done ", StringComparison.Ordinal))
        {
            _done.TrySetResult(int.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
