/**
 * The per-source limits over real HTTP: nodes started by `startNode()` on 127.0.0.1, requests sent from distinct
 * loopback addresses (127.0.0.x as `localAddress`: on Linux the whole 127/8 reaches a socket bound to 127.0.0.1), and
 * the limits' clock moved by the test instead of waited for.
 */
import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openSqlite } from "@planledger/event-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAccountStore } from "./auth/account-store.js";
import { sqliteAccountBackend } from "./auth/sqlite-account-backend.js";
import { type RunningNode, startNode } from "./main.js";
import { nodeMigrations } from "./migrations/index.js";
import { checkIncoming } from "./testing/openapi-check.js";
import type { NodeLimits } from "./node-config.js";

const dir = mkdtempSync(join(tmpdir(), "planledger-limits-"));
const limits: NodeLimits = { authFailures: 3, authWindowS: 60, syncMinIntervalS: 30, trustedProxies: [], maxSources: 1000 };
let at = Date.parse("2026-11-20T09:00:00Z");
const now = () => at;
const advance = (seconds: number) => {
  at += seconds * 1000;
};
const PASSWORD = "довгий пароль для тесту 2026";
const WRONG = "Bearer pl_luhanska_not-a-token-of-this-node";

let oblast: RunningNode;
let district: RunningNode;
const adminOf = (nodeId: string) => `Bearer ${readFileSync(join(dir, `${nodeId}.token`), "utf8").trim()}`;

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** One request from the loopback address `from`, on a connection of its own. */
const call = (
  node: RunningNode,
  from: string,
  method: string,
  path: string,
  init: { readonly authorization?: string; readonly headers?: Record<string, string>; readonly body?: string; readonly sent?: () => void } = {},
) =>
  new Promise<Answer>((resolve, reject) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.authorization !== undefined) headers.authorization = init.authorization;
    if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
    const req = request(`${node.url}${path}`, { method, headers, localAddress: from, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.once("end", () => {
        const body = Buffer.concat(chunks);
        // Every answer is checked against the OpenAPI document, as the route tests' are.
        try {
          checkIncoming(method, path, res, body);
        } catch (mismatch) {
          return reject(mismatch);
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: body.toString("utf8") });
      });
    });
    req.once("error", reject);
    if (init.sent !== undefined) req.once("finish", init.sent);
    req.end(init.body);
  });

const problemOf = (answer: Answer) => JSON.parse(answer.text) as { status: number; code: string; title: string; detail?: string; retryAfter?: number };

/** The sign-in form from `from` (its CSRF cookie and field), then a post of `login` and `password`. */
const signIn = async (from: string, login: string, password: string, lang: "uk" | "en" = "uk") => {
  const form = await call(oblast, from, "GET", `/sign-in?lang=${lang}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? "";
  const cookies = (form.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  return call(oblast, from, "POST", "/sign-in", {
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
    body: new URLSearchParams({ _csrf: csrf, login, password, next: "/" }).toString(),
  });
};

beforeAll(async () => {
  // Sync only when a test asks for it.
  process.env.PLANLEDGER_SYNC_INTERVAL_MS = "0";
  const dbPath = join(dir, "luhanska.db");
  const database = { path: dbPath, ...openSqlite(dbPath) };
  await migrateDatabase(database.kysely, [nodeMigrations]);
  await makeAccountStore("luhanska", sqliteAccountBackend(database)).add("o.petrenko", "Олена Петренко", "viewer", PASSWORD);
  await database.kysely.destroy();
  const config = { parentUrl: null, port: 0, host: "127.0.0.1", limits };
  oblast = await startNode(
    { ...config, nodeId: "luhanska", level: "oblast", displayName: "Луганська ОВА", dbPath },
    { adminTokenFile: join(dir, "luhanska.token"), now },
  );
  district = await startNode(
    { ...config, nodeId: "novopskovskyi", level: "district", displayName: "Новопсковська", dbPath: join(dir, "novopskovskyi.db") },
    { adminTokenFile: join(dir, "novopskovskyi.token"), now },
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([oblast?.close(), district?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("failed authentication, per source", () => {
  it("refuses a source after 3 wrong tokens with 429 and Retry-After — a correct token too — until the window passes", async () => {
    const from = "127.0.0.2";
    for (let i = 0; i < 3; i++) {
      const refused = await call(oblast, from, "GET", "/api/v1/tokens", { authorization: WRONG });
      expect(refused.status).toBe(401);
      advance(5);
    }
    const limited = await call(oblast, from, "GET", "/api/v1/tokens", { authorization: WRONG });
    expect([limited.status, limited.headers["retry-after"], limited.headers["content-type"]]).toEqual([429, "45", "application/problem+json"]);
    expect(problemOf(limited)).toMatchObject({
      status: 429,
      code: "TooManyFailedAttempts",
      title: "Забагато невдалих спроб / Too many failed attempts",
      retryAfter: 45,
      detail: expect.stringMatching(/^Забагато невдалих спроб автентифікації з цієї адреси; повторіть через 45 с \/ .* retry in 45 s$/),
    });
    // The admin's own token is refused from this source as well…
    const correct = await call(oblast, from, "GET", "/api/v1/tokens", { authorization: adminOf("luhanska") });
    expect([correct.status, correct.headers["retry-after"]]).toEqual([429, "45"]);
    // …while a request with no credential is not an attempt, and public reads stay open.
    expect((await call(oblast, from, "GET", "/health")).status).toBe(200);
    // Another source is unaffected: its correct token works, and its wrong one is a plain 401.
    expect((await call(oblast, "127.0.0.3", "GET", "/api/v1/tokens", { authorization: adminOf("luhanska") })).status).toBe(200);
    expect((await call(oblast, "127.0.0.3", "GET", "/api/v1/tokens", { authorization: WRONG })).status).toBe(401);
    // The window slides: the first failure (at 0 s) leaves it at 60 s.
    advance(44);
    expect((await call(oblast, from, "GET", "/api/v1/tokens", { authorization: adminOf("luhanska") })).headers["retry-after"]).toBe("1");
    advance(1);
    expect((await call(oblast, from, "GET", "/api/v1/tokens", { authorization: adminOf("luhanska") })).status).toBe(200);
    // One failure fits in the window again; the next waits for the second failure (at 5 s) to leave it.
    expect((await call(oblast, from, "GET", "/api/v1/tokens", { authorization: WRONG })).status).toBe(401);
    expect((await call(oblast, from, "GET", "/api/v1/tokens", { authorization: WRONG })).headers["retry-after"]).toBe("5");
    advance(60);
  });

  it("does not count successful requests, nor a valid token that merely lacks the role", async () => {
    const from = "127.0.0.4";
    const issued = await call(oblast, from, "POST", "/api/v1/tokens", {
      authorization: adminOf("luhanska"),
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "glyadach", role: "viewer" }),
    });
    expect(issued.status).toBe(201);
    const viewer = `Bearer ${(JSON.parse(issued.text) as { token: string }).token}`;
    for (let i = 0; i < 6; i++) {
      expect((await call(oblast, from, "GET", "/api/v1/tokens", { authorization: viewer })).status).toBe(403);
      expect((await call(oblast, from, "POST", "/federation/v1/sync", { authorization: viewer })).status).toBe(403);
      expect((await call(oblast, from, "GET", "/api/v1/tokens", { authorization: adminOf("luhanska") })).status).toBe(200);
    }
  });

  it("counts wrong credentials on federation's routes, the Node-level push included, and refuses the push after", async () => {
    const from = "127.0.0.5";
    const push = () =>
      call(oblast, from, "POST", "/federation/v1/push", { authorization: WRONG, headers: { "content-type": "application/json" }, body: "{}" });
    expect((await push()).status).toBe(401);
    // An admin-only route answers a wrong token 403 ("admin token required"): a failure all the same.
    expect((await call(oblast, from, "POST", "/federation/v1/sync", { authorization: WRONG })).status).toBe(403);
    expect((await call(oblast, from, "GET", "/federation/v1/status", { authorization: WRONG })).status).toBe(403);
    const limited = await push();
    expect([limited.status, limited.headers["retry-after"], problemOf(limited).code]).toEqual([429, "60", "TooManyFailedAttempts"]);
    advance(60);
  });

  it("keys by the socket's peer: X-Forwarded-For from a peer that is not a trusted proxy changes nothing", async () => {
    const from = "127.0.0.6";
    for (let i = 0; i < 3; i++) {
      const answer = await call(oblast, from, "GET", "/api/v1/tokens", { authorization: WRONG, headers: { "x-forwarded-for": `198.51.100.${i}` } });
      expect(answer.status).toBe(401);
    }
    const spoofed = await call(oblast, from, "GET", "/api/v1/tokens", { authorization: WRONG, headers: { "x-forwarded-for": "198.51.100.99" } });
    expect(spoofed.status).toBe(429);
    advance(60);
  });

  it("the sign-in page: after 3 failures from a source a correct password is refused with a Ukrainian page naming the wait, until the window passes", async () => {
    const from = "127.0.0.7";
    // Bearer failures and sign-in failures are one count.
    expect((await call(oblast, from, "GET", "/api/v1/tokens", { authorization: WRONG })).status).toBe(401);
    for (const login of ["admin", "root"]) expect((await signIn(from, login, "password1")).status).toBe(401);
    const refused = await signIn(from, "o.petrenko", PASSWORD);
    expect([refused.status, refused.headers["retry-after"], (refused.headers["set-cookie"] ?? []).some((c) => c.startsWith("pl_session="))]).toEqual([
      429,
      "60",
      false,
    ]);
    expect(refused.headers["content-type"]).toMatch(/^text\/html/);
    expect(refused.text).toContain('<html lang="uk"');
    expect(refused.text).toContain("Забагато невдалих спроб входу з вашої адреси. Спробуйте знову через 1 хв.");
    advance(30);
    const english = await signIn(from, "o.petrenko", PASSWORD, "en");
    expect([english.status, english.headers["retry-after"]]).toEqual([429, "30"]);
    expect(english.text).toContain("Too many failed sign-in attempts from your address. Try again in 30 s.");
    // Another source signs in meanwhile.
    const elsewhere = await signIn("127.0.0.8", "o.petrenko", PASSWORD);
    expect([elsewhere.status, elsewhere.headers.location]).toEqual([303, "/"]);
    advance(30);
    const later = await signIn(from, "o.petrenko", PASSWORD);
    expect([later.status, later.headers.location]).toEqual([303, "/"]);
    expect(later.headers["set-cookie"]?.some((c) => c.startsWith("pl_session="))).toBe(true);
    advance(60);
  });

  it("a successful sign-in does not count", async () => {
    const from = "127.0.0.9";
    for (let i = 0; i < 5; i++) expect((await signIn(from, "o.petrenko", PASSWORD)).status).toBe(303);
    expect((await signIn(from, "nobody", "password1")).status).toBe(401);
  });
});

/** A proxy to `target` that can hold the child's `GET …/cursors` (the first step of a sync round) until released. */
const holdingProxy = async (target: string) => {
  const seen: string[] = [];
  let gate: Promise<void> | null = null;
  let held: () => void = () => undefined;
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const forward = () => {
      const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers, agent: false }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.once("error", () => res.destroy());
      req.pipe(upstream);
    };
    if (gate !== null && req.url?.endsWith("/cursors")) {
      held();
      void gate.then(forward);
    } else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    /** Holds the next round at its first request; resolves `arrived` once one is held; `release` lets it go on. */
    hold: () => {
      let release: () => void = () => undefined;
      gate = new Promise((resolve) => (release = resolve));
      const arrived = new Promise<void>((resolve) => (held = resolve));
      return {
        arrived,
        release: () => {
          gate = null;
          release();
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

describe("on-demand sync", () => {
  it("lets one source start one round per minimum interval; others are not held to it, and non-admins are refused as before", async () => {
    const sync = (from: string, authorization = adminOf("luhanska")) => call(oblast, from, "POST", "/federation/v1/sync", { authorization });
    // The oblast here is a root: a round that passes the interval finds no parent and answers 409 NoParent; one
    // held back by the interval answers 429 before it runs.
    expect((await sync("127.0.0.10")).status).toBe(409);
    advance(10);
    const tooSoon = await sync("127.0.0.10");
    expect([tooSoon.status, tooSoon.headers["retry-after"]]).toEqual([429, "20"]);
    expect(problemOf(tooSoon)).toMatchObject({ status: 429, code: "SyncTooSoon", retryAfter: 20 });
    // No credential: the handler's 401, not the interval (a stranger cannot spend the admin's).
    expect((await call(oblast, "127.0.0.10", "POST", "/federation/v1/sync")).status).toBe(401);
    expect((await sync("127.0.0.11")).status).toBe(409);
    advance(20);
    expect((await sync("127.0.0.10")).status).toBe(409);
    advance(60);
  });

  it("runs at most one round at a time: a call while one runs joins it and answers its report", async () => {
    const proxy = await holdingProxy(oblast.url);
    try {
      const invitation = await call(oblast, "127.0.0.1", "POST", "/federation/v1/invitations", {
        authorization: adminOf("luhanska"),
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ nodeId: "novopskovskyi", level: "district" }),
      });
      expect(invitation.status).toBe(201);
      const joined = await call(district, "127.0.0.1", "POST", "/federation/v1/join", {
        authorization: adminOf("novopskovskyi"),
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ parentUrl: proxy.url, token: (JSON.parse(invitation.text) as { token: string }).token }),
      });
      expect(joined.status).toBe(200);

      const held = proxy.hold();
      const before = proxy.seen.length;
      const first = call(district, "127.0.0.12", "POST", "/federation/v1/sync", { authorization: adminOf("novopskovskyi") });
      await held.arrived;
      let sent: () => void = () => undefined;
      const flushed = new Promise<void>((resolve) => (sent = resolve));
      const second = call(district, "127.0.0.13", "POST", "/federation/v1/sync", { authorization: adminOf("novopskovskyi"), sent });
      // The second call is on the wire before a later request makes its round trip: it reached the node while the
      // first round was held at its first step.
      await flushed;
      expect((await call(district, "127.0.0.13", "GET", "/health")).status).toBe(200);
      held.release();
      const [a, b] = await Promise.all([first, second]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const report = JSON.parse(a.text) as { error: string | null; startedAt: string };
      expect(report.error).toBeNull();
      expect(JSON.parse(b.text)).toEqual(report);
      expect(proxy.seen.slice(before).filter((line) => line.endsWith("/cursors"))).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
