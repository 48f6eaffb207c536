using System.Globalization;

namespace AuditKit.Reports;

/// <summary>The summary figures counted while the rows stream: the common ones, then the report's own.</summary>
internal sealed class ReportSummary(IReadOnlyList<string> extraLabels, Action<AuditEvent, long[]>? countExtras)
{
    /// <summary>Distinct users are counted exactly up to this many, so memory stays bounded.</summary>
    public const int MaxDistinctUsers = 100_000;

    private static readonly string[] CommonLabels = ["Events", "Rows", "Successful", "Failed or denied", "High or critical risk", "Users"];
    private readonly long[] _extras = new long[extraLabels.Count];
    private readonly HashSet<string> _users = new(StringComparer.Ordinal);
    private bool _usersCapped;

    public long Events { get; private set; }

    public long Rows { get; set; }

    public long Successful { get; private set; }

    public long Failed { get; private set; }

    public long HighRisk { get; private set; }

    public IReadOnlyList<string> Labels => [.. CommonLabels, .. extraLabels];

    public void Add(AuditEvent e)
    {
        Events++;
        if (ReportCells.Failed(e.Outcome))
        {
            Failed++;
        }
        else
        {
            Successful++;
        }

        if (e.Risk >= RiskLevel.High)
        {
            HighRisk++;
        }

        if (e.Actor?.Id is { } user)
        {
            if (_users.Count < MaxDistinctUsers)
            {
                _users.Add(user);
            }
            else if (!_users.Contains(user))
            {
                _usersCapped = true;
            }
        }

        countExtras?.Invoke(e, _extras);
    }

    public IReadOnlyList<string> Values()
    {
        var values = new List<string>
        {
            N(Events), N(Rows), N(Successful), N(Failed), N(HighRisk),
            _usersCapped ? $"more than {N(MaxDistinctUsers)}" : N(_users.Count),
        };
        values.AddRange(_extras.Select(N));
        return values;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
