/**
 * @module Which source a request comes from, as the node's per-source limits count it: the TCP peer's address, or,
 * only when that peer is a proxy the operator named as trusted, the client address that proxy reports in
 * `X-Forwarded-For`. IPv6 sources are keyed by their /64, the block one subscriber usually holds.
 */
import type { IncomingMessage } from "node:http";
import { isIPv4, isIPv6 } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/** An IPv4 address written as IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports) becomes plain IPv4. */
export const unmapped = (address: string): string => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
};

/** The eight 16-bit groups of an IPv6 address (zone id dropped), or null when it is not one. */
const groupsOf = (address: string): number[] | null => {
  const bare = address.replace(/%.*$/, "");
  if (!isIPv6(bare)) return null;
  const [head = "", tail] = bare.split("::");
  const parse = (part: string): number[] => {
    if (part === "") return [];
    const out: number[] = [];
    for (const piece of part.split(":")) {
      if (piece.includes(".")) {
        const [a = 0, b = 0, c = 0, d = 0] = piece.split(".").map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(Number.parseInt(piece, 16));
    }
    return out;
  };
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
};

/**
 * The key a source's limits are counted under: an IPv4 address as it is; an IPv6 address as its /64 prefix
 * (`2001:db8:1:2::/64`), since one host may draw any address of its /64; anything else (no socket, a test without
 * one) as it is, or `unknown`.
 *
 * @example
 * sourceKey("::ffff:203.0.113.7") // "203.0.113.7"
 * sourceKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd") // "2001:db8:1:2::/64"
 */
export const sourceKey = (address: string | undefined): string => {
  if (address === undefined || address === "") return "unknown";
  const plain = unmapped(address);
  if (isIPv4(plain)) return plain;
  const groups = groupsOf(plain);
  if (groups === null) return plain;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
};

/**
 * The client's address: the peer, unless the peer is one of `trustedProxies`; then the right-most address of
 * `X-Forwarded-For` that is not itself a trusted proxy (everything left of it was written by the client, who may
 * write anything). An entry that is not an address stops the walk at the last trusted hop.
 *
 * @example
 * clientAddress("10.0.0.5", "198.51.100.9, 203.0.113.7", new Set(["10.0.0.5"])) // "203.0.113.7"
 * clientAddress("203.0.113.7", "198.51.100.9", new Set()) // "203.0.113.7": X-Forwarded-For is not read
 */
export const clientAddress = (peer: string | undefined, forwardedFor: string | undefined, trustedProxies: ReadonlySet<string>): string | undefined => {
  if (peer === undefined) return undefined;
  let current = unmapped(peer);
  if (!trustedProxies.has(current) || forwardedFor === undefined) return current;
  const hops = forwardedFor.split(",").map((hop) => unmapped(hop.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? "";
    if (!isIPv4(hop) && !isIPv6(hop)) return current;
    current = hop;
    if (!trustedProxies.has(hop)) return hop;
  }
  return current;
};

/** `clientAddress`, then `sourceKey`: what the limits count a request under. */
export const sourceOf = (peer: string | undefined, forwardedFor: string | undefined, trustedProxies: ReadonlySet<string>): string =>
  sourceKey(clientAddress(peer, forwardedFor, trustedProxies));

/** A header's value, several occurrences joined by commas as RFC 9110 allows for lists. */
const joined = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(", ") : value);

/**
 * The source of a request on Node's own listener. `X-Forwarded-For` is looked at only when the peer is trusted.
 *
 * @example createServer((req, res) => failures.retryAfterS(incomingSource(new Set())(req)))
 */
export const incomingSource =
  (trustedProxies: ReadonlySet<string>) =>
  (req: IncomingMessage): string => {
    const peer = req.socket.remoteAddress;
    const trusted = peer !== undefined && trustedProxies.has(unmapped(peer));
    return sourceOf(peer, trusted ? joined(req.headers["x-forwarded-for"]) : undefined, trustedProxies);
  };

/**
 * The source of a request in a Hono route: the socket as `@hono/node-server` hands it over (`getConnInfo` reads
 * `c.env.incoming`), else — `app.request()` in a test, with no socket — `unknown`.
 *
 * @example app.post("/sign-in", (c) => c.text(contextSource(new Set())(c)))
 */
export const contextSource =
  (trustedProxies: ReadonlySet<string>) =>
  (c: Context): string => {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {
      peer = undefined;
    }
    return sourceOf(peer, c.req.header("x-forwarded-for"), trustedProxies);
  };
