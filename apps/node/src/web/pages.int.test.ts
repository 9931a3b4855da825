import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventStore, EventStoreDatabase, migrateDatabase } from "@planledger/event-store";
import { Projections } from "@planledger/projections";
import { Layer, ManagedRuntime } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import { checkedApp } from "../testing/openapi-check.js";
import { type AccountStore, makeAccountStore } from "../auth/account-store.js";
import { sqliteAccountBackend } from "../auth/sqlite-account-backend.js";
import { sqliteTokenBackend } from "../auth/sqlite-token-backend.js";
import { makeTokenStore } from "../auth/token-store.js";
import { nodeMigrations } from "../migrations/index.js";
import { parsePlanText } from "../parse-plan-text.js";
import { seedText } from "../testing/test-node.js";
import { logClock, withLogClock } from "../views/log-clock.js";

/**
 * The pages of a real node: the app as `startNode` builds it (SQLite log and projections in one file, the log
 * clock the page cache follows, the file the audit page checks), driven with `app.request()`.
 */
const dir = mkdtempSync(join(tmpdir(), "planledger-pages-"));
const dbPath = join(dir, "luhanska.db");
const clock = logClock();
const runtime = ManagedRuntime.make(
  Layer.provideMerge(Projections.sqlite(), withLogClock(EventStore.sqlite({ path: dbPath, nodeId: "luhanska" }), clock)),
);
let app: ReturnType<typeof createApp>;
const bearer: Record<"editor" | "reporter", string> = { editor: "", reporter: "" };

const api = (method: string, path: string, role: "editor" | "reporter" | null, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: {
      ...(role === null ? {} : { authorization: `Bearer ${bearer[role]}` }),
      ...(body === undefined || typeof body === "string" ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
const page = async (path: string) => {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  return res.text();
};
const etagOf = (res: Response) => Number(res.headers.get("etag")?.replaceAll('"', ""));

/** The plan page header's counts by status, as its badges carry them. */
const badgeCounts = (html: string): Record<string, number> =>
  Object.fromEntries([...html.matchAll(/data-status="(\w+)" data-count="(\d+)"/g)].map((m) => [m[1], Number(m[2])]));
const shownCounts = async (planId: string): Promise<Record<string, number>> => {
  const tree = (await (await api("GET", `/api/v1/plans/${planId}`, null)).json()) as { statusCounts: Record<string, number> };
  return Object.fromEntries(Object.entries(tree.statusCounts).filter(([, n]) => n > 0));
};
const measureStatus = (html: string, measureId: string): string | undefined =>
  new RegExp(`data-measure="${measureId.replaceAll(".", "\\.")}" data-status="(\\w+)"`).exec(html)?.[1];

let planId = "";
let accounts: AccountStore;

/** Signs in through the sign-in form as a browser would (its CSRF cookie first); returns the session cookie. */
const signIn = async (login: string, password: string): Promise<string> => {
  const form = await app.request("/sign-in");
  const csrf = /pl_csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1] ?? "";
  expect(await form.text()).toContain(`name="_csrf" value="${csrf}"`);
  const res = await app.request("/sign-in", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `pl_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, login, password, next: "/audit" }).toString(),
  });
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/audit");
  const session = /pl_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/i);
  expect(res.headers.get("set-cookie")).toMatch(/SameSite=Lax/i);
  if (session === undefined) throw new Error("no session cookie");
  return session;
};

beforeAll(async () => {
  const database = await runtime.runPromise(EventStoreDatabase);
  await migrateDatabase(database.kysely, [nodeMigrations]);
  const tokens = makeTokenStore("luhanska", sqliteTokenBackend(database));
  bearer.editor = (await tokens.issue("editor-1", "editor")).token;
  bearer.reporter = (await tokens.issue("reporter-1", "reporter")).token;
  accounts = makeAccountStore("luhanska", sqliteAccountBackend(database));
  await accounts.add("auditor", "Аудитор", "auditor", "довгий пароль 2026");
  // Its API answers are checked against the OpenAPI document, as testNode()'s are.
  app = checkedApp(createApp({
    accounts,
    identity: { nodeId: "luhanska", level: "oblast", displayName: "Луганська ОВА", parentUrl: null },
    runtime,
    tokens,
    parsePlanText,
    logClock: clock,
    dbPath,
  }));
  const adopted = await api("POST", "/api/v1/plans", "editor", seedText("000"), { "content-type": "text/plain; charset=utf-8" });
  expect(adopted.status).toBe(201);
  planId = ((await adopted.json()) as { planId: string }).planId;
});

afterAll(async () => {
  await runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("the node's pages over its SQLite file", () => {
  it("given an adopted plan, the home page lists it with a link to its page", async () => {
    const html = await page("/");
    expect(html).toContain('<html lang="uk">');
    expect(html).toContain(`data-plan="${planId}"`);
    expect(html).toContain(`href="/plans/${encodeURIComponent(planId)}"`);
    expect(html).toContain("Турбота");
  });

  it("the plan page's counts by status are the plan's counts in the API", async () => {
    const html = await page(`/plans/${planId}`);
    const counts = await shownCounts(planId);
    expect(Object.keys(counts).length).toBeGreaterThan(0);
    expect(badgeCounts(html)).toEqual(counts);
    expect(html.match(/<article [^>]*data-measure="/g)).toHaveLength(17);
  });

  it("an unknown plan is a 404 page, not a JSON problem", async () => {
    const res = await app.request("/plans/luhanska.999.2020-01-01");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  });

  it("the audit page sends an anonymous person to sign in, and finds a fresh database intact for the auditor", async () => {
    const anonymous = await app.request("/audit");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/sign-in?next=%2Faudit");
    const session = await signIn("auditor", "довгий пароль 2026");
    const res = await app.request("/audit", { headers: { cookie: `pl_session=${session}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-signed-in="auditor"');
    expect(html).toContain('data-intact="true"');
    expect(html).toContain('data-origin="luhanska"');
    expect(html).toContain('data-broken=""');
  });

  it("refuses a sign-in form with a wrong CSRF token, never redirects off the node, and locks after five wrong passwords", async () => {
    await accounts.add("reviewer", "Перевіряльник", "reviewer", "довгий пароль 2026");
    const post = (fields: Record<string, string>, csrf = "c".repeat(32)) =>
      app.request("/sign-in", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: `pl_csrf=${csrf}` },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    const forged = await post({ _csrf: "d".repeat(32), login: "reviewer", password: "довгий пароль 2026" });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("CSRF");
    const offsite = await post({ login: "reviewer", password: "довгий пароль 2026", next: "//evil.example/" });
    expect(offsite.status).toBe(303);
    expect(offsite.headers.get("location")).toBe("/");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post({ login: "reviewer", password: `вгадую ${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await post({ login: "reviewer", password: "довгий пароль 2026" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(await locked.text()).toContain("заблоковано");
  }, 20_000);

  it("an administrator makes, re-roles, re-passwords and disables accounts on the accounts page; others get a 403 page", async () => {
    await accounts.add("chief", "Адміністратор", "admin", "довгий пароль 2026");
    const session = await signIn("chief", "довгий пароль 2026");
    const cookie = `pl_session=${session}`;
    const listed = await app.request("/admin/users", { headers: { cookie } });
    expect(listed.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await listed.text())?.[1] ?? "";
    const post = (fields: Record<string, string>, token = csrf) =>
      app.request("/admin/users", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
      });
    const added = await post({ action: "add", login: "o.petrenko", name: "Олена Петренко", role: "reporter", password: "довгий пароль 2026" });
    expect(added.status).toBe(303);
    expect((await accounts.list()).find((a) => a.login === "o.petrenko")).toMatchObject({ role: "reporter", name: "Олена Петренко" });
    const short = await post({ action: "add", login: "x.short", name: "", role: "viewer", password: "короткий" });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain("щонайменше 10 символів");
    expect((await post({ action: "role", login: "o.petrenko", role: "reviewer" })).status).toBe(303);
    expect((await accounts.list()).find((a) => a.login === "o.petrenko")?.role).toBe("reviewer");
    expect((await post({ action: "reset", login: "o.petrenko", password: "новий довгий пароль" })).status).toBe(303);
    expect((await accounts.signIn("o.petrenko", "новий довгий пароль")).ok).toBe(true);
    expect((await post({ action: "disable", login: "o.petrenko" })).status).toBe(303);
    expect((await accounts.signIn("o.petrenko", "новий довгий пароль")).ok).toBe(false);
    expect((await post({ action: "disable", login: "o.petrenko" }, "x".repeat(32))).status).toBe(403);
    const auditor = await signIn("auditor", "довгий пароль 2026");
    const denied = await app.request("/admin/users", { headers: { cookie: `pl_session=${auditor}` } });
    expect(denied.status).toBe(403);
  });

  it("refuses a report form posted with an ended session (401, a way to sign in) and records nothing", async () => {
    const before = ((await (await app.request("/health")).json()) as { events: number }).events;
    const res = await app.request(`/plans/${planId}/quarters/2021-Q1`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: "pl_session=ended-long-ago" },
      body: new URLSearchParams({ _csrf: "x".repeat(32), version: "0", "m0.id": `${planId}.s1.t1.m1`, "m0.status": "done" }).toString(),
    });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain("Сеанс завершився");
    expect(html).toContain('href="/sign-in"');
    expect(((await (await app.request("/health")).json()) as { events: number }).events).toBe(before);
  });

  it("after progress is recorded and submitted through the API, the plan page shows it (no stale page kept)", async () => {
    const measureId = `${planId}.s1.t1.m1`;
    const before = await page(`/plans/${planId}`);
    expect(measureStatus(before, measureId)).toBeDefined();
    expect(measureStatus(before, measureId)).not.toBe("done");
    // The same page again is the kept one.
    expect(await page(`/plans/${planId}`)).toBe(before);

    const drafted = await api("POST", `/api/v1/plans/${planId}/reports`, "reporter", { year: 2021, quarter: 2 });
    expect(drafted.status).toBe(201);
    const { reportId } = (await drafted.json()) as { reportId: string };
    const recorded = await api("POST", `/api/v1/reports/${reportId}/progress`, "reporter", {
      measureId,
      status: "done",
      actuals: [{ value: 1200, unit: "осіб" }],
      spent: [{ source: "обласний бюджет", executor: "Департамент", amount: 15.5 }],
      narrative: "Надано правову допомогу.",
    }, { "if-match": `"${etagOf(drafted)}"` });
    expect(recorded.status).toBe(200);
    const submitted = await api("POST", `/api/v1/reports/${reportId}/submit`, "reporter", undefined, { "if-match": `"${etagOf(recorded)}"` });
    expect(submitted.status).toBe(200);

    const after = await page(`/plans/${planId}`);
    expect(after).not.toBe(before);
    expect(measureStatus(after, measureId)).toBe("done");
    expect(badgeCounts(after)).toEqual(await shownCounts(planId));
    expect(badgeCounts(after).done ?? 0).toBe((badgeCounts(before).done ?? 0) + 1);

    const measure = await page(`/plans/${planId}/measures/${measureId}`);
    expect(measure).toMatch(/<\/h1><p><span class="badge s-done" data-status="done">/);
    expect(measure).toContain("1\u2009200 / — осіб");
    expect(measure).toContain("15,5\u00a0тис.\u00a0грн");
  });
});
