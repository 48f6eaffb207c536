using System.Globalization;

namespace AuditKit.Samples.Erp.Tests.Support;

/// <summary>
/// A test class over one seeded ERP sample in a temp folder, started once for the fixture and deleted after it
/// (linked into the browser tests too, as <see cref="ErpHost"/> is).
/// </summary>
public abstract class ErpSampleFixture
{
    /// <summary>The sample's money format (its customers' credit limits).</summary>
    protected static readonly CultureInfo UsDollars = CultureInfo.GetCultureInfo("en-US");

    private string _folder = "";

    /// <summary>The running, seeded sample.</summary>
    protected ErpHost Sample { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartSampleAsync()
    {
        _folder = ErpHost.NewFolder();
        Sample = await ErpHost.StartAsync(_folder);

        // A cold sample's first sign-in and page compile its routes and views: seconds on a loaded machine, which a
        // browser step's timeout would otherwise count (the first browser sign-in once timed out at 20 s in CI).
        using var warm = await Sample.SignInAsync("sjohnson");
        (await warm.GetAsync("/customers")).EnsureSuccessStatusCode();
    }

    [OneTimeTearDown]
    public async Task StopSampleAsync()
    {
        await Sample.DisposeAsync();
        ErpHost.Delete(_folder);
    }
}
