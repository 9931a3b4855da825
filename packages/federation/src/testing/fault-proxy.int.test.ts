import { connect, createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "./fault-proxy.js";

/** An upstream that counts what each connection brought it, when, and can answer with bytes of its own. */
const upstream = async () => {
  const received: { bytes: number; firstAt: number; lastAt: number; closed: boolean; socket: Socket }[] = [];
  const server = createServer((socket) => {
    const entry = { bytes: 0, firstAt: 0, lastAt: 0, closed: false, socket };
    received.push(entry);
    socket.on("data", (chunk: Buffer) => {
      const now = performance.now();
      if (entry.bytes === 0) entry.firstAt = now;
      entry.bytes += chunk.byteLength;
      entry.lastAt = now;
      if (chunk.toString("latin1").startsWith("ping")) socket.write("pong");
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      entry.closed = true;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, received, address: `127.0.0.1:${(server.address() as AddressInfo).port}` };
};

const opened: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

const start = async (profile: Parameters<typeof startFaultProxy>[1]) => {
  const up = await upstream();
  const proxy = await startFaultProxy(up.address, profile);
  opened.push(proxy, { close: () => new Promise<void>((resolve) => (up.server as Server).close(() => resolve())) });
  return { up, proxy };
};

const client = (proxy: FaultProxy): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(proxy.url).port), "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });

const until = async (done: () => boolean, timeoutMs = 15_000): Promise<void> => {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("the fault proxy", () => {
  it("paces bytes to the bandwidth, each direction on its own, shared by the connections through it", async () => {
    const { up, proxy } = await start({ bytesPerSecond: 32_000 });
    const a = await client(proxy);
    const sentAt = performance.now();
    a.write(Buffer.alloc(64_000, 1));
    await until(() => up.received[0]?.bytes === 64_000);
    const upSeconds = ((up.received[0]?.lastAt ?? 0) - sentAt) / 1000;
    // Timers never fire early: the lower bound is tight; a loaded machine only makes it slower.
    expect(upSeconds).toBeGreaterThanOrEqual(1.95);
    expect(upSeconds).toBeLessThan(2.6);

    let back = 0;
    a.on("data", (chunk: Buffer) => {
      back += chunk.byteLength;
    });
    const answeredAt = performance.now();
    up.received[0]?.socket.write(Buffer.alloc(32_000, 2));
    await until(() => back === 32_000);
    const downSeconds = (performance.now() - answeredAt) / 1000;
    expect(downSeconds).toBeGreaterThanOrEqual(0.95);
    expect(downSeconds).toBeLessThan(1.5);

    // Two connections at once share the line: 2 × 32 kB at 32 kB/s take two seconds, not one.
    const [b, c] = await Promise.all([client(proxy), client(proxy)]);
    const bothAt = performance.now();
    b.write(Buffer.alloc(32_000, 3));
    c.write(Buffer.alloc(32_000, 4));
    await until(() => up.received[1]?.bytes === 32_000 && up.received[2]?.bytes === 32_000);
    const shared = (Math.max(up.received[1]?.lastAt ?? 0, up.received[2]?.lastAt ?? 0) - bothAt) / 1000;
    expect(shared).toBeGreaterThanOrEqual(1.95);
    expect(shared).toBeLessThan(2.6);
    expect(proxy.stats()).toMatchObject({ bytesUp: 128_000, bytesDown: 32_000, connections: 3, cuts: 0 });
    for (const s of [a, b, c]) s.destroy();
  }, 30_000);

  it("delays every byte by the one-way latency, and a new connection by a round trip more", async () => {
    const { proxy } = await start({ latencyMs: 150 });
    const socket = await client(proxy);
    const ping = async (): Promise<number> => {
      const at = performance.now();
      const answered = new Promise<void>((resolve) => socket.once("data", () => resolve()));
      socket.write("ping");
      await answered;
      return performance.now() - at;
    };
    const first = await ping();
    const second = await ping();
    expect(first).toBeGreaterThanOrEqual(595);
    expect(first).toBeLessThan(1000);
    expect(second).toBeGreaterThanOrEqual(298);
    expect(second).toBeLessThan(600);
    socket.destroy();
  });

  it("cuts on its schedule in the middle of a body, not on an idle connection: both sides are closed", async () => {
    // A cut every second: long enough that a loaded machine delivers one byte between cuts, short enough to fall
    // inside the 4 s that 64 KB take at 16 kB/s.
    const { up, proxy } = await start({ bytesPerSecond: 16_000, cuts: { everyMs: 1_000 } });
    const socket = await client(proxy);
    let closed = false;
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closed = true;
    });
    socket.write("x");
    await until(() => up.received[0]?.bytes === 1);
    // Past the next scheduled cut, nothing is in transit: the connection stays.
    await new Promise((r) => setTimeout(r, 1_200));
    expect([closed, proxy.stats().cuts]).toEqual([false, 0]);

    socket.write(Buffer.alloc(64_000, 1));
    await until(() => closed && up.received[0]?.closed === true);
    const arrived = up.received[0]?.bytes ?? 0;
    // A cut that found nothing in transit waits for the next bytes, so it may fall before the body's first piece is
    // delivered (on a loaded machine it did): most of the body never arrived.
    expect(arrived).toBeGreaterThanOrEqual(1);
    expect(arrived).toBeLessThan(32_000);
    expect(proxy.stats()).toMatchObject({ cuts: 1, connectionsCut: 1 });
  });

  it("resets a connection on demand: the client sees ECONNRESET", async () => {
    const { proxy } = await start({ bytesPerSecond: 16_000 });
    const socket = await client(proxy);
    const failed = new Promise<string | undefined>((resolve) => socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code)));
    socket.write(Buffer.alloc(32_000, 1));
    await new Promise((r) => setTimeout(r, 200));
    expect(proxy.cut({ reset: true })).toBe(1);
    expect(await failed).toBe("ECONNRESET");
  });

  it("stalls: nothing moves for the stall's length, then what was in transit arrives, late", async () => {
    const { up, proxy } = await start({ latencyMs: 50 });
    const socket = await client(proxy);
    socket.write("a");
    await until(() => up.received[0]?.bytes === 1);
    const stalledAt = performance.now();
    proxy.stall(600);
    socket.write("b");
    await until(() => up.received[0]?.bytes === 2);
    expect(performance.now() - stalledAt).toBeGreaterThanOrEqual(640);
    expect(proxy.stats().stalls).toBe(1);
    socket.destroy();
  });
});
