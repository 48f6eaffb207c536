using System.Net;
using MaxMind.GeoIP2;
using MaxMind.GeoIP2.Responses;

namespace AuditKit.AspNetCore;

/// <summary>
/// <see cref="IGeoLocator"/> over a MaxMind city database (<c>.mmdb</c>, e.g. GeoLite2 City), read into memory once:
/// "City, REGION (estimated)" where the database has a city (the region's ISO code for US and Canadian states, else its
/// name), "Country (estimated)" where it has only a country, null where it has nothing (private, loopback addresses).
/// </summary>
internal sealed class MaxMindGeoLocator : IGeoLocator, IDisposable
{
    private readonly DatabaseReader _reader;

    public MaxMindGeoLocator(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"The MaxMind database '{databasePath}' does not exist.", databasePath);
        }

        _reader = new DatabaseReader(databasePath);
    }

    public ValueTask<string?> LocateAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return ValueTask.FromResult(_reader.TryCity(address, out var city) && city is not null ? Format(city) : null);
    }

    internal static string? Format(CityResponse city)
    {
        var country = city.Country;
        var region = city.MostSpecificSubdivision;
        var place = city.City.Name;
        string? regionText = region.IsoCode is { Length: > 0 } code && country.IsoCode is "US" or "CA" ? code : region.Name;
        var text = (place, regionText, country.Name) switch
        {
            ({ Length: > 0 } p, { Length: > 0 } r, _) => $"{p}, {r}",
            ({ Length: > 0 } p, _, { Length: > 0 } c) => $"{p}, {c}",
            ({ Length: > 0 } p, _, _) => p,
            (_, { Length: > 0 } r, { Length: > 0 } c) => $"{r}, {c}",
            (_, _, { Length: > 0 } c) => c,
            _ => null,
        };
        return text is null ? null : $"{text} (estimated)";
    }

    public void Dispose() => _reader.Dispose();
}
