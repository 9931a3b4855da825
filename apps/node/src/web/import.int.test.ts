import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventStore, EventStoreDatabase, migrateDatabase } from "@planledger/event-store";
import { parseText, planToXlsx } from "@planledger/importer";
import { Projections } from "@planledger/projections";
import { Either, Layer, ManagedRuntime } from "effect";
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
 * Importing a plan from the browser on a real node (SQLite log and projections): upload, preview with nothing
 * stored, record under the editor's name, the difference for a plan already held, and every refusal recording
 * nothing.
 */
const dir = mkdtempSync(join(tmpdir(), "planledger-import-"));
const dbPath = join(dir, "luhanska.db");
const clock = logClock();
const runtime = ManagedRuntime.make(
  Layer.provideMerge(Projections.sqlite(), withLogClock(EventStore.sqlite({ path: dbPath, nodeId: "luhanska" }), clock)),
);
let app: ReturnType<typeof createApp>;
let accounts: AccountStore;
let auditorToken = "";
const PLAN_1003 = "luhanska.1003.2018-12-12";

/** Signs in through the sign-in form as a browser would; answers the session cookie and the session's CSRF token. */
const signIn = async (login: string, password: string): Promise<{ cookie: string; csrf: string }> => {
  const form = await app.request("/sign-in");
  const pre = /pl_csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1] ?? "";
  const res = await app.request("/sign-in", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `pl_csrf=${pre}` },
    body: new URLSearchParams({ _csrf: pre, login, password, next: "/" }).toString(),
  });
  expect(res.status).toBe(303);
  const session = /pl_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (session === undefined) throw new Error("no session cookie");
  const cookie = `pl_session=${session}`;
  // The import page is never kept: it carries this session's token (its 403 page too, in the sign-out form).
  const page = await (await app.request("/plans/import", { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  return { cookie, csrf };
};

/** The number of events in the node's log, as `/health` reports it. */
const events = async (): Promise<number> => ((await (await app.request("/health")).json()) as { events: number }).events;

/** A multipart form as a browser sends it: its bytes, type (with boundary) and length. */
const multipart = async (fields: Record<string, string>, file: { readonly name: string; readonly bytes: Uint8Array | string } | null) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file !== null) form.append("document", new Blob([file.bytes]), file.name);
  const request = new Request("http://node/", { method: "POST", body: form });
  const body = new Uint8Array(await request.arrayBuffer());
  return { body, type: request.headers.get("content-type") ?? "" };
};

const upload = async (
  who: { cookie: string; csrf: string },
  file: { readonly name: string; readonly bytes: Uint8Array | string } | null,
  fields: Record<string, string> = { _csrf: who.csrf },
) => {
  const { body, type } = await multipart(fields, file);
  return app.request("/plans/import", {
    method: "POST",
    headers: { cookie: who.cookie, "content-type": type, "content-length": String(body.length) },
    body,
  });
};

const postForm = (who: { cookie: string }, path: string, fields: Record<string, string>) =>
  app.request(path, {
    method: "POST",
    headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

const pendingIdOf = (html: string): string | undefined => /action="\/plans\/import\/confirm"[\s\S]*?name="id" value="([^"]+)"/.exec(html)?.[1];

beforeAll(async () => {
  const database = await runtime.runPromise(EventStoreDatabase);
  await migrateDatabase(database.kysely, [nodeMigrations]);
  const tokens = makeTokenStore("luhanska", sqliteTokenBackend(database));
  auditorToken = (await tokens.issue("auditor-1", "auditor")).token;
  accounts = makeAccountStore("luhanska", sqliteAccountBackend(database));
  await accounts.add("olena", "Олена Редакторка", "editor", "довгий пароль 2026");
  await accounts.add("ivan", "Іван Редактор", "editor", "довгий пароль 2026");
  await accounts.add("petro", "Петро Звітувач", "reporter", "довгий пароль 2026");
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
});

afterAll(async () => {
  await runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("importing a plan document from the browser", () => {
  it("an editor finds the import on the home page; the form takes a file by its content, with the CSRF token", async () => {
    const olena = await signIn("olena", "довгий пароль 2026");
    expect(await (await app.request("/", { headers: { cookie: olena.cookie } })).text()).toContain('href="/plans/import"');
    const res = await app.request("/plans/import", { headers: { cookie: olena.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toMatch(/<label for="f-document">/);
    expect(html).toMatch(/type="file" name="document" id="f-document" accept="\.docx,\.doc,\.rtf,\.xlsx,\.xls,\.pdf,\.txt,\.json/);
    expect(html).toContain(`name="_csrf" value="${olena.csrf}"`);
    expect(html).toContain('name="parentPlanId"');
    const anonymous = await app.request("/plans/import");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/sign-in?next=%2Fplans%2Fimport");
  });

  it("seed 003 uploaded: a preview of its 95 measures and 9 anomalies, nothing stored; recorded on confirm under the editor's name", async () => {
    const olena = await signIn("olena", "довгий пароль 2026");
    const before = await events();
    const res = await upload(olena, { name: "plan-1003.txt", bytes: seedText("003") });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`data-preview-plan="${PLAN_1003}"`);
    expect(html).toContain("Регіональний план заходів щодо реформування системи інституційного догляду");
    expect(html).toContain("ЛУГАНСЬКА ОБЛАСНА ДЕРЖАВНА АДМІНІСТРАЦІЯ");
    expect(html).toContain("№ 1003");
    expect(html).toContain("12.12.2018");
    expect(html).toMatch(/data-count="sections">8</);
    expect(html).toMatch(/data-count="tasks">11</);
    expect(html).toMatch(/data-count="measures">95</);
    expect(html).toMatch(/data-count="anomalies">9</);
    expect(html.match(/<tr data-preview-measure="/g)).toHaveLength(95);
    expect(html).toContain("проведення засідань міжвідомчої робочої групи");
    const kinds = [...html.matchAll(/data-anomaly="([\w-]+)"/g)].map((m) => m[1]);
    expect(kinds.filter((k) => k === "ocr-label")).toHaveLength(4);
    expect(kinds.filter((k) => k === "repeated-row")).toHaveLength(4);
    expect(kinds.filter((k) => k === "stray-consent")).toHaveLength(1);
    expect(html).toContain("Рядок повторює захід з рядка 162");
    // The rows the parser was unsure of are marked in the tree too.
    expect(html).toContain('data-preview-measure="IV. / 1. / 13)" data-anomalies="1"');
    expect(html).toContain("Записати план");
    expect(html).toContain("Скасувати");
    expect(await events()).toBe(before);
    const plans = (await (await app.request("/api/v1/plans")).json()) as { plans: Array<{ id: string }> };
    expect(plans.plans.map((p) => p.id)).not.toContain(PLAN_1003);

    const id = pendingIdOf(html);
    expect(id).toBeDefined();
    // Another editor cannot record Olena's preview, and the id alone without the token records nothing.
    const ivan = await signIn("ivan", "довгий пароль 2026");
    expect((await postForm(ivan, "/plans/import/confirm", { _csrf: ivan.csrf, id: id ?? "" })).status).toBe(404);
    expect((await postForm(olena, "/plans/import/confirm", { _csrf: "x".repeat(olena.csrf.length), id: id ?? "" })).status).toBe(403);
    expect(await events()).toBe(before);

    const confirmed = await postForm(olena, "/plans/import/confirm", { _csrf: olena.csrf, id: id ?? "" });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe(`/plans/${PLAN_1003}`);
    expect(await events()).toBeGreaterThan(before);
    const listed = (await (await app.request("/api/v1/plans")).json()) as { plans: Array<{ id: string; measures: number }> };
    expect(listed.plans.find((p) => p.id === PLAN_1003)?.measures).toBe(95);
    const history = (await (
      await app.request(`/api/v1/streams/${encodeURIComponent(`plan:${PLAN_1003}`)}/history`, { headers: { authorization: `Bearer ${auditorToken}` } })
    ).json()) as { events: Array<{ type: string; actor: string }> };
    expect(history.events[0]?.type).toBe("PlanAdopted");
    expect(new Set(history.events.map((e) => e.actor))).toEqual(new Set(["olena@luhanska"]));
    expect((await app.request(`/plans/${PLAN_1003}`)).status).toBe(200);
    // The preview is used up.
    const again = await postForm(olena, "/plans/import/confirm", { _csrf: olena.csrf, id: id ?? "" });
    expect(again.status).toBe(404);
  }, 30_000);

  it("the same document again shows that nothing differs; an amended version shows its difference and is recorded as one amendment by its order", async () => {
    const olena = await signIn("olena", "довгий пароль 2026");
    const before = await events();
    const same = await upload(olena, { name: "plan-1003.txt", bytes: seedText("003") });
    expect(same.status).toBe(200);
    const html = await same.text();
    expect(html).toContain('data-difference="0"');
    expect(html).toContain("data-same");
    expect(pendingIdOf(html)).toBeUndefined();
    expect(html).not.toContain("data-amend-form");

    const original = "проведення засідань міжвідомчої робочої групи з реформування";
    expect(seedText("003").split(original)).toHaveLength(2);
    const amended = seedText("003").replace(original, "проведення виїзних засідань міжвідомчої робочої групи з реформування");
    const changed = await upload(olena, { name: "plan-1003-v2.txt", bytes: amended });
    expect(changed.status).toBe(200);
    const diff = await changed.text();
    expect(diff).toContain('data-difference="1"');
    expect(diff).toContain(`data-change="changed" data-level="measure" data-id="${PLAN_1003}.s1.t1.m1"`);
    expect(diff).toContain("<ins>проведення виїзних засідань");
    expect(pendingIdOf(diff)).toBeUndefined();
    expect(await events()).toBe(before);
    const id = /action="\/plans\/import\/amend"[\s\S]*?name="id" value="([^"]+)"/.exec(diff)?.[1] ?? "";
    expect(id).not.toBe("");
    // A date that is not one is refused on the page, nothing stored; then the order recorded as one amendment.
    const refused = await postForm(olena, "/plans/import/amend", { _csrf: olena.csrf, id, number: "77-р", date: "31.02.2025" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("не розпізнано");
    expect(await events()).toBe(before);
    const recorded = await postForm(olena, "/plans/import/amend", { _csrf: olena.csrf, id, number: "77-р", date: "15.03.2025" });
    expect(recorded.status).toBe(303);
    expect(recorded.headers.get("location")).toBe(`/plans/${PLAN_1003}`);
    const tree = (await (await app.request(`/api/v1/plans/${PLAN_1003}`)).json()) as {
      amendments: { order: { number: string; date: string } }[];
      sections: { tasks: { measures: { measureId: string; title: string }[] }[] }[];
    };
    expect(tree.amendments.map((a) => a.order)).toEqual([{ number: "77-р", date: "2025-03-15" }]);
    const m1 = tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures)).find((m) => m.measureId === `${PLAN_1003}.s1.t1.m1`);
    expect(m1?.title).toContain("проведення виїзних засідань");
    // The preview is used up: the same id records nothing twice.
    expect((await postForm(olena, "/plans/import/amend", { _csrf: olena.csrf, id, number: "77-р", date: "15.03.2025" })).status).toBe(404);
  }, 30_000);

  it("a file is told by its content: an XLSX named .txt and a district plan naming its regional parent", async () => {
    const olena = await signIn("olena", "довгий пароль 2026");
    const before = await events();
    const doc = Either.getOrThrow(parseText(seedText("000"))).document;
    const xlsx = await upload(olena, { name: "turbota.txt", bytes: await planToXlsx(doc) });
    expect(xlsx.status).toBe(200);
    const html = await xlsx.text();
    expect(html).toContain("— XLSX, вивантажена з вузла");
    expect(html).toMatch(/data-count="measures">17</);
    const cancelled = await postForm(olena, "/plans/import/cancel", { _csrf: olena.csrf, id: pendingIdOf(html) ?? "" });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get("location")).toBe("/plans/import?cancelled=1");
    expect(await events()).toBe(before);

    const district = await upload(olena, { name: "novopskov.txt", bytes: seedText("002") }, { _csrf: olena.csrf, parentPlanId: PLAN_1003 });
    expect(district.status).toBe(200);
    const confirmed = await postForm(olena, "/plans/import/confirm", { _csrf: olena.csrf, id: pendingIdOf(await district.text()) ?? "" });
    expect(confirmed.status).toBe(303);
    const planId = decodeURIComponent((confirmed.headers.get("location") ?? "").replace("/plans/", ""));
    const tree = (await (await app.request(`/api/v1/plans/${planId}`)).json()) as { parentPlanId: string | null };
    expect(tree.parentPlanId).toBe(PLAN_1003);
  }, 30_000);

  it("refuses, recording nothing: no or a wrong CSRF token, an empty file, a PNG, a declared 25 MB+ body unread, a reporter", async () => {
    const olena = await signIn("olena", "довгий пароль 2026");
    const before = await events();
    const seed = { name: "plan.txt", bytes: seedText("000") };

    const noToken = await upload(olena, seed, {});
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain("CSRF");
    expect((await upload(olena, seed, { _csrf: "y".repeat(olena.csrf.length) })).status).toBe(403);

    const empty = await upload(olena, { name: "empty.txt", bytes: new Uint8Array(0) });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("файл порожній");

    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
    const binary = await upload(olena, { name: "plan.txt", bytes: png });
    expect(binary.status).toBe(415);
    const binaryHtml = await binary.text();
    expect(binaryHtml).toContain("двійковий файл");
    expect(binaryHtml).toContain('aria-invalid="true"');

    const gibberish = await upload(olena, { name: "notes.txt", bytes: "Просто нотатки, а не план.\nДругий рядок.\n" });
    expect(gibberish.status).toBe(422);
    expect(await gibberish.text()).toContain("план не прочитано");

    let pulled = false;
    const huge = await app.request("/plans/import", {
      method: "POST",
      headers: { cookie: olena.cookie, "content-type": "multipart/form-data; boundary=x", "content-length": String(26 * 1024 * 1024) },
      body: new ReadableStream(
        {
          pull: () => {
            pulled = true;
          },
        },
        { highWaterMark: 0 },
      ),
      duplex: "half",
    } as RequestInit);
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain("Файл завеликий");
    expect(pulled).toBe(false);

    const petro = await signIn("petro", "довгий пароль 2026");
    expect((await app.request("/plans/import", { headers: { cookie: petro.cookie } })).status).toBe(403);
    const reporter = await upload(petro, seed);
    expect(reporter.status).toBe(403);
    expect(await reporter.text()).toContain("Ваша роль не дає доступу");
    expect(await (await app.request("/", { headers: { cookie: petro.cookie } })).text()).not.toContain('href="/plans/import"');

    expect(await events()).toBe(before);
  }, 30_000);
});
