import { type Server, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { viaNodeHttp } from "./sync-client.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** A parent that announces `Keep-Alive: timeout=2` and answers each request with the number of its connection. */
const parent = async () => {
  const sockets: Socket[] = [];
  const closedByClient: Socket[] = [];
  const listening = createServer((req, res) => {
    if (!sockets.includes(req.socket)) {
      sockets.push(req.socket);
      // The client's FIN reaches the server as 'end' before the server would close the socket itself.
      req.socket.once("end", () => closedByClient.push(req.socket));
    }
    req.resume();
    req.once("end", () => res.end(JSON.stringify({ connection: sockets.indexOf(req.socket) + 1 })));
  });
  listening.keepAliveTimeout = 2000;
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/federation/v1/cursors`, sockets, closedByClient };
};

describe("the child's HTTP client", () => {
  it("keeps its connection between requests, and closes it itself before the parent's announced keep-alive ends", async () => {
    const { url, sockets, closedByClient } = await parent();
    const exchange = viaNodeHttp(2);
    expect(await exchange(url, "GET", { accept: "application/json" })).toMatchObject({ status: 200, payload: { connection: 1 } });
    expect(await exchange(url, "POST", { "content-type": "application/json" }, '{"_tag":"PushBatch"}')).toMatchObject({
      status: 200,
      payload: { connection: 1 },
    });
    // Announced: 2 s. The client lets go after 1 s, before the parent would close the connection under a request.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(closedByClient).toEqual([sockets[0]]);
    expect(await exchange(url, "GET", {})).toMatchObject({ status: 200, payload: { connection: 2 } });
  });
});
