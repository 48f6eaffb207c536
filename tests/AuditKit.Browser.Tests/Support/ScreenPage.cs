namespace AuditKit.Browser.Tests.Support;

/// <summary>
/// A browser page on a web host (its own context: cookies, downloads), signed in to the test host or to any site
/// (<see cref="NewAsync"/>), that records console errors,
/// uncaught page errors, Content-Security-Policy violations (a <c>securitypolicyviolation</c> listener injected before
/// any page script) and JavaScript dialogs (an <c>alert(1)</c> that ran).
/// </summary>
public sealed class ScreenPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly Uri _address;

    private ScreenPage(IBrowserContext context, IPage page, Uri address)
    {
        _context = context;
        _address = address;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add($"{message.Text} (at {message.Location})");
            }
        };
        page.PageError += (_, error) => PageErrors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                FailedResponses.Add($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
        page.Dialog += async (_, dialog) =>
        {
            Dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
    }

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    public List<string> PageErrors { get; } = [];

    /// <summary>Responses with a status of 400 or more ("404 GET http://…"): what a "Failed to load resource" console error was about.</summary>
    public List<string> FailedResponses { get; } = [];

    public List<string> Dialogs { get; } = [];

    /// <summary>Opens a page signed in as <paramref name="user"/> of <paramref name="tenant"/>, in New York time, on the session's host or <paramref name="host"/>.</summary>
    public static async Task<ScreenPage> OpenAsync(string user, string? tenant, string roles = "Auditor", UiHost? host = null)
    {
        host ??= BrowserSession.Host;
        var screen = await NewAsync(host.Address);
        await screen.Page.GotoAsync(host.SignInUrl(user, tenant, roles));
        await screen.WaitForScreenAsync("Audit Logs Dashboard");
        return screen;
    }

    /// <summary>A new page (its own context, in New York time, not signed in) for the site at <paramref name="address"/>; it has not navigated yet.</summary>
    public static async Task<ScreenPage> NewAsync(Uri address)
    {
        var context = await BrowserSession.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true,
            TimezoneId = "America/New_York",
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        await context.AddInitScriptAsync(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = await context.NewPageAsync();
        return new ScreenPage(context, page, address);
    }

    /// <summary>Opens a screen by its hash route (<c>#/logs?q=acme</c>) and waits for its heading.</summary>
    public async Task GoAsync(string route, string heading)
    {
        await Page.GotoAsync(new Uri(_address, "/audit/" + route).ToString());
        await WaitForScreenAsync(heading);
    }

    /// <summary>Waits until the screen with this heading has rendered (or fails with the screen's error).</summary>
    public async Task WaitForScreenAsync(string heading)
    {
        var done = Page.Locator("main h1, main .error").First;
        await done.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        if (await Page.Locator("main .error").CountAsync() > 0)
        {
            Assert.Fail($"The screen failed: {await Page.Locator("main .error").First.TextContentAsync()}");
        }

        await Assertions.Expect(Page.Locator("main h1")).ToHaveTextAsync(heading);
        await Page.WaitForFunctionAsync("() => document.getElementById('main').dataset.ready !== undefined");
    }

    /// <summary>
    /// Runs <paramref name="action"/> (a click, a submitted filter) and waits for the screen it renders next, whatever its
    /// heading (fails with the screen's error); returns the heading.
    /// </summary>
    public async Task<string> NextScreenAsync(Func<Task> action)
    {
        var before = await Page.EvaluateAsync<string?>("() => document.getElementById('main')?.dataset.ready ?? null");
        await action();
        await Page.WaitForFunctionAsync(
            "before => { const main = document.getElementById('main'); return main && main.dataset.ready !== undefined && main.dataset.ready !== before; }",
            before,
            new PageWaitForFunctionOptions { Timeout = 15_000 });
        if (await Page.Locator("main .error").CountAsync() > 0)
        {
            Assert.Fail($"The screen failed: {await Page.Locator("main .error").First.TextContentAsync()}");
        }

        return Normalize(await Page.Locator("main h1").First.InnerTextAsync());
    }

    public async Task<string[]> CspViolationsAsync() => await Page.EvaluateAsync<string[]>("() => window.__csp ?? []");

    /// <summary>No console error, no page error, no CSP violation, no dialog so far.</summary>
    public async Task ShouldBeCleanAsync()
    {
        ConsoleErrors.Should().BeEmpty("failed responses: {0}", string.Join("; ", FailedResponses));
        PageErrors.Should().BeEmpty();
        Dialogs.Should().BeEmpty();
        (await CspViolationsAsync()).Should().BeEmpty();
    }

    /// <summary>Every visible form control has an accessible name (a label, aria-label or aria-labelledby).</summary>
    public async Task ShouldHaveLabelledControlsAsync()
    {
        var unlabelled = await Page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('main input, main select, main textarea, main button')]
            .filter(el => el.type !== 'hidden' && !el.hidden)
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
            .map(el => el.outerHTML.slice(0, 120))");
        unlabelled.Should().BeEmpty();
    }

    /// <summary>A full-page screenshot, attached to the test (screens/&lt;name&gt;.png in the test's work directory); returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screens");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
        return path;
    }

    /// <summary>The page's visible text (normalized spaces).</summary>
    public async Task<string> TextAsync() => Normalize(await Page.Locator("body").InnerTextAsync());

    public static string Normalize(string text) => text.Replace('\u202f', ' ').Replace('\u00a0', ' ');

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
