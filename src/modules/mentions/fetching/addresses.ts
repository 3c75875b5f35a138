/**
 * Which addresses a source may point at (MON-5): public unicast only. Loopback, private, link-local,
 * shared, multicast, reserved and unspecified ranges are refused (ipaddr.js names the ranges), and
 * an IPv4 address written inside IPv6 is judged as the IPv4 address it is.
 */
import ipaddr from 'ipaddr.js';

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    else if (v6.range() === 'rfc6052') parsed = ipaddr.fromByteArray(v6.toByteArray().slice(12));
  }
  return parsed.range() === 'unicast';
}
