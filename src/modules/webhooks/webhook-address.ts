/**
 * Which network addresses a webhook may be delivered to. A webhook URL is chosen by an
 * organization's admin, and the server makes the request: without a check, it would let
 * anyone with an admin account make Settle call its own loopback services, the private
 * network it runs in, or the cloud metadata service (SSRF). Only ordinary public unicast
 * addresses pass; the ranges come from ipaddr.js, not from a hand-typed list.
 *
 * The check runs when an endpoint is saved (a helpful 422) and again inside the socket's DNS
 * lookup at every delivery (webhook-http.ts), so a name that resolved to a public address
 * yesterday and to 127.0.0.1 now (DNS rebinding) is refused at the moment it matters.
 */
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** Why an address is refused, in words for the admin reading the delivery log. */
const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private network address',
  uniqueLocal: 'a private network address (unique local)',
  reserved: 'a reserved address',
};

/** The cloud metadata services, named apart because they are what an attacker wants most. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

/**
 * Null when `address` (an IP literal) is a public unicast address, else why not. IPv4 in
 * IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it stands for; every IPv6 range
 * other than global unicast is refused, including the translation ranges (NAT64, 6to4,
 * Teredo) that can lead back to an IPv4 address of any kind.
 */
export function refusedAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const normal = parsed.toNormalizedString();
  if (METADATA.has(normal) || METADATA.has(parsed.toString())) return 'the cloud metadata service';
  const range = parsed.range();
  if (range === 'unicast') return null;
  return RANGE_NAMES[range] ?? `a special-purpose address (${range})`;
}

/** The URL's host without the brackets of an IPv6 literal. */
export function bareHost(url: URL): string {
  return url.hostname.startsWith('[') && url.hostname.endsWith(']') ? url.hostname.slice(1, -1) : url.hostname;
}

/** `localhost` and its subdomains are loopback by definition (RFC 6761), whatever DNS says. */
function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

export class RefusedAddressError extends Error {
  readonly code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
  constructor(host: string, address: string, reason: string) {
    super(address.startsWith(host) ? `${address} is ${reason}` : `${host} resolves to ${address}, ${reason}`);
    this.name = 'RefusedAddressError';
  }
}

/** Throws RefusedAddressError when `address`, one of the addresses `host` stands for, is refused. */
export function assertAllowedAddress(host: string, address: string): void {
  const reason = refusedAddressReason(address);
  if (reason === null) return;
  // ::ffff:7f00:1 is shown with the IPv4 address it stands for, 127.0.0.1.
  const parsed = ipaddr.isValid(address) ? ipaddr.parse(address) : null;
  const mapped = parsed?.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address().toString() : null;
  const shown = mapped === null ? address : `${address} (${mapped})`;
  throw new RefusedAddressError(host, shown, reason);
}

/** How long saving an endpoint waits for DNS before accepting the name unchecked. */
const SAVE_LOOKUP_TIMEOUT_MS = 3000;

/**
 * The check when an endpoint is saved: the host's addresses must all be allowed. A name
 * that does not resolve (yet), or a resolver that does not answer in time, is accepted: the
 * delivery-time check is the one that protects, and a DNS hiccup must not block an admin.
 */
export async function checkHostWhenSaving(url: URL): Promise<void> {
  const host = bareHost(url);
  if (net.isIP(host) !== 0) return assertAllowedAddress(host, host);
  if (isLocalhostName(host)) throw new RefusedAddressError(host, host, 'a loopback address');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), SAVE_LOOKUP_TIMEOUT_MS);
  });
  const addresses = await Promise.race([dns.promises.lookup(host, { all: true, verbatim: true }).catch(() => null), timeout]);
  clearTimeout(timer);
  for (const { address } of addresses ?? []) assertAllowedAddress(host, address);
}
