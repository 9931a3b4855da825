/**
 * @module Test support: a poor line between two nodes, as a TCP proxy on 127.0.0.1 (netem is not available
 * here). Bytes are delayed by a one-way latency and paced to a bandwidth shared by every connection through it,
 * each direction on its own; the line can stall (nothing moves for a while, then everything in transit arrives
 * late), and be cut — every connection closed, or reset, while bytes are in transit — on a schedule or on demand.
 */
import { createServer, type Server, type Socket, connect } from "node:net";
import type { AddressInfo } from "node:net";

/** What the line is like; every field may be left out (no delay, no cap, nothing scheduled). */
export interface LineProfile {
  /** Delay of every byte, each direction: the round trip is twice this, and a new connection costs one more. */
  readonly latencyMs?: number;
  /** Bytes per second, each direction, shared by all connections (64 kbit/s = 8000). */
  readonly bytesPerSecond?: number;
  /**
   * Cut the line every `everyMs` (the first at `firstAtMs`, else after `everyMs`): every open connection is closed
   * (`reset`: reset, RST) at the first moment after the scheduled time when a body is part delivered and part still
   * on the line, so the cut falls in the middle of a body rather than on an idle connection.
   */
  readonly cuts?: { readonly everyMs: number; readonly firstAtMs?: number; readonly reset?: boolean };
  /** Freeze the line for `forMs` every `everyMs` (the first at `firstAtMs`, else after `everyMs`). */
  readonly stalls?: { readonly everyMs: number; readonly forMs: number; readonly firstAtMs?: number };
}

/** What went through the line and what happened to it since the proxy started. */
export interface LineStats {
  /** Bytes delivered towards the upstream (requests) and back (answers). */
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly connections: number;
  /** Cuts and resets made, and how many connections they ended. */
  readonly cuts: number;
  readonly connectionsCut: number;
  readonly stalls: number;
}

/** A chunk on its way, delivered to `to` at `at` (ms, `performance.now()` clock). */
interface InTransit {
  at: number;
  readonly data: Buffer;
}

/** One direction of one connection: its queue on the line, in the order the bytes entered it. */
interface Leg {
  readonly from: Socket;
  readonly to: Socket;
  readonly queue: InTransit[];
  queued: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Bytes may not leave before this (the handshake's round trip, for the first bytes of a connection). */
  notBefore: number;
  readonly up: boolean;
}

interface Connection {
  readonly client: Socket;
  readonly upstream: Socket;
  readonly legs: readonly [Leg, Leg];
  closed: boolean;
}

/** Bytes queued on one leg before its sender is paused (the bottleneck's buffer; TCP then pushes back). */
const LEG_BUFFER_BYTES = 64 * 1024;

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: give this to the child as its parent's URL. */
  readonly url: string;
  /** Changes the line from now on; cut and stall schedules restart from now. Bytes already in transit keep their times. */
  readonly setProfile: (profile: LineProfile) => void;
  /** Cuts every open connection now (with `reset`, an RST); the number of connections cut. */
  readonly cut: (options?: { readonly reset?: boolean }) => number;
  /** Freezes the line for `ms`: nothing is delivered, and everything in transit arrives `ms` later. */
  readonly stall: (ms: number) => void;
  readonly stats: () => LineStats;
  readonly close: () => Promise<void>;
}

/**
 * Starts a proxy to `upstream` (a URL or host:port; a function, read per connection, so the upstream can restart on
 * another port).
 *
 * @example
 * const line = await startFaultProxy(oblast.url, { latencyMs: 400, bytesPerSecond: 8000, cuts: { everyMs: 20_000 } })
 * // the district joins `line.url` instead of `oblast.url`
 */
export const startFaultProxy = async (upstream: string | (() => string), initial: LineProfile = {}): Promise<FaultProxy> => {
  let profile: LineProfile = initial;
  const connections = new Set<Connection>();
  /** When each direction's line is free again (it sends one chunk at a time, at `bytesPerSecond`). */
  const lineFreeAt = { up: 0, down: 0 };
  let stats = { bytesUp: 0, bytesDown: 0, connections: 0, cuts: 0, connectionsCut: 0, stalls: 0 };
  let timers: ReturnType<typeof setTimeout>[] = [];
  /** A scheduled cut waiting for bytes in transit; its kind. */
  let armedCut: { readonly reset: boolean } | null = null;

  const target = (): { host: string; port: number } => {
    const where = typeof upstream === "function" ? upstream() : upstream;
    const url = new URL(where.includes("://") ? where : `tcp://${where}`);
    return { host: url.hostname, port: Number(url.port) };
  };

  const end = (connection: Connection, reset: boolean): void => {
    if (connection.closed) return;
    connection.closed = true;
    connections.delete(connection);
    for (const leg of connection.legs) {
      if (leg.timer !== undefined) clearTimeout(leg.timer);
      leg.queue.length = 0;
    }
    for (const socket of [connection.client, connection.upstream]) {
      if (reset && typeof socket.resetAndDestroy === "function" && socket.readyState !== "opening") socket.resetAndDestroy();
      else socket.destroy();
    }
  };

  const cut = (options: { readonly reset?: boolean } = {}): number => {
    armedCut = null;
    const open = [...connections];
    for (const connection of open) end(connection, options.reset === true);
    stats = { ...stats, cuts: stats.cuts + 1, connectionsCut: stats.connectionsCut + open.length };
    return open.length;
  };

  const drain = (connection: Connection, leg: Leg): void => {
    leg.timer = undefined;
    const now = performance.now();
    while (leg.queue.length > 0 && (leg.queue[0] as InTransit).at <= now + 1) {
      const { data } = leg.queue.shift() as InTransit;
      leg.queued -= data.byteLength;
      if (leg.up) stats = { ...stats, bytesUp: stats.bytesUp + data.byteLength };
      else stats = { ...stats, bytesDown: stats.bytesDown + data.byteLength };
      if (!leg.to.destroyed) leg.to.write(data);
    }
    // A scheduled cut falls here: part of a body has arrived and the rest is still on the line.
    if (armedCut !== null && leg.queue.length > 0) {
      cut(armedCut);
      return;
    }
    if (leg.queued < LEG_BUFFER_BYTES / 2 && leg.from.isPaused() && !connection.closed) leg.from.resume();
    schedule(connection, leg);
  };

  const schedule = (connection: Connection, leg: Leg): void => {
    const head = leg.queue[0];
    if (head === undefined || leg.timer !== undefined) return;
    leg.timer = setTimeout(() => drain(connection, leg), Math.max(0, head.at - performance.now()));
  };

  /** Puts `data` on the line: paced in pieces (so a large write trickles out), each arriving `latencyMs` after it is sent. */
  const enqueue = (connection: Connection, leg: Leg, data: Buffer): void => {
    const now = performance.now();
    const rate = profile.bytesPerSecond;
    const latency = profile.latencyMs ?? 0;
    const direction = leg.up ? "up" : "down";
    // Pieces of about 20 ms of the line, so the receiver sees a steady trickle, not bursts.
    const piece = rate === undefined ? data.byteLength : Math.max(64, Math.min(4096, Math.floor(rate / 50)));
    for (let offset = 0; offset < data.byteLength; offset += piece) {
      const part = data.subarray(offset, Math.min(data.byteLength, offset + piece));
      const start = Math.max(now, leg.notBefore, lineFreeAt[direction]);
      const sent = rate === undefined ? start : start + (part.byteLength / rate) * 1000;
      lineFreeAt[direction] = sent;
      leg.queue.push({ at: sent + latency, data: part });
      leg.queued += part.byteLength;
    }
    if (leg.queued > LEG_BUFFER_BYTES) leg.from.pause();
    schedule(connection, leg);
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    const opened = performance.now();
    const upstreamSocket = connect(target());
    const handshake = opened + 2 * (profile.latencyMs ?? 0);
    const up: Leg = { from: client, to: upstreamSocket, queue: [], queued: 0, timer: undefined, notBefore: handshake, up: true };
    const down: Leg = { from: upstreamSocket, to: client, queue: [], queued: 0, timer: undefined, notBefore: 0, up: false };
    const connection: Connection = { client, upstream: upstreamSocket, legs: [up, down], closed: false };
    connections.add(connection);
    stats = { ...stats, connections: stats.connections + 1 };
    client.on("data", (data: Buffer) => enqueue(connection, up, data));
    upstreamSocket.on("data", (data: Buffer) => enqueue(connection, down, data));
    // A side that ends ends the other once what it sent has arrived.
    const endAfterQueue = (leg: Leg) => () => {
      const last = leg.queue[leg.queue.length - 1]?.at ?? performance.now();
      setTimeout(() => {
        if (!connection.closed) leg.to.end();
      }, Math.max(0, last - performance.now()) + 1);
    };
    client.on("end", endAfterQueue(up));
    upstreamSocket.on("end", endAfterQueue(down));
    for (const socket of [client, upstreamSocket]) {
      socket.on("error", () => end(connection, false));
      socket.on("close", () => {
        // A side that is gone: the other goes when what is in transit to it has arrived.
        const pending = connection.legs.reduce((last, leg) => Math.max(last, leg.queue[leg.queue.length - 1]?.at ?? 0), 0);
        setTimeout(() => end(connection, false), Math.max(0, pending - performance.now()) + 1);
      });
    }
    client.resume();
  });

  const restartSchedules = (): void => {
    for (const timer of timers) clearTimeout(timer);
    timers = [];
    armedCut = null;
    const every = (first: number, period: number, run: () => void): void => {
      const tick = (delay: number) => {
        const timer = setTimeout(() => {
          run();
          tick(period);
        }, delay);
        timer.unref();
        timers.push(timer);
      };
      tick(first);
    };
    const { cuts, stalls } = profile;
    if (cuts !== undefined) {
      every(cuts.firstAtMs ?? cuts.everyMs, cuts.everyMs, () => {
        armedCut = { reset: cuts.reset === true };
      });
    }
    if (stalls !== undefined) every(stalls.firstAtMs ?? stalls.everyMs, stalls.everyMs, () => stall(stalls.forMs));
  };

  const stall = (ms: number): void => {
    stats = { ...stats, stalls: stats.stalls + 1 };
    const now = performance.now();
    lineFreeAt.up = Math.max(lineFreeAt.up, now) + ms;
    lineFreeAt.down = Math.max(lineFreeAt.down, now) + ms;
    for (const connection of connections)
      for (const leg of connection.legs) {
        for (const item of leg.queue) item.at += ms;
        leg.notBefore = Math.max(leg.notBefore, now + ms);
        if (leg.timer !== undefined) clearTimeout(leg.timer);
        leg.timer = undefined;
        schedule(connection, leg);
      }
  };

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  restartSchedules();
  return {
    url: `http://127.0.0.1:${port}`,
    setProfile: (next) => {
      profile = next;
      restartSchedules();
    },
    cut,
    stall,
    stats: () => stats,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const connection of [...connections]) end(connection, false);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
