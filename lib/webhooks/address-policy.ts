import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

/** Addresses a webhook may never reach in production (SSRF): private, loopback, link-local, ULA, metadata, reserved. */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  NON_PUBLIC.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["2001:db8::", 32],
  ["100::", 64],
] as const)
  NON_PUBLIC.addSubnet(net, prefix, "ipv6");

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged by its IPv4 address. */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: "ipv4" };
  return { address, family: isIP(address) === 6 ? "ipv6" : "ipv4" };
}

/** Local mode (npm start, which also runs with NODE_ENV=production) and development may deliver to loopback: the developer's own receiver. */
export function allowsAddress(address: string, production = env().mode === "production"): boolean {
  const a = unmapped(address);
  if (!production && LOOPBACK.check(a.address, a.family)) return true;
  return !NON_PUBLIC.check(a.address, a.family);
}

export class EndpointRefused extends Error {
  override name = "EndpointRefused";
}

/** The URL's rules: https in production (http too in local mode), no credentials, no fragment. */
export function checkEndpointUrl(raw: string, production = env().mode === "production"): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointRefused("The URL is not a valid absolute URL.");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && !production))
    throw new EndpointRefused("The URL must use https://.");
  if (url.username || url.password) throw new EndpointRefused("The URL must not contain credentials.");
  if (raw.length > 2000) throw new EndpointRefused("The URL is too long.");
  return url;
}

/** Resolve the host and return one allowed address; refuse when any resolved address is not allowed. */
export async function resolveAllowedAddress(
  hostname: string,
  production = env().mode === "production",
): Promise<{ address: string; family: 4 | 6 }> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) as 4 | 6 }]
    : ((await lookup(host, { all: true, verbatim: true })) as { address: string; family: 4 | 6 }[]);
  if (addresses.length === 0) throw new EndpointRefused("The host name does not resolve.");
  const refused = addresses.find((a) => !allowsAddress(a.address, production));
  if (refused) throw new EndpointRefused("The URL resolves to a private, loopback or reserved address.");
  return addresses[0]!;
}
