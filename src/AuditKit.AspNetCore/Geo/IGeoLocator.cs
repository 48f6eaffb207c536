using System.Net;

namespace AuditKit.AspNetCore;

/// <summary>
/// Estimates a client's location from its IP address for <see cref="AuditClient.Location"/> ("New York, NY (estimated)").
/// Optional: register one (for example with <c>audit.AddMaxMindGeoLocation("GeoLite2-City.mmdb")</c>) and the request
/// capture uses it; without one, no location is recorded.
/// </summary>
public interface IGeoLocator
{
    /// <summary>The estimated location of <paramref name="address"/>, or <see langword="null"/> when it is unknown (private ranges, loopback).</summary>
    /// <param name="address">The client's address.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The readable location, or null.</returns>
    ValueTask<string?> LocateAsync(IPAddress address, CancellationToken cancellationToken = default);
}
