/**
 * @module A transparent HTTP proxy on 127.0.0.1 between one child and its parent that tells the kill campaign
 * which federation exchange is on the line at any instant (a push, a pull page, the cursors), so a SIGKILL can
 * be aimed at one and counted by what it hit. It streams both ways and changes nothing; when either side dies
 * the other side's connection is closed too, as a direct connection would be.
 */
import { Agent, createServer, type IncomingHttpHeaders, request } from "node:http";
import type { AddressInfo } from "node:net";

export type ExchangeKind = "push" | "pull" | "cursors" | "other";

export interface Exchange {
  readonly id: number;
  readonly kind: ExchangeKind;
  readonly startedAt: number;
}

export interface WatchingProxy {
  readonly url: string;
  /** The exchanges whose request has arrived and whose answer has not been fully delivered. */
  readonly inFlight: () => ReadonlyArray<Exchange>;
  /** Calls `listener` at the start of every exchange; returns the function that stops it. */
  readonly onStart: (listener: (exchange: Exchange) => void) => () => void;
  readonly counts: () => Readonly<Record<ExchangeKind, number>>;
  readonly close: () => Promise<void>;
}

const kindOf = (path: string): ExchangeKind => {
  const route = path.split("?")[0] ?? "";
  if (route.endsWith("/federation/v1/push")) return "push";
  if (route.endsWith("/federation/v1/pull")) return "pull";
  if (route.endsWith("/federation/v1/cursors")) return "cursors";
  return "other";
};

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host"]);
const forwardable = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name))) as Record<
    string,
    string | string[]
  >;

/**
 * @example
 * const proxy = await startWatchingProxy(() => oblast.url());
 * proxy.onStart((e) => e.kind === "push" && setTimeout(() => oblast.sigkill(), 10));
 * // the child joins its parent at proxy.url
 */
export const startWatchingProxy = async (upstream: () => string): Promise<WatchingProxy> => {
  const agent = new Agent({ keepAlive: true });
  const live = new Map<number, Exchange>();
  const listeners = new Set<(exchange: Exchange) => void>();
  const counts: Record<ExchangeKind, number> = { push: 0, pull: 0, cursors: 0, other: 0 };
  let next = 0;

  const server = createServer((req, res) => {
    const exchange: Exchange = { id: ++next, kind: kindOf(req.url ?? "/"), startedAt: performance.now() };
    live.set(exchange.id, exchange);
    counts[exchange.kind]++;
    const done = () => live.delete(exchange.id);
    res.once("close", done);
    for (const listener of listeners) listener(exchange);

    const target = new URL(req.url ?? "/", upstream());
    const outgoing = request(
      { agent, host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: forwardable(req.headers) },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(res);
        answer.once("aborted", () => res.destroy());
        answer.once("error", () => res.destroy());
      },
    );
    // The parent died or refused the connection: the child sees its connection close, as it would directly.
    outgoing.once("error", () => res.destroy());
    req.pipe(outgoing);
    // The child died mid-exchange: the parent sees its connection close.
    res.once("close", () => {
      if (!res.writableFinished) outgoing.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    inFlight: () => [...live.values()],
    onStart: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
