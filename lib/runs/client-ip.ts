/**
 * The client's address, for per-address limits (sign-in and sign-up; lab submits key on the
 * user instead). X-Forwarded-For is believed only as far back as hops we trust:
 * FAULTLINE_TRUSTED_PROXIES lists them (IPs or CIDRs, comma-separated; default none).
 *
 * Next 16 route handlers never see the socket: `request.ip` is gone, and `next start` fills
 * X-Forwarded-For with the peer's address only when the request has none (base-server.js
 * `??=`), so a client's own header reaches us untouched and cannot be told from the real one.
 * Hence: with no trusted proxy the header is ignored and the address is unknown (null); with
 * trusted proxies the site must be reachable only through them (bind to loopback or firewall
 * the port), and the address is the right-most hop that is not one of them.
 */
import { BlockList, isIP } from "node:net";

export type TrustedProxies = BlockList | null;

let cached: { spec: string; list: TrustedProxies } | undefined;

/** Parses a FAULTLINE_TRUSTED_PROXIES value; throws on an entry that is not an IP or CIDR. */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies {
  const entries = (spec ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits] = entry.split("/");
    const family = isIP(address);
    if (!family || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      throw new Error(`FAULTLINE_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR (e.g. 10.0.0.0/8, ::1).`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

export function trustedProxiesFromEnv(): TrustedProxies {
  const spec = process.env.FAULTLINE_TRUSTED_PROXIES ?? "";
  if (cached?.spec !== spec) cached = { spec, list: parseTrustedProxies(spec) };
  return cached.list;
}

/** "::ffff:10.0.0.1" → "10.0.0.1", "[::1]:443" / "10.0.0.1:80" → the address; null if not an IP. */
function normalize(hop: string): string | null {
  let h = hop.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(h);
  if (bracketed) h = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(h)) h = h.slice(0, h.lastIndexOf(":"));
  if (/^::ffff:[\d.]+$/i.test(h)) h = h.slice(7);
  return isIP(h) ? h.toLowerCase() : null;
}

const isTrusted = (list: BlockList, address: string) => list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");

/** The client's address, or null when it cannot be known (no trusted proxy, no usable header). */
export function clientAddress(headers: Headers, trusted: TrustedProxies = trustedProxiesFromEnv()): string | null {
  if (!trusted) return null;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  // Walk back from the hop our proxy added; everything left of the first untrusted hop is the client's to write.
  for (let i = hops.length - 1; i >= 0; i--) {
    const address = normalize(hops[i]!);
    if (!address) return null;
    if (!isTrusted(trusted, address)) return address;
  }
  // Every hop is a trusted proxy (e.g. a request from the proxy's own host): key on the first.
  return hops.length ? normalize(hops[0]!) : null;
}
