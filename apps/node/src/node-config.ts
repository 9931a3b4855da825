/**
 * @module Who a node is: id, level in the hierarchy, display name and parent.
 */
import { isIP } from "node:net";
import { Schema as S } from "effect";

export const NodeLevel = S.Literal("national", "oblast", "district", "hromada");
export type NodeLevel = typeof NodeLevel.Type;

/** Node ids are stable slugs (`luhanska`, `novopskovskyi`): they name streams and tokens, so they never change. */
export const NodeId = S.String.pipe(S.pattern(/^[a-z][a-z0-9-]{0,62}$/));

export const NodeIdentity = S.Struct({
  nodeId: NodeId,
  level: NodeLevel,
  displayName: S.String,
  parentUrl: S.NullOr(S.String),
});
export type NodeIdentity = typeof NodeIdentity.Type;

/**
 * Limits counted per source address (docs/api.md, "Limits per source"). A source is the TCP peer's address (an IPv6 one by its
 * /64), or the client a trusted proxy names in `X-Forwarded-For`; without `trustedProxies`, every client behind a
 * proxy is the proxy's one source.
 */
export const NodeLimits = S.Struct({
  /** Failed authentications (an unknown bearer token, a wrong password) a source may have within the window. */
  authFailures: S.Int.pipe(S.between(1, 1_000_000)),
  /** The sliding window of `authFailures`, seconds. */
  authWindowS: S.Int.pipe(S.between(1, 86_400)),
  /** Seconds between on-demand syncs (`POST /federation/v1/sync`) from one source; 0 turns the interval off. */
  syncMinIntervalS: S.Int.pipe(S.between(0, 86_400)),
  /** Peers whose `X-Forwarded-For` is believed (exact addresses); none unless given. */
  trustedProxies: S.Array(S.String.pipe(S.filter((a) => isIP(a) !== 0, { message: () => "IP-адреса / an IP address" }))),
  /** Sources remembered per limit at most; past it the least recently seen are forgotten first. */
  maxSources: S.Int.pipe(S.between(1, 10_000_000)),
});
export type NodeLimits = typeof NodeLimits.Type;

/** 10 failed authentications per 5 minutes per source; one on-demand sync per 10 s per source. */
export const DEFAULT_LIMITS: NodeLimits = { authFailures: 10, authWindowS: 300, syncMinIntervalS: 10, trustedProxies: [], maxSources: 10_000 };

/**
 * The limits as the environment sets them, each variable over its default; left for `NodeConfig` to validate.
 *
 * @example
 * limitsFromEnv({ PLANLEDGER_AUTH_FAILURES: "5", PLANLEDGER_TRUSTED_PROXIES: "10.0.0.5, ::1" })
 * // { authFailures: 5, authWindowS: 300, syncMinIntervalS: 10, trustedProxies: ["10.0.0.5", "::1"], maxSources: 10000 }
 */
export const limitsFromEnv = (env: Readonly<Record<string, string | undefined>>): Record<keyof NodeLimits, unknown> => {
  const number = (name: string, fallback: number): unknown => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? fallback : /^\d+$/.test(value) ? Number(value) : value;
  };
  const proxies = env.PLANLEDGER_TRUSTED_PROXIES?.trim();
  return {
    authFailures: number("PLANLEDGER_AUTH_FAILURES", DEFAULT_LIMITS.authFailures),
    authWindowS: number("PLANLEDGER_AUTH_WINDOW_S", DEFAULT_LIMITS.authWindowS),
    syncMinIntervalS: number("PLANLEDGER_SYNC_MIN_INTERVAL_S", DEFAULT_LIMITS.syncMinIntervalS),
    trustedProxies: proxies === undefined || proxies === "" ? [] : proxies.split(",").map((a) => a.trim()),
    maxSources: number("PLANLEDGER_LIMIT_MAX_SOURCES", DEFAULT_LIMITS.maxSources),
  };
};

/** What `planledger serve` needs beyond identity. */
export const NodeConfig = S.Struct({
  ...NodeIdentity.fields,
  /** The node's database: a SQLite file's path, or a `postgres://` URL. */
  dbPath: S.String,
  /** The signing key's file (PKCS#8 PEM): `<dbPath>.key` beside a SQLite file unless given; required with PostgreSQL. */
  keyPath: S.optionalWith(S.String, { exact: true }),
  port: S.Int.pipe(S.between(0, 65535)),
  host: S.String,
  /** Per-source limits; `DEFAULT_LIMITS` when absent. */
  limits: S.optionalWith(NodeLimits, { exact: true }),
});
export type NodeConfig = typeof NodeConfig.Type;
