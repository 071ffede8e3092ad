using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>What is wrong with an endpoint's address.</summary>
public enum AddressProblem { None, Invalid, HttpsRequired, Credentials, Unresolved, Private }

/// <summary>A connection refused because the address is not a public one; the delivery log shows its message.</summary>
public sealed class WebhookAddressRefusedException(string message) : IOException(message);

/// <summary>
/// Keeps deliveries off loopback, private, link-local, CGNAT and unique-local networks unless
/// <see cref="WebhookOptions.AllowPrivateNetworks"/> is set or the app runs in Development. Checked when an endpoint is
/// saved (a field message), and again on every connection (<see cref="ConnectAsync"/>): the name is resolved at send time
/// and only a public address is connected to, so a name that later resolves inward (DNS rebinding) is refused too.
/// Redirects are never followed, so a receiver cannot bounce a delivery inward either.
/// </summary>
public sealed class WebhookAddressGuard(IOptionsMonitor<WebhookOptions> options, IHostEnvironment environment)
{
    public bool PrivateAllowed => environment.IsDevelopment() || options.CurrentValue.AllowPrivateNetworks;

    /// <summary>The problem with <paramref name="url"/> as an endpoint's address, resolving its name.</summary>
    public async Task<AddressProblem> CheckAsync(string url, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
            return AddressProblem.Invalid;
        if (uri.UserInfo.Length > 0)
            return AddressProblem.Credentials;
        if (PrivateAllowed)
            return AddressProblem.None;
        // The body carries members' phone numbers: across the internet it travels encrypted.
        if (uri.Scheme != Uri.UriSchemeHttps)
            return AddressProblem.HttpsRequired;
        var addresses = await ResolveAsync(uri.IdnHost, ct);
        if (addresses is null || addresses.Length == 0)
            return AddressProblem.Unresolved;
        return addresses.All(IsPublic) ? AddressProblem.None : AddressProblem.Private;
    }

    /// <summary><see cref="SocketsHttpHandler.ConnectCallback"/>: connects only to an address the guard allows.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, ct) ?? [];
        var allowed = PrivateAllowed ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new WebhookAddressRefusedException(addresses.Length == 0
                ? $"{host} does not resolve"
                : $"refused: {host} is {addresses[0]}, a private or loopback address (Webhooks:AllowPrivateNetworks is off)");
        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                last = ex;
                if (ex is OperationCanceledException)
                    throw;
            }
        }
        throw last!;
    }

    private static async Task<IPAddress[]?> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
            return [literal];
        try
        {
            return await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="address"/> is on the public internet (not loopback, private, link-local, CGNAT, ULA, multicast, reserved).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224 // this network, private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] is >= 64 and <= 127) // CGNAT 100.64.0.0/10
                || (b[0] == 169 && b[1] == 254) // link-local
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, TEST-NET-1
                || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100) || (b[0] == 203 && b[1] == 0 && b[2] == 113)); // TEST-NET-2, -3
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        var v6 = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
            return false;
        if ((v6[0] & 0xFE) == 0xFC) // unique local fc00::/7
            return false;
        if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8) // documentation 2001:db8::/32
            return false;
        if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B) // NAT64: judge the IPv4 address inside
            return IsPublic(new IPAddress(v6[12..]));
        return true;
    }
}
