import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { compareView } from "./pages/compare-page.js";
import type { PeoplePort, Viewer } from "./people.js";
import { eventLog, fakeSource, intactIntegrity } from "./testing/fake-source.js";
import { webRoutes } from "./web-routes.js";

const NOW = new Date("2021-05-10T12:00:00.000Z");
const P = "luhanska.852.2021-01-15";
const mid = (m: string) => `${P}.s1.t1.${m}`;
const XSS = "<script>alert(1)</script>";

/**
 * A small real log, folded by the real projections: one plan (one section, one task, four measures, the first
 * titled with markup) and the I quarter's report, submitted, with two measures done and one in progress.
 */
const logOf = () => {
  const log = eventLog();
  const add = (stream: string, type: string, data: Record<string, unknown>, at: string) => log.add("luhanska", stream, type, data, at);
  const plan = `plan:${P}`;
  const adopted = "2021-01-20T09:00:00.000Z";
  add(plan, "PlanAdopted", {
    planId: P,
    ownerNode: "luhanska",
    title: "План заходів «Турбота»",
    issuer: "Луганська ОДА",
    order: { number: "852", date: "2021-01-15" },
    period: { from: 2021, to: 2022 },
    parentPlanId: null,
  }, adopted);
  add(plan, "SectionAdded", { sectionId: `${P}.s1`, label: "I", ordinal: 1, title: "Соціальний захист" }, adopted);
  add(plan, "TaskAdded", { taskId: `${P}.s1.t1`, sectionId: `${P}.s1`, label: "1", ordinal: 1, title: "Підтримка сімей" }, adopted);
  const measure = (id: string, ordinal: number, title: string, date: string) =>
    add(plan, "MeasureAdded", {
      measureId: mid(id),
      taskId: `${P}.s1.t1`,
      label: `${ordinal})`,
      ordinal,
      title,
      term: { kind: "deadline", text: `до ${date}`, date },
      executors: [{ name: "Служба у справах дітей", byConsent: false }],
      indicator: { text: "показник", targets: [] },
      budget: [],
    }, adopted);
  measure("m1", 1, `${XSS} Надання допомоги`, "2021-12-31");
  measure("m2", 2, "Навчання фахівців", "2021-12-31");
  measure("m3", 3, "Облаштування центру", "2021-12-31");
  measure("m4", 4, "Звіт про стан справ", "2021-12-31");
  const report = `report:${P}:2021-Q1`;
  const reportId = `${P}.2021-q1`;
  const filed = "2021-04-02T08:00:00.000Z";
  add(report, "ReportDrafted", { reportId, planId: P, year: 2021, quarter: 1 }, filed);
  for (const [m, status] of [["m1", "done"], ["m2", "done"], ["m3", "inProgress"]] as const)
    add(report, "ProgressRecorded", { reportId, measureId: mid(m), status, actuals: [], spent: [], narrative: "" }, filed);
  add(report, "ReportSubmitted", { reportId }, filed);
  return log;
};

/** A `WebSource` over the real projections of the log above; counts its plan-tree reads; `version` is set by hand. */
const sourceOf = () => {
  const log = logOf();
  /** Appends an event to the log, as a write on the node would. */
  const append = (stream: string, type: string, data: Record<string, unknown>, at: string) => log.add("luhanska", stream, type, data, at);
  return { ...fakeSource(log.events, { now: NOW, actor: "editor-1@luhanska" }), append };
};

const given = (now = NOW) => {
  const source = sourceOf();
  const app = webRoutes({ source: source.web, now: () => now });
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  return { ...source, app, get };
};

const measuresShown = (html: string): string[] => [...html.matchAll(/<article [^>]*data-measure="([^"]+)"/g)].map((m) => m[1] ?? "");
const statusesShown = (html: string): string[] => [...html.matchAll(/<article [^>]*data-status="([^"]+)"/g)].map((m) => m[1] ?? "");

afterEach(() => vi.restoreAllMocks());

describe("web pages: language", () => {
  it("given no preference, serves the home page in Ukrainian as HTML", async () => {
    const { get } = given();
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<html lang="uk">');
    expect(html).toContain("Плани");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("when ?lang=en is asked, answers in English and remembers the choice in a cookie", async () => {
    const { get } = given();
    const res = await get("/?lang=en");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Plans");
    expect(res.headers.get("set-cookie")).toMatch(/^lang=en;/);
    // The switch links back to the same page in the other language.
    expect(html).toContain('href="/?lang=uk"');
  });

  it("given the cookie lang=en, answers in English without ?lang", async () => {
    const { get } = given();
    const res = await get("/", { cookie: "lang=en" });
    expect(await res.text()).toContain('<html lang="en">');
  });

  it("given a kept page, still sets the cookie for a ?lang=en request", async () => {
    const { get } = given();
    await get("/?lang=en");
    const again = await get("/?lang=en");
    expect(again.headers.get("set-cookie")).toMatch(/^lang=en;/);
  });

  it("when an unknown language is asked, answers 400 with a page in Ukrainian that links home", async () => {
    const { get } = given();
    const res = await get("/?lang=xx");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="uk">');
    expect(html).toContain("Мову «xx» не підтримано");
    expect(html).toContain('<a href="/">');
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("web pages: what is not there", () => {
  it("when a plan is not held here, answers a 404 page, not JSON and not 500", async () => {
    const { get } = given();
    const res = await get("/plans/luhanska.999.2020-01-01");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("Не знайдено (404)");
    expect(html).toContain("План «luhanska.999.2020-01-01» не знайдено на цьому вузлі");
    expect(html).not.toContain("plan not held by this node");
  });

  it("when a plan is not held here and the reader asked English, the 404 page is in English", async () => {
    const { get } = given();
    const html = await (await get("/plans/luhanska.999.2020-01-01?lang=en")).text();
    expect(html).toContain("Not found (404)");
    expect(html).toContain("plan not held by this node");
  });

  it("when a measure is not in the plan, answers a 404 page naming it", async () => {
    const { get } = given();
    const res = await get(`/plans/${P}/measures/${mid("m99")}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain(`немає заходу «${mid("m99")}»`);
  });

  it("when a measure's plan is not held here, answers 404", async () => {
    const { get } = given();
    expect((await get(`/plans/luhanska.999.2020-01-01/measures/x`)).status).toBe(404);
  });

  it("when the source fails unexpectedly, answers a 500 page that shows no stack", async () => {
    const source = sourceOf();
    const app = webRoutes({ source: { ...source.web, plans: () => Promise.reject(new Error("disk on fire")) }, now: () => NOW });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await app.request("/");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("Помилка вузла (500)");
    expect(html).not.toContain("disk on fire");
    expect(logged).toHaveBeenCalled();
  });
});

describe("web pages: as of a moment", () => {
  it("given a past date, shows the plan as it was then", async () => {
    const { get } = given();
    const res = await get(`/plans/${P}?asOf=2021-03-01`);
    expect(res.status).toBe(200);
    // Before the I quarter's report nothing was done yet.
    expect(statusesShown(await res.text())).not.toContain("done");
  });

  it("given a past date, the home page counts the plans' measures as they were then, not now", async () => {
    const { get } = given();
    const now = await (await get("/")).text();
    expect(now).toContain('data-status="done" data-count="2"');
    const then = await (await get("/?asOf=2021-03-01")).text();
    expect(then).toContain(`data-plan="${P}"`);
    expect(then).not.toContain('data-status="done"');
    // Before the plan was adopted there was nothing to list.
    expect(await (await get("/?asOf=2021-01-01")).text()).not.toContain(`data-plan="${P}"`);
  });

  it("when asOf is not a date, answers 400", async () => {
    const { get } = given();
    const res = await get(`/plans/${P}?asOf=not-a-date`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Дату «not-a-date» не розпізнано");
  });

  it("when asOf is in the future, answers 400", async () => {
    const { get } = given();
    const res = await get(`/plans/${P}?asOf=2021-05-11`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("ще не настала");
  });

  it("given today as asOf, serves the page", async () => {
    const { get } = given();
    expect((await get(`/plans/${P}?asOf=2021-05-10`)).status).toBe(200);
  });

  it("given a date as officials write it (дд.мм.рррр), serves the page; a day that does not exist answers 400", async () => {
    const { get } = given();
    expect((await get(`/plans/${P}?asOf=10.05.2021`)).status).toBe(200);
    expect((await get(`/plans/${P}?asOf=11.05.2021`)).status).toBe(400);
    expect((await get(`/plans/${P}?asOf=31.02.2021`)).status).toBe(400);
  });

  it("late in the evening UTC, today is the day Kyiv lives: the plan as of it and a comparison up to it are served", async () => {
    // 22:30 UTC on 10 May is 01:30 on 11 May in Kyiv (UTC+3 in summer).
    const late = new Date("2021-05-10T22:30:00.000Z");
    const { get, web } = given(late);
    expect((await get(`/plans/${P}?asOf=11.05.2021`)).status).toBe(200);
    expect((await get(`/plans/${P}?asOf=12.05.2021`)).status).toBe(400);
    const compare = (query: string) => compareView(web, P, new URLSearchParams(query), late);
    expect((await compare("from=01.03.2021&to=11.05.2021")).to).toBe("2021-05-11");
    await expect(compare("from=01.03.2021&to=12.05.2021")).rejects.toThrow("is in the future");
    // With no second date the comparison runs up to Kyiv's today.
    expect((await compare("from=01.03.2021")).to).toBe("2021-05-11");
  });

  it("when byReceipt is neither true nor false, answers 400", async () => {
    const { get } = given();
    expect((await get(`/plans/${P}?asOf=2021-03-01&byReceipt=maybe`)).status).toBe(400);
  });
});

describe("web pages: the plan page", () => {
  it("given no filter, shows every measure", async () => {
    const { get } = given();
    const html = await (await get(`/plans/${P}`)).text();
    expect(measuresShown(html)).toEqual([mid("m1"), mid("m2"), mid("m3"), mid("m4")]);
    expect(html).toContain('data-shown="4"');
  });

  it("given ?status=done, shows only the measures done", async () => {
    const { get } = given();
    const res = await get(`/plans/${P}?status=done`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(measuresShown(html)).toEqual([mid("m1"), mid("m2")]);
    expect(statusesShown(html)).toEqual(["done", "done"]);
    expect(html).toContain('data-shown="2"');
    expect(html).toContain('<option value="done" selected="">');
  });

  it("shows in its header the plan's measures counted by status", async () => {
    const { get } = given();
    const html = await (await get(`/plans/${P}`)).text();
    expect(html).toContain('data-status="done" data-count="2"');
    expect(html).toContain('data-status="inProgress" data-count="1"');
  });

  it("when the status filter names no status, answers 400", async () => {
    const { get } = given();
    const res = await get(`/plans/${P}?status=bogus`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Стану «bogus» немає");
  });

  it("escapes markup in a measure's title and never sends it raw", async () => {
    const { get } = given();
    for (const path of [`/plans/${P}`, `/plans/${P}/measures/${mid("m1")}`]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Надання допомоги");
      expect(html).not.toContain(XSS);
    }
  });

  it("draws the measures by status as an SVG chart with its summary in words", async () => {
    const { get } = given();
    const html = await (await get(`/plans/${P}`)).text();
    expect(html).toContain('<figure class="chart"');
    expect(html).toContain("<svg");
    expect(html).toContain("I: виконано 2, виконується 1");
  });
});

describe("web pages: transport and cache", () => {
  it("given accept-encoding gzip, answers gzipped bytes that unzip to the same page", async () => {
    const { get } = given();
    const plain = await get(`/plans/${P}`);
    const zipped = await get(`/plans/${P}`, { "accept-encoding": "gzip, deflate, br" });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toContain("accept-encoding");
    const html = gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString("utf8");
    expect(html).toBe(await plain.text());
  });

  it("gzips error pages too", async () => {
    const { get } = given();
    const res = await get("/plans/nope", { "accept-encoding": "gzip" });
    expect(res.status).toBe(404);
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8")).toContain("Не знайдено (404)");
  });

  it("serves the stylesheet as CSS", async () => {
    const { get } = given();
    const res = await get("/assets/web.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/css/);
    expect((await res.text()).length).toBeGreaterThan(100);
    const zipped = await get("/assets/web.css", { "accept-encoding": "gzip" });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
  });

  it("given an unchanged version, serves a page again from the cache without reading the source", async () => {
    const { get, state } = given();
    const first = await (await get(`/plans/${P}`)).text();
    const reads = state.planTreeCalls;
    expect(reads).toBeGreaterThan(0);
    const second = await (await get(`/plans/${P}`)).text();
    expect(state.planTreeCalls).toBe(reads);
    expect(second).toBe(first);
    // The same page in the other language is another page.
    await get(`/plans/${P}?lang=en`);
    expect(state.planTreeCalls).toBeGreaterThan(reads);
  });

  it("when the version moves, renders the page again with what changed", async () => {
    const { get, state, append } = given();
    const before = await (await get(`/plans/${P}`)).text();
    expect(before).toContain('data-status="done" data-count="2"');
    append(`report:${P}:2021-Q2`, "ReportDrafted", { reportId: `${P}.2021-q2`, planId: P, year: 2021, quarter: 2 }, "2021-05-10T10:00:00.000Z");
    append(`report:${P}:2021-Q2`, "ProgressRecorded", { reportId: `${P}.2021-q2`, measureId: mid("m3"), status: "done", actuals: [], spent: [], narrative: "" }, "2021-05-10T10:00:00.000Z");
    append(`report:${P}:2021-Q2`, "ReportSubmitted", { reportId: `${P}.2021-q2` }, "2021-05-10T10:00:00.000Z");
    // The log moved but the version did not: the kept page is still served.
    expect(await (await get(`/plans/${P}`)).text()).toBe(before);
    state.version = "v2";
    const after = await (await get(`/plans/${P}`)).text();
    expect(after).toContain('data-status="done" data-count="3"');
  });

  it("never keeps the audit page: the check runs on every request", async () => {
    const source = sourceOf();
    let checks = 0;
    const integrityChecked = async () => {
      checks++;
      return intactIntegrity(NOW);
    };
    const auditor: Viewer = { login: "auditor", name: "Аудитор", role: "auditor", csrf: "t".repeat(32), can: (p) => p === "history:read" };
    const people: PeoplePort = {
      viewer: async (sessionId) => (sessionId === "s1" ? auditor : null),
      signIn: async () => ({ ok: false, reason: "wrong", delayMs: 0, retryAfterS: null }),
      signOut: async () => {},
      secureCookies: false,
    };
    const app = webRoutes({ source: { ...source.web, integrity: integrityChecked }, now: () => NOW, people });
    expect((await app.request("/audit")).status).toBe(303);
    const html = await (await app.request("/audit", { headers: { cookie: "pl_session=s1" } })).text();
    expect(html).toContain('data-intact="true"');
    await app.request("/audit", { headers: { cookie: "pl_session=s1" } });
    expect(checks).toBe(2);
  });
});
