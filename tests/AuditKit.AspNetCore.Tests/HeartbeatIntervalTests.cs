using System.Globalization;
using System.Net;
using AuditKit.AspNetCore.Tests.Support;
using Microsoft.Extensions.Options;

namespace AuditKit.AspNetCore.Tests;

/// <summary>
/// <c>o.Api.HeartbeatInterval</c>: a host whose components beat every five minutes gets System Health at that interval
/// from <c>GET /system</c> (which the system screen calls without <c>heartbeatSeconds</c>); a request's own
/// <c>heartbeatSeconds</c> still wins; a bad interval stops the host at start.
/// </summary>
public sealed class HeartbeatIntervalTests
{
    [Test]
    public async Task FiveMinuteHeartbeats_AreUpAndWhole_AtTheConfiguredInterval_AndARequestsIntervalWins()
    {
        await using var host = await AuditWebHost.StartAsync(o => o.Api.HeartbeatInterval = TimeSpan.FromMinutes(5));
        // Three hours of beats every five minutes, the last 3.5 minutes before the period's end (a whole UTC hour).
        var now = DateTimeOffset.UtcNow;
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        for (var k = 0; k < 36; k++)
        {
            await host.RecordAsync(AuditEvents.Heartbeat("Web", TimeSpan.FromMilliseconds(100)) with { TenantId = "A", Timestamp = to - TimeSpan.FromMinutes(3.5 + (5 * k)) });
        }

        using var reader = await host.SignInAsync("auditor-a", "A", "Auditor");
        var period = $"from={Uri.EscapeDataString(to.AddDays(-1).ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}";

        var atFiveMinutes = await ComponentAsync(reader, $"/audit/system?{period}");
        atFiveMinutes.Heartbeats.Should().Be(36);
        atFiveMinutes.Uptime.Should().Be(100, "every five-minute slot had its beat");
        atFiveMinutes.IsUp.Should().BeTrue("the last beat is 3.5 minutes old, within two intervals");

        // Asked at one minute: 36 beats of the 178 minutes expected (58 in the first, partly covered hour), and down.
        var atOneMinute = await ComponentAsync(reader, $"/audit/system?{period}&heartbeatSeconds=60");
        atOneMinute.Uptime.Should().BeApproximately(100.0 * 36 / 178, 0.001);
        atOneMinute.IsUp.Should().BeFalse("3.5 minutes is more than two one-minute intervals");
    }

    [TestCase(0)]
    [TestCase(0.5)]
    [TestCase(3601)]
    public async Task AnIntervalOutsideOneSecondToOneHour_StopsTheHostAtStart_NamingTheOption(double seconds)
    {
        var start = async () => await (await AuditWebHost.StartAsync(o => o.Api.HeartbeatInterval = TimeSpan.FromSeconds(seconds))).DisposeAsync();
        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("AuditAspNetCoreOptions.Api.HeartbeatInterval");
    }

    private static async Task<(long Heartbeats, double Uptime, bool IsUp)> ComponentAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var web = (await response.BodyAsync())["components"]!.AsArray().Single(c => c!["component"]!.GetValue<string>() == "Web")!;
        return (web["heartbeats"]!.GetValue<long>(), web["uptimePercent"]!.GetValue<double>(), web["isUp"]!.GetValue<bool>());
    }
}
