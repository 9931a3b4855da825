/**
 * @module Test support: an HTTP proxy on 127.0.0.1 that can cut the connection after the upstream has
 * answered a push, so the sender never learns that its batch was stored.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export const startCuttingProxy = async (upstream: () => string) => {
  let cutPushes = new Set<number>();
  let pushes = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const isPush = req.url?.endsWith("/push") === true;
      const n = isPush ? ++pushes : 0;
      try {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k, v]) => typeof v === "string" && !["host", "connection", "content-length"].includes(k)),
        ) as Record<string, string>;
        const answer = await fetch(`${upstream()}${req.url}`, {
          method: req.method ?? "GET",
          headers,
          ...(chunks.length === 0 ? {} : { body: Buffer.concat(chunks) }),
        });
        const body = Buffer.from(await answer.arrayBuffer());
        if (isPush && cutPushes.has(n)) {
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
        res.end(body);
      } catch {
        req.socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Cut the answers of these pushes (1-based, counted from now). */
    cut: (...which: number[]) => {
      pushes = 0;
      cutPushes = new Set(which);
    },
    pushesSeen: () => pushes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
