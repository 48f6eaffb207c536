using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AuditKit.Samples.Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Samples.Erp.Tests;

/// <summary>
/// The ERP sample end to end over HTTP, as a person uses it: the real sign-in form, the customer pages, and the audit
/// API under /audit. One seeded sample serves the fixture.
/// </summary>
public sealed class ErpSampleTests : ErpSampleFixture
{
    [Test]
    public async Task CreditLimit_ChangedOnThePage_IsFoundByEntityAndFreeTextWithBeforeAndAfter()
    {
        using var admin = await Sample.SignInAsync("sjohnson");
        var edit = await admin.GetStringAsync("/customers/CUST-10003/edit");
        var before = decimal.Parse(ErpHost.InputValue(edit, "CreditLimit"), NumberStyles.Currency, UsDollars);
        var after = before + 1_234.56m;
        var fields = new Dictionary<string, string>
        {
            ["Name"] = ErpHost.InputValue(edit, "Name"),
            ["Email"] = ErpHost.InputValue(edit, "Email"),
            ["Phone"] = ErpHost.InputValue(edit, "Phone"),
            ["CreditLimit"] = after.ToString("0.00", CultureInfo.InvariantCulture),
            ["PaymentTerms"] = ErpHost.InputValue(edit, "PaymentTerms"),
            ["Status"] = ErpHost.SelectedValue(edit, "Status"),
        };
        var saved = await ErpHost.PostFormAsync(admin, "/customers/CUST-10003/edit", "/customers/CUST-10003/edit", fields);
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await admin.GetStringAsync("/customers")).Should().Contain(after.ToString("C", UsDollars), "the list shows the new limit");
        await Sample.FlushAsync();

        var byEntity = await ErpHost.GetJsonAsync(admin, "/audit/events?entity=Customer&recordId=CUST-10003&action=Update&pageSize=1");
        var e = byEntity["items"]!.AsArray().Single()!;
        e["actor"]!["id"]!.GetValue<string>().Should().Be("sjohnson");
        e["tenantId"]!.GetValue<string>().Should().Be("angage");
        e["target"]!["recordName"]!.GetValue<string>().Should().Be("Initech");
        var credit = Change(e, "CreditLimit");
        decimal.Parse(credit["oldValue"]!.GetValue<string>(), CultureInfo.InvariantCulture).Should().Be(before);
        decimal.Parse(credit["newValue"]!.GetValue<string>(), CultureInfo.InvariantCulture).Should().Be(after);
        credit["oldDisplay"]!.GetValue<string>().Should().Be(before.ToString("C", UsDollars));
        credit["newDisplay"]!.GetValue<string>().Should().Be(after.ToString("C", UsDollars));
        credit["displayName"]!.GetValue<string>().Should().Be("Credit Limit");

        var id = e["id"]!.GetValue<string>();
        var byText = await ErpHost.GetJsonAsync(admin, "/audit/events?q=initech&pageSize=100");
        byText["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Contain(id);
        var detail = await ErpHost.GetJsonAsync(admin, $"/audit/events/{id}");
        Change(detail["event"]!, "CreditLimit")["newDisplay"]!.GetValue<string>().Should().Be(after.ToString("C", UsDollars));
        detail["previousChange"]!["target"]!["recordId"]!.GetValue<string>().Should().Be("CUST-10003", "the seeded history is the record's earlier changes");
    }

    [Test]
    public async Task CustomerNamedScript_IsStoredVerbatimAndShownAsText()
    {
        const string name = "<script>alert('x')</script> Ltd";
        using var user = await Sample.SignInAsync("jsmith");
        var created = await ErpHost.PostFormAsync(user, "/customers/new", "/customers/new", new()
        {
            ["Name"] = name, ["Email"] = "", ["Phone"] = "", ["CreditLimit"] = "100", ["PaymentTerms"] = "Net 30", ["Status"] = "Active",
        });
        created.StatusCode.Should().Be(HttpStatusCode.Redirect);

        var list = await user.GetAsync("/customers");
        var html = await list.Content.ReadAsStringAsync();
        html.Should().Contain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Ltd").And.NotContain("<script>");
        list.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'none'").And.NotContain("unsafe-inline");
        await Sample.FlushAsync();

        using var admin = await Sample.SignInAsync("sjohnson");
        var page = await ErpHost.GetJsonAsync(admin, "/audit/events?entity=Customer&action=Create&user=jsmith&pageSize=10");
        var e = page["items"]!.AsArray().Single()!;
        e["target"]!["recordName"]!.GetValue<string>().Should().Be(name);
        Change(e, "Name")["newValue"]!.GetValue<string>().Should().Contain("<script>alert('x')</script>");
    }

    [Test]
    public async Task TenantBUser_SeesNoneOfTenantAsEventsOrRecords()
    {
        using var tenantB = await Sample.SignInAsync("ochen");
        var seen = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await ErpHost.GetJsonAsync(tenantB, "/audit/events?pageSize=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(page["items"]!.AsArray().Select(n => n!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        seen.Should().NotBeEmpty();
        seen.Select(e => e["tenantId"]?.GetValue<string>()).Distinct().Should().Equal("borealis");
        (await ErpHost.GetJsonAsync(tenantB, "/audit/events?q=acme"))["items"]!.AsArray().Should().BeEmpty();
        (await ErpHost.GetJsonAsync(tenantB, "/audit/events/count?entity=Customer&recordId=CUST-10001"))["count"]!.GetValue<long>().Should().Be(0);

        var reader = (IAuditReader)Sample.Services.GetService(typeof(IAuditReader))!;
        var ofA = (await reader.QueryAsync(new AuditQuery { TenantId = "angage", EntityTypes = ["Customer"], PageSize = 1 })).Events.Single();
        (await tenantB.GetAsync($"/audit/events/{ofA.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await tenantB.GetAsync($"/audit/events/{ofA.DisplayId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await tenantB.GetAsync("/audit/records/Customer/CUST-10001/history")).Content.ReadAsStringAsync().Result.Should().NotContain("Acme");

        var customers = await tenantB.GetStringAsync("/customers");
        customers.Should().Contain("Northwind Traders").And.NotContain("Acme Corporation");
        (await tenantB.GetAsync("/customers/CUST-10001/edit")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task WrongPasswords_AreNumberedAndTheFifthLocksTheAccount()
    {
        var client = Sample.Anonymous();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var response = await ErpHost.PostFormAsync(client, "/login", "/login", new() { ["username"] = "mwilson", ["password"] = "wrong" + attempt });
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var locked = await ErpHost.PostFormAsync(client, "/login", "/login", new() { ["username"] = "mwilson", ["password"] = "erp-demo" });
        locked.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the right password does not open a locked account");
        (await locked.Content.ReadAsStringAsync()).Should().Contain("locked");
        await Sample.FlushAsync();

        using var auditor = await Sample.SignInAsync("dreyes");
        var since = Uri.EscapeDataString(Sample.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(-5).ToString("O"));
        var failures = await ErpHost.GetJsonAsync(auditor, $"/audit/events?user=mwilson&action=LoginFailed&from={since}&pageSize=10");
        failures["items"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).Should()
            .Equal("Failed Login (5/5)", "Failed Login (5/5)", "Failed Login (4/5)", "Failed Login (3/5)", "Failed Login (2/5)", "Failed Login (1/5)");
        var lockouts = await ErpHost.GetJsonAsync(auditor, $"/audit/events?user=mwilson&action=AccountLocked&from={since}");
        lockouts["items"]!.AsArray().Should().ContainSingle().Which!["tenantId"]!.GetValue<string>().Should().Be("angage");
    }

    [Test]
    public async Task Auditor_ReadsTheAuditApiButCannotEditRecords()
    {
        using var auditor = await Sample.SignInAsync("dreyes");
        (await auditor.GetAsync("/audit/dashboard")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await auditor.GetAsync("/customers/CUST-10001/edit")).StatusCode.Should().Be(HttpStatusCode.Redirect, "the cookie scheme sends a page to /denied");
        using var user = await Sample.SignInAsync("jsmith");
        (await user.GetAsync("/audit/events")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a regular user is not an audit reader");
        (await Sample.Anonymous().GetAsync("/audit/events")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static JsonNode Change(JsonNode e, string field) =>
        e["changes"]!.AsArray().Single(c => c!["field"]!.GetValue<string>() == field)!;
}
