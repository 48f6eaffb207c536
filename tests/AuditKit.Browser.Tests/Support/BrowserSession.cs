using AuditKit.Browser.Tests.Support;

namespace AuditKit.Browser.Tests;

/// <summary>
/// One web host (seeded) and one headless Debian chromium for every browser test of the assembly. The browser is
/// <c>/usr/bin/chromium</c> (build.sh installs it): a missing browser fails the tests, it never skips them.
/// </summary>
[SetUpFixture]
public sealed class BrowserSession
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static IPlaywright? _playwright;
    private static IBrowser? _browser;
    private static UiHost? _host;
    private static SeededLog? _seed;

    public static IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser session did not start.");

    public static UiHost Host => _host ?? throw new InvalidOperationException("The browser session did not start.");

    public static SeededLog Seed => _seed ?? throw new InvalidOperationException("The browser session did not start.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"The browser tests need Debian's chromium at {ChromiumPath}: run ./build.sh test (installs it as root) or `apt-get install -y chromium`.");
        }

        // The whole suite runs test assemblies side by side on a small machine: web-first assertions wait up to 15 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        _host = await UiHost.StartAsync();
        _seed = await SeededLog.SeedAsync(_host);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
