/**
 * The pages as a person meets them: the demo federation's real node processes, Debian's chromium, every page
 * opened, its figures cross-checked against the JSON API, axe-core on each, one page used from the keyboard
 * alone, bad input answered with a Ukrainian error page, and screenshots at 1280 and 390 px written for people
 * to look at (`PLANLEDGER_SCREENSHOTS`, else `data/screenshots`). The as-of and comparison pages are checked
 * after a scripted amendment, cancellation and addition whose expected differences the test states.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InPage, launchBrowser, overflowsSideways, screenshots, seriousViolations } from "./testing/browser.js";
import { freeBasePort, readDemoAccounts, repoRoot, startDemoProcess, stopDemoProcess } from "@planledger/testing";

const dir = mkdtempSync(join(tmpdir(), "planledger-pages-"));
const shots = process.env.PLANLEDGER_SCREENSHOTS ?? join(repoRoot, "data", "screenshots");
const REGIONAL = "luhanska.1003.2018-12-12";
const TURBOTA = "luhanska.852.2020-02-08";
const DISTRICT = "novopskovskyi.328.2019-10-16";

let demo: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let oblast = "";
let district = "";
let token = "";

const json = async <T>(url: string): Promise<T> => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
};

/** Opens a page, checks it answered `status` as Ukrainian HTML, runs axe and writes its screenshots. */
const open = async (url: string, name: string, status = 200): Promise<void> => {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(status);
  expect(response?.headers()["content-type"]).toContain("text/html");
  expect(await page.getAttribute("html", "lang")).toBe(new URL(url).searchParams.get("lang") ?? "uk");
  expect(await seriousViolations(page), `axe on ${url}`).toEqual([]);
  await screenshots(page, shots, name);
  await page.setViewportSize({ width: 390, height: 900 });
  expect(await overflowsSideways(page), `${url} at 390 px`).toBe(false);
  await page.setViewportSize({ width: 1280, height: 900 });
};

type Counts = Record<string, number>;
const badgeCounts = async (scope: string): Promise<Counts> => {
  const pairs = await page.$$eval(`${scope} [data-count]`, (els) => els.map((e) => [e.getAttribute("data-status"), Number(e.getAttribute("data-count"))]));
  return Object.fromEntries(pairs);
};
const nonZero = (counts: Counts): Counts => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

beforeAll(async () => {
  const base = await freeBasePort();
  oblast = `http://127.0.0.1:${base + 1}`;
  district = `http://127.0.0.1:${base + 3}`;
  const started = startDemoProcess(dir, base);
  demo = started.child;
  await started.ready;
  token = readFileSync(join(dir, "luhanska.token"), "utf8").trim();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (demo !== undefined) await stopDemoProcess(demo);
  rmSync(dir, { recursive: true, force: true });
});

describe("pages in a real browser", () => {
  it("home: names the node, links every plan by its id, counts measures by status as the API does", async () => {
    await open(`${oblast}/`, "home");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Луганська обласна військова адміністрація");
    expect(await page.textContent("header.site")).toContain("luhanska");
    const { plans } = await json<{ plans: { id: string }[] }>(`${oblast}/api/v1/plans`);
    expect(plans.length).toBeGreaterThanOrEqual(3);
    for (const plan of plans) {
      expect(await page.locator(`a[href*="${plan.id}"]`).count(), plan.id).toBeGreaterThan(0);
      const tree = await json<{ statusCounts: Counts }>(`${oblast}/api/v1/plans/${plan.id}`);
      expect(await badgeCounts(`[data-plan="${plan.id}"]`)).toEqual(nonZero(tree.statusCounts));
    }
    // Overdue reports: one row per plan, counting the quarters its calendar says are missing.
    for (const plan of plans) {
      const calendar = await json<{ periods: { state: string; year: number; quarter: number }[] }>(`${oblast}/api/v1/plans/${plan.id}/reports`);
      const missing = calendar.periods.filter((p) => p.state === "missing").map((p) => `${p.year}-Q${p.quarter}`);
      const row = page.locator(`tr[data-overdue="${plan.id}"]`);
      expect(await row.count(), plan.id).toBe(missing.length === 0 ? 0 : 1);
      if (missing.length > 0) {
        expect(await row.getAttribute("data-quarters")).toBe(missing.join(" "));
        expect(await row.locator("td.num").textContent()).toBe(String(missing.length));
      }
    }
    await screenshots(page, shots, "home-overdue", undefined, "#overdue");
    // The district's sync state: it is a child of the oblast, and its data arrived today.
    expect(await page.locator('[data-child="novopskovskyi"]').count()).toBe(1);
    expect(await page.textContent(".sync-strip")).toContain("novopskovskyi");
    await open(`${oblast}/?lang=en`, "home-en");
    expect(await page.textContent("h2#plans")).toBe("Plans");
    // The cookie remembers English.
    await page.goto(`${oblast}/`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.goto(`${oblast}/?lang=uk`);
    expect(await page.getAttribute("html", "lang")).toBe("uk");
  });

  it("sign-in: auditor pages send an anonymous person to sign in; wrong passwords, forged forms and roles are refused", async () => {
    const accounts = Object.fromEntries(readDemoAccounts(join(dir, "luhanska.accounts")).map((a) => [a.login, a.password]));
    // Anonymous: the audit page asks to sign in first, and comes back after.
    await page.goto(`${oblast}/audit`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await open(page.url(), "sign-in");
    await page.getByLabel("Логін").fill("auditor");
    await page.getByLabel("Пароль").fill("не той пароль");
    const refused = page.waitForResponse((r) => r.url().endsWith("/sign-in") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Увійти" }).click();
    expect((await refused).status()).toBe(401);
    expect(await page.textContent("[role=alert]")).toContain("Невірний логін або пароль");
    expect(await page.inputValue("#login")).toBe("auditor");
    await screenshots(page, shots, "sign-in-refused");
    // A form posted from elsewhere carries no CSRF token: refused, and nobody is signed in by it.
    const forged = await fetch(`${oblast}/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login: "auditor", password: accounts.auditor ?? "" }).toString(),
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("set-cookie") ?? "").not.toContain("pl_session");
    // A reporter may not open the audit pages: a Ukrainian 403 page.
    const other = await browser?.newPage();
    if (other === undefined) throw new Error("no browser");
    await other.goto(`${oblast}/sign-in`);
    await other.getByLabel("Логін").fill("reporter");
    await other.getByLabel("Пароль").fill(accounts.reporter ?? "");
    await other.getByRole("button", { name: "Увійти" }).click();
    await other.waitForURL(`${oblast}/`);
    const denied = await other.goto(`${oblast}/audit`);
    expect(denied?.status()).toBe(403);
    expect(await other.textContent("[role=alert]")).toContain("Ваша роль не дає доступу");
    // Nor the review queue: reporting and judging are different people's work.
    expect((await other.goto(`${oblast}/reviews`))?.status()).toBe(403);
    expect(await other.locator('nav a[href="/reviews"]').count()).toBe(0);
    // Signing out ends the session on the node: the old cookie opens nothing any more.
    const cookie = (await other.context().cookies()).find((c) => c.name === "pl_session");
    await other.getByRole("button", { name: "Вийти" }).click();
    await other.waitForURL(`${oblast}/`);
    expect(await other.locator("[data-signed-in]").getAttribute("data-signed-in")).toBe("");
    const replay = await fetch(`${oblast}/audit`, { headers: { cookie: `pl_session=${cookie?.value}` }, redirect: "manual" });
    expect(replay.status).toBe(303);
    await other.close();
    // The administrator's accounts page: every account of the demo, its forms labelled, no serious axe finding.
    const admin = await (await browser?.newContext({ viewport: { width: 1280, height: 900 } }))?.newPage();
    if (admin === undefined) throw new Error("no browser");
    await admin.goto(`${oblast}/sign-in?next=%2Fadmin%2Fusers`);
    await admin.getByLabel("Логін").fill("admin");
    await admin.getByLabel("Пароль").fill(accounts.admin ?? "");
    await admin.getByRole("button", { name: "Увійти" }).click();
    await admin.waitForURL(`${oblast}/admin/users`);
    expect(await admin.locator("tr[data-account]").count()).toBe(5);
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshots(admin, shots, "accounts");
    await admin.context().close();
    // The auditor signs in and lands on the page asked for, named in the header.
    await page.getByLabel("Пароль").fill(accounts.auditor ?? "");
    await page.getByRole("button", { name: "Увійти" }).click();
    await page.waitForURL(`${oblast}/audit`);
    expect(await page.getAttribute("[data-signed-in]", "data-signed-in")).toBe("auditor");
  });

  it("plan: the tree with the API's counts; filters narrow it and stay in the URL", async () => {
    await open(`${oblast}/plans/${REGIONAL}`, "plan");
    const tree = await json<{ statusCounts: Counts; measures: number; title: string }>(`${oblast}/api/v1/plans/${REGIONAL}`);
    expect(await page.textContent("h1")).toBe(tree.title);
    expect(await badgeCounts("dl.facts")).toEqual(nonZero(tree.statusCounts));
    expect(await page.locator("article[data-measure]").count()).toBe(tree.measures);
    await page.getByLabel("Стан", { exact: true }).selectOption("done");
    await page.getByRole("button", { name: "Показати" }).click();
    await page.waitForURL(/status=done/);
    expect(await page.locator("article[data-measure]").count()).toBe(tree.statusCounts.done);
    expect(await page.locator('article[data-measure]:not([data-status="done"])').count()).toBe(0);
    // The filtered URL opens the same list when sent to someone else.
    const sent = page.url();
    const other = await browser?.newPage();
    await other?.goto(sent);
    expect(await other?.locator("article[data-measure]").count()).toBe(tree.statusCounts.done);
    await other?.close();
  });

  it("plan page works from the keyboard alone", async () => {
    await page.goto(`${oblast}/plans/${REGIONAL}`);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.textContent)).toContain("Перейти до змісту");
    // Tab to the search field of the filter, type, and submit with Enter.
    const search = page.getByLabel("Слова в назві");
    for (let i = 0; i < 60 && !(await search.evaluate((el) => el === (globalThis as unknown as InPage).document.activeElement)); i++) await page.keyboard.press("Tab");
    expect(await search.evaluate((el) => el === (globalThis as unknown as InPage).document.activeElement)).toBe(true);
    await page.keyboard.type("сім");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=/);
    const shown = await page.locator("article[data-measure]").count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(95);
  });

  it("roll-up: combined figures, each district's freshness and checkpoint, charts with text", async () => {
    await open(`${oblast}/plans/${REGIONAL}/rollup`, "rollup");
    const rollup = await json<{
      measures: { measureId: string; childCount: number; combined: { targets: { value: number | null }[] } }[];
      freshness: { origin: string; checkpoint: { seq: number } | null }[];
    }>(`${oblast}/api/v1/plans/${REGIONAL}/rollup`);
    // The JSON lists a page of each measure's children and counts them all (`childCount`); the page lists them all.
    const linked = rollup.measures.filter((m) => m.childCount > 0);
    expect(linked.length).toBeGreaterThan(20);
    expect(await page.getAttribute("[data-linked-measures]", "data-linked-measures")).toBe(String(linked.length));
    for (const m of linked.slice(0, 10)) {
      const values = await page.$$eval(`[data-combined="${m.measureId}"] [data-value]`, (els) => els.map((e) => e.getAttribute("data-value")));
      expect(values).toEqual(m.combined.targets.map((t) => (t.value === null ? "" : String(t.value))));
      expect(await page.locator(`#m-${m.measureId.replace(/[.:]/g, "\\$&")} [data-node="novopskovskyi"]`).count()).toBe(m.childCount);
    }
    for (const f of rollup.freshness)
      expect(await page.getAttribute(`[data-freshness="${f.origin}"] [data-checkpoint]`, "data-checkpoint")).toBe(String(f.checkpoint?.seq ?? ""));
    expect(await page.locator("figure.chart svg").count()).toBe(3);
    expect(await page.locator("figure.chart figcaption").first().textContent()).toMatch(/виконано|виконується/);
  });

  it("measure: its history, reports by quarter, and the district measures linked to it", async () => {
    const rollup = await json<{ measures: { measureId: string; childCount: number; children: { measureId: string; planId: string }[] }[] }>(
      `${oblast}/api/v1/plans/${REGIONAL}/rollup`,
    );
    const linked = rollup.measures.find((m) => m.childCount > 0);
    if (linked === undefined) throw new Error("no linked measure in the demo");
    await open(`${oblast}/plans/${REGIONAL}/measures/${linked.measureId}`, "measure");
    expect(await page.locator("[data-child-measure]").count()).toBe(linked.childCount);
    expect(await page.locator('tr[data-type="MeasureAdded"]').count()).toBe(1);
    expect(await page.locator("tr[data-quarter]").count()).toBeGreaterThan(0);
    // On the district, the linked measure names the regional one it implements.
    const child = linked.children[0];
    if (child === undefined) throw new Error("no child");
    await open(`${district}/plans/${DISTRICT}/measures/${child.measureId}`, "measure-district");
    expect(await page.getAttribute("[data-parent]", "data-parent")).toBe(linked.measureId);
  });

  it("audit: the integrity check passes on the demo's database", async () => {
    await open(`${oblast}/audit`, "audit");
    expect(await page.getAttribute("[data-intact]", "data-intact")).toBe("true");
    expect(await page.locator("tr[data-origin]").count()).toBeGreaterThanOrEqual(2);
    // The logs table counts the oblast's own log as witnessed exactly when the k-of-n section (what `audit verify
    // --json` gives as `witnesses.quorum`) does: never «ні» beside "witnessed up to size N".
    const witnessedSize = Number((await page.getAttribute("[data-witnessed-size]", "data-witnessed-size")) ?? "0");
    const cell = (await page.getAttribute('tr[data-origin="luhanska"] td[data-witnessed]', "data-witnessed")) ?? "";
    const [k, n] = cell.split("/").map(Number);
    expect(n).toBeGreaterThanOrEqual(1);
    expect((k ?? 0) > 0).toBe(witnessedSize > 0);
  });

  it("as-of and comparison: a scripted amendment, cancellation and addition show up exactly", { timeout: 90_000 }, async () => {
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const treeRes = await fetch(`${oblast}/api/v1/plans/${TURBOTA}`);
    let version = Number((treeRes.headers.get("etag") ?? "").replace(/"/g, ""));
    const tree = (await treeRes.json()) as { sections: { tasks: { taskId: string; measures: { measureId: string; title: string }[] }[] }[] };
    const measures = tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.map((m) => ({ ...m, taskId: t.taskId }))));
    const [amended, cancelled] = measures;
    if (amended === undefined || cancelled === undefined) throw new Error("plan № 852 has fewer than two measures");
    const write = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${oblast}/api/v1/plans/${TURBOTA}${path}`, { method, headers: { ...auth, "if-match": `"${version}"` }, body: JSON.stringify(body) });
      expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
      version = Number((res.headers.get("etag") ?? "").replace(/"/g, ""));
    };
    await write("POST", "/amendments", { order: { number: "77-р", date: before.slice(0, 10) }, note: "уточнення заходів" });
    await write("PATCH", `/measures/${amended.measureId}`, { title: `${amended.title} (у новій редакції)` });
    await write("POST", `/measures/${cancelled.measureId}/cancel`, { reason: "Виконано в межах іншого заходу" });
    const hostile = "<script>window.__pwned = 1</script> Новий захід <b>жирний</b>";
    await write("POST", "/measures", {
      taskId: amended.taskId,
      label: "99)",
      title: hostile,
      term: { kind: "unparsed", text: "2021 рік", reason: "test" },
      executors: [{ name: "Департамент соціального захисту", byConsent: false }],
      indicator: { text: "", targets: [] },
      budget: [],
    });
    await new Promise((r) => setTimeout(r, 20));
    const after = new Date().toISOString();

    await open(`${oblast}/plans/${TURBOTA}/compare?from=${encodeURIComponent(before)}&to=${encodeURIComponent(after)}`, "compare");
    const summary = page.locator("[data-added]");
    expect(await summary.getAttribute("data-added")).toBe("1");
    expect(await summary.getAttribute("data-changed")).toBe("1");
    expect(await summary.getAttribute("data-cancelled")).toBe("1");
    expect(await page.locator(`tr[data-change="changed"][data-measure="${amended.measureId}"] [data-field="title"] ins`).textContent()).toContain("у новій редакції");
    expect(await page.locator(`tr[data-change="cancelled"][data-measure="${cancelled.measureId}"]`).textContent()).toContain("admin");
    // The amending order is named among the decisions of the period.
    expect(await page.locator("[data-plan-events]").textContent()).toContain("№ 77-р");
    // Text from documents and reports is escaped: the script never runs, the markup shows as text.
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('tr[data-change="added"]').textContent()).toContain("<script>");

    await open(`${oblast}/plans/${TURBOTA}?asOf=${encodeURIComponent(before)}`, "plan-as-of");
    expect(await page.locator(`article[data-measure="${amended.measureId}"] .title`).textContent()).toBe(amended.title);
    expect(await page.locator("article[data-measure]").count()).toBe(measures.length);
    await page.goto(`${oblast}/plans/${TURBOTA}`);
    expect(await page.locator(`article[data-measure="${amended.measureId}"] .title`).textContent()).toContain("у новій редакції");
    expect(await page.locator(`article[data-measure="${cancelled.measureId}"]`).getAttribute("data-status")).toBe("cancelled");
    expect(await page.locator("article[data-measure]").count()).toBe(measures.length + 1);
    expect(await page.locator("[data-amendments]").textContent()).toContain("№ 77-р");
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Dates are typed as people here write them, whatever the browser's language: дд.мм.рррр in a text field.
    // "Today" as an official in Ukraine lives it: between 22:00 and 24:00 UTC the Kyiv date is already the next one.
    const today = new Intl.DateTimeFormat("uk-UA", { timeZone: "Europe/Kyiv", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(after));
    const asOf = page.getByLabel("Стан на дату");
    expect(await asOf.getAttribute("placeholder")).toBe("дд.мм.рррр");
    await asOf.fill(today);
    await Promise.all([page.waitForURL(/asOf=/), page.getByRole("button", { name: "Показати" }).click()]);
    expect(new URL(page.url()).searchParams.get("asOf")).toBe(today);
    expect(await page.getByLabel("Стан на дату").inputValue()).toBe(today);
    expect(await page.locator("article[data-measure]").count()).toBe(measures.length + 1);
    await page.goto(`${oblast}/plans/${TURBOTA}/compare?from=${encodeURIComponent(before)}&to=${encodeURIComponent(after)}`);
    await page.getByLabel("Перша дата").fill(today);
    await page.getByLabel("Друга дата").fill(today);
    await Promise.all([page.waitForURL(new RegExp(`from=${today.replaceAll(".", "\\.")}`)), page.getByRole("button", { name: "Порівняти" }).click()]);
    expect(await page.locator("[data-added]").getAttribute("data-added")).toBe("0");
    expect(await page.getByLabel("Друга дата").inputValue()).toBe(today);

    const stream = `plan:${TURBOTA}`;
    const history = await json<{ events: { recordedAt: string }[] }>(`${oblast}/api/v1/streams/${stream}/history`);
    await open(`${oblast}/audit/history?stream=${encodeURIComponent(stream)}&asOf=${encodeURIComponent(before)}&mode=dated`, "history");
    expect(await page.getAttribute("[data-events-shown]", "data-events-shown")).toBe(String(history.events.filter((e) => e.recordedAt <= before).length));
    await page.goto(`${oblast}/audit/history?stream=${encodeURIComponent(stream)}`);
    expect(await page.getAttribute("[data-events-shown]", "data-events-shown")).toBe(String(history.events.length));
  });

  it("quarter: a district reporter fills in the quarter, is told what to fix, keeps their input over a colleague's save, and submits", async () => {
    const accounts = Object.fromEntries(readDemoAccounts(join(dir, "novopskovskyi.accounts")).map((a) => [a.login, a.password]));
    const reporter = await browser?.newPage({ viewport: { width: 1280, height: 900 } });
    const colleague = await browser?.newPage({ viewport: { width: 1280, height: 900 } });
    if (reporter === undefined || colleague === undefined) throw new Error("no browser");
    for (const p of [reporter, colleague]) {
      await p.goto(`${district}/sign-in?next=${encodeURIComponent(`/plans/${DISTRICT}/quarters`)}`);
      await p.getByLabel("Логін").fill("reporter");
      await p.getByLabel("Пароль").fill(accounts.reporter ?? "");
      await p.getByRole("button", { name: "Увійти" }).click();
      await p.waitForURL(/\/quarters$/);
    }
    const districtToken = readFileSync(join(dir, "novopskovskyi.token"), "utf8").trim();
    const calendar = (await (
      await fetch(`${district}/api/v1/plans/${DISTRICT}/reports`, { headers: { authorization: `Bearer ${districtToken}` } })
    ).json()) as { periods: { year: number; quarter: number; state: string }[] };
    const open = calendar.periods.filter((p) => p.state === "drafted" || p.state === "due" || p.state === "missing").at(-1);
    if (open === undefined) throw new Error("no quarter to report");
    const period = `${open.year}-Q${open.quarter}`;
    expect(await reporter.locator(`tr[data-quarter="${period}"] a`).count()).toBe(1);
    await reporter.locator(`tr[data-quarter="${period}"] a`).click();
    await reporter.waitForURL(new RegExp(`/quarters/${period}$`));
    expect(await seriousViolations(reporter)).toEqual([]);
    await screenshots(reporter, shots, "quarter");
    const first = reporter.locator("fieldset.measure").first();
    const measureId = await first.getAttribute("data-measure");
    // "Not done" without a reason is refused, the summary links to the field, and the input stays.
    await first.getByLabel("Стан виконання").selectOption("notDone");
    await first.getByLabel(/Пояснення/).fill("");
    await reporter.getByRole("button", { name: "Зберегти чернетку" }).click();
    await reporter.waitForSelector("[data-errors]");
    expect(await reporter.getAttribute("[data-errors]", "data-errors")).toBe("1");
    await reporter.locator("[data-errors] a").first().click();
    expect(await first.getByLabel(/Пояснення/).evaluate((el) => el === (globalThis as unknown as InPage).document.activeElement)).toBe(true);
    expect(await first.getByLabel("Стан виконання").inputValue()).toBe("notDone");
    await screenshots(reporter, shots, "quarter-errors");
    // Meanwhile a colleague saves the same report: the first person's save is refused, their input kept.
    await colleague.goto(`${district}/plans/${DISTRICT}/quarters/${period}`);
    await colleague.locator("fieldset.measure").nth(1).getByLabel(/Пояснення/).fill("Уточнено колегою");
    await colleague.locator("fieldset.measure").nth(1).getByLabel("Стан виконання").selectOption("inProgress");
    await colleague.getByRole("button", { name: "Зберегти чернетку" }).click();
    await colleague.waitForURL(/saved=1/);
    const narrative = "Не виконано через бойові дії в громаді <script>window.__pwned=1</script> javascript:alert(1)";
    await first.getByLabel(/Пояснення/).fill(narrative);
    const refused = reporter.waitForResponse((r) => r.request().method() === "POST");
    await reporter.getByRole("button", { name: "Зберегти чернетку" }).click();
    expect((await refused).status()).toBe(409);
    await reporter.waitForSelector("[data-conflict]");
    expect(await reporter.textContent("[data-conflict]")).toContain("reporter@novopskovskyi");
    expect(await first.getByLabel(/Пояснення/).inputValue()).toBe(narrative);
    await screenshots(reporter, shots, "quarter-conflict");
    // Saved again after seeing the change; then submitted: the log records the person, the API shows the report.
    await reporter.getByRole("button", { name: "Зберегти чернетку" }).click();
    await reporter.waitForURL(/saved=/);
    await reporter.getByRole("button", { name: "Подати звіт" }).click();
    await reporter.waitForURL(/submitted=1/);
    expect(await reporter.getAttribute("[data-phase]", "data-phase")).toBe("submitted");
    expect(await reporter.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const report = (await (
      await fetch(`${district}/api/v1/reports/${DISTRICT}.${open.year}-q${open.quarter}`, { headers: { authorization: `Bearer ${districtToken}` } })
    ).json()) as { state: string; progress: { measureId: string; status: string; narrative: string; actor: string }[] };
    expect(report.state).toBe("submitted");
    expect(report.progress.find((p) => p.measureId === measureId)).toMatchObject({ status: "notDone", narrative, actor: "reporter@novopskovskyi" });
    await reporter.close();
    await colleague.close();
  });

  it("review: the oblast returns the district's report with a reason, the reporter fixes and resubmits, a stale verdict is refused, the accepted figures reach the roll-up", { timeout: 120_000 }, async () => {
    const oblastAccounts = Object.fromEntries(readDemoAccounts(join(dir, "luhanska.accounts")).map((a) => [a.login, a.password]));
    const districtAccounts = Object.fromEntries(readDemoAccounts(join(dir, "novopskovskyi.accounts")).map((a) => [a.login, a.password]));
    const districtToken = readFileSync(join(dir, "novopskovskyi.token"), "utf8").trim();
    const sync = async () => {
      const res = await fetch(`${district}/federation/v1/sync`, { method: "POST", headers: { authorization: `Bearer ${districtToken}` } });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    };
    const signedIn = async (base: string, login: string, password: string) => {
      const context = await browser?.newContext({ viewport: { width: 1280, height: 900 } });
      if (context === undefined) throw new Error("no browser");
      const p = await context.newPage();
      await p.goto(`${base}/sign-in`);
      await p.getByLabel("Логін").fill(login);
      await p.getByLabel("Пароль").fill(password);
      await p.getByRole("button", { name: "Увійти" }).click();
      await p.waitForURL(`${base}/`);
      return p;
    };
    await sync();
    const reviewer = await signedIn(oblast, "reviewer", oblastAccounts.reviewer ?? "");
    await reviewer.goto(`${oblast}/reviews`);
    expect(await seriousViolations(reviewer)).toEqual([]);
    await screenshots(reviewer, shots, "reviews");
    // Oldest first: the report just submitted is the last of the district's.
    const queued = reviewer.locator(`tr[data-queued^="${DISTRICT}:"]`).last();
    expect(await reviewer.locator(`tr[data-queued^="${DISTRICT}:"]`).count()).toBeGreaterThanOrEqual(1);
    const period = ((await queued.getAttribute("data-queued")) ?? "").split(":")[1] ?? "";
    await queued.locator("a").click();
    await reviewer.waitForURL(new RegExp(`/reviews/${DISTRICT.replaceAll(".", "\\.")}/${period}$`));
    expect(await reviewer.getAttribute("[data-submission]", "data-submission")).toMatch(/^novopskovskyi:\d+$/);
    // The narrative with markup and a javascript: URL is text on the reviewer's page, never a link or a script.
    expect(await reviewer.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await reviewer.textContent("table")).toContain("javascript:alert(1)");
    expect(await reviewer.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await seriousViolations(reviewer)).toEqual([]);
    await screenshots(reviewer, shots, "review");
    // A second tab of the same reviewer keeps this submission open: its verdict will be stale.
    const staleTab = await reviewer.context().newPage();
    await staleTab.goto(reviewer.url());
    // Returning needs a reason; then the verdict is recorded.
    await reviewer.getByRole("button", { name: "Повернути на доопрацювання" }).click();
    await reviewer.waitForSelector("[role=alert]");
    await reviewer.getByLabel(/Причина повернення/).fill("Уточніть суму витрат за обласним бюджетом");
    await reviewer.getByRole("button", { name: "Повернути на доопрацювання" }).click();
    await reviewer.waitForURL(/done=returned/);

    // The district learns of it at its next sync; the reporter sees the reason, fixes and resubmits.
    await sync();
    const reporter = await signedIn(district, "reporter", districtAccounts.reporter ?? "");
    await reporter.goto(`${district}/plans/${DISTRICT}/quarters/${period}`);
    expect(await reporter.textContent("[data-returned]")).toContain("Уточніть суму витрат");
    const first = reporter.locator("fieldset.measure").first();
    await first.getByLabel(/Пояснення/).fill("Не виконано через бойові дії; суму витрат уточнено");
    await reporter.getByRole("button", { name: "Зберегти чернетку" }).click();
    await reporter.waitForURL(/saved=1/);
    await reporter.getByRole("button", { name: "Подати звіт" }).click();
    await reporter.waitForURL(/submitted=1/);
    await sync();
    // Accepting the submission the stale tab shows is refused: the page then shows the new one.
    const stale = staleTab.waitForResponse((r) => r.request().method() === "POST");
    await staleTab.getByRole("button", { name: "Прийняти звіт" }).click();
    expect((await stale).status()).toBe(409);
    expect(await staleTab.textContent("[role=alert]")).toContain("подано знову");
    await screenshots(staleTab, shots, "review-stale");
    await staleTab.getByRole("button", { name: "Прийняти звіт" }).click();
    await staleTab.waitForURL(/done=accepted/);
    await staleTab.close();

    // The oblast's roll-up names the district's newest checkpoint and shows the fixed report's status.
    await sync();
    const measureId = await first.getAttribute("data-measure");
    const rollup = await json<{ freshness: { origin: string; checkpoint: { seq: number } | null }[] }>(`${oblast}/api/v1/plans/${REGIONAL}/rollup`);
    const checkpoint = rollup.freshness.find((f) => f.origin === "novopskovskyi")?.checkpoint?.seq;
    await page.goto(`${oblast}/plans/${REGIONAL}/rollup`);
    expect(await page.getAttribute('[data-freshness="novopskovskyi"] [data-checkpoint]', "data-checkpoint")).toBe(String(checkpoint));
    const row = page.locator(`tr[data-child-measure="${measureId}"]`);
    // The district's first measure is linked to № 1003 by the demo: its row carries the fixed report's status.
    expect(await row.count()).toBe(1);
    expect(await row.locator("[data-status]").getAttribute("data-status")).toBe("notDone");
    await reviewer.context().close();
    await reporter.context().close();
  });

  it("links: a district editor unlinks a measure, sees its scored suggestions, and confirms the best one", async () => {
    const accounts = Object.fromEntries(readDemoAccounts(join(dir, "novopskovskyi.accounts")).map((a) => [a.login, a.password]));
    const context = await browser?.newContext({ viewport: { width: 1280, height: 900 } });
    if (context === undefined) throw new Error("no browser");
    const editor = await context.newPage();
    await editor.goto(`${district}/sign-in?next=${encodeURIComponent(`/plans/${DISTRICT}/links`)}`);
    await editor.getByLabel("Логін").fill("editor");
    await editor.getByLabel("Пароль").fill(accounts.editor ?? "");
    await editor.getByRole("button", { name: "Увійти" }).click();
    await editor.waitForURL(/\/links$/);
    const before = Number(await editor.getAttribute("[data-linked]", "data-linked"));
    expect(before).toBeGreaterThan(20);
    expect(await seriousViolations(editor)).toEqual([]);
    await screenshots(editor, shots, "links");
    const row = editor.locator("tr[data-linked-measure]").first();
    const measureId = (await row.getAttribute("data-linked-measure")) ?? "";
    const parentId = (await row.getAttribute("data-parent")) ?? "";
    await row.getByRole("button").click();
    await editor.waitForURL(/unlinked=1/);
    const form = editor.locator(`form[data-unlinked-measure="${measureId}"]`);
    const candidates = await form.locator("[data-candidate]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-candidate"), Number(e.getAttribute("data-score"))] as const));
    expect(candidates.length).toBeGreaterThan(0);
    expect([...candidates].map(([, score]) => score)).toEqual([...candidates].map(([, score]) => score).sort((a, b) => b - a));
    await form.getByRole("button", { name: "Пов'язати" }).click();
    await editor.waitForURL(/linked=1/);
    expect(Number(await editor.getAttribute("[data-linked]", "data-linked"))).toBe(before);
    const tree = (await (await fetch(`${district}/api/v1/plans/${DISTRICT}`)).json()) as { sections: { tasks: { measures: { measureId: string; parent: { measureId: string } | null }[] }[] }[] };
    const linked = tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures)).find((m) => m.measureId === measureId);
    expect(linked?.parent?.measureId).toBe(candidates[0]?.[0]);
    expect(parentId).not.toBe("");
    await context.close();
  });

  /** The oblast's demo editor, signed in, on the import form (a context of its own, closed by the test). */
  const editorOnImport = async () => {
    const accounts = Object.fromEntries(readDemoAccounts(join(dir, "luhanska.accounts")).map((a) => [a.login, a.password]));
    const context = await browser?.newContext({ viewport: { width: 1280, height: 900 } });
    if (context === undefined) throw new Error("no browser");
    const editor = await context.newPage();
    await editor.goto(`${oblast}/sign-in?next=%2Fplans%2Fimport`);
    await editor.getByLabel("Логін").fill("editor");
    await editor.getByLabel("Пароль").fill(accounts.editor ?? "");
    await editor.getByRole("button", { name: "Увійти" }).click();
    await editor.waitForURL(`${oblast}/plans/import`);
    return { context, editor };
  };

  it("import: an editor uploads a newer version of № 852 and sees its difference before anything is stored", async () => {
    const { context, editor } = await editorOnImport();
    expect(await seriousViolations(editor)).toEqual([]);
    await screenshots(editor, shots, "import");
    const events = async () => ((await (await fetch(`${oblast}/health`)).json()) as { events: number }).events;
    const before = await events();
    const file = readdirSync(join(repoRoot, "fixtures", "plans")).find((f) => readFileSync(join(repoRoot, "fixtures", "plans", f), "utf8").includes("№ 852"));
    if (file === undefined) throw new Error("no № 852 document");
    await editor.locator('input[type="file"]').setInputFiles({ name: "turbota.txt", mimeType: "text/plain", buffer: readFileSync(join(repoRoot, "fixtures", "plans", file)) });
    await editor.getByRole("button", { name: /Переглянути|Завантажити|Прочитати/ }).click();
    await editor.waitForSelector("[data-difference]");
    // The test before amended, cancelled and added measures of № 852: the document differs from the plan now.
    expect(Number(await editor.getAttribute("[data-difference]", "data-difference"))).toBeGreaterThan(0);
    expect(await editor.locator("[data-amend-form]").count()).toBe(1);
    expect(await seriousViolations(editor)).toEqual([]);
    await screenshots(editor, shots, "import-preview");
    expect(await events()).toBe(before);
    await context.close();
  });

  it("import from Word: the reader shows how it read the table, and a table it cannot map is read with the columns a person assigns", async () => {
    const { context, editor } = await editorOnImport();
    const corpus = (path: string) => readFileSync(join(repoRoot, "fixtures", "corpus", path));
    const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // A hromada's plan in Word: its columns recognised by their headers, each with the reader's confidence.
    await editor.locator('input[type="file"]').setInputFiles({ name: "план громади.docx", mimeType: docx, buffer: corpus("held-out/hromada-plan-2025.docx") });
    await editor.getByRole("button", { name: "Прочитати й переглянути" }).click();
    await editor.waitForSelector("[data-reading]");
    expect(await editor.getByText("документ Word (.docx)").count()).toBeGreaterThan(0);
    const fields = await editor.locator("[data-reading] tbody tr").allInnerTexts();
    expect(fields.some((row) => row.includes("Захід (назва)"))).toBe(true);
    expect(fields.some((row) => row.includes("Строк виконання"))).toBe(true);
    expect(await editor.locator('[data-count="measures"]').innerText()).toBe("13");
    expect(await seriousViolations(editor)).toEqual([]);
    await screenshots(editor, shots, "import-docx-preview");
    await editor.getByRole("button", { name: "Записати план" }).click();
    await editor.waitForURL(/\/plans\/luhanska\./);
    const hromadaPlan = decodeURIComponent(new URL(editor.url()).pathname.replace("/plans/", ""));
    const tree = (await (await fetch(`${oblast}/api/v1/plans/${encodeURIComponent(hromadaPlan)}`)).json()) as { sections: Array<{ tasks: Array<{ measures: unknown[] }> }> };
    expect(tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures))).toHaveLength(13);

    // A plan whose headers nobody's vocabulary names: the form asks what each column holds, and reads it again.
    await editor.goto(`${oblast}/plans/import`);
    await editor.locator('input[type="file"]').setInputFiles({ name: "план відділу.docx", mimeType: docx, buffer: corpus("bad/unnamed-columns.docx") });
    await editor.getByRole("button", { name: "Прочитати й переглянути" }).click();
    await editor.waitForSelector("[data-columns-form]");
    expect(await editor.getByText("«Справа»").count()).toBeGreaterThan(0);
    expect(await seriousViolations(editor)).toEqual([]);
    await screenshots(editor, shots, "import-columns");
    // What the reader could place alone is proposed: the number by its header, the dates by their shape.
    expect(await editor.getByLabel("Що в колонці 1").inputValue()).toBe("label");
    expect(await editor.getByLabel("Що в колонці 4").inputValue()).toBe("term");
    expect(await editor.getByLabel("Що в колонці 2").inputValue()).toBe("ignore");
    await editor.getByLabel("Що в колонці 1").selectOption("label");
    await editor.getByLabel("Що в колонці 2").selectOption("title");
    await editor.getByLabel("Що в колонці 3").selectOption("executors");
    await editor.getByLabel("Що в колонці 4").selectOption("term");
    await editor.getByRole("button", { name: "Прочитати з цими колонками" }).click();
    await editor.waitForSelector("[data-reading]");
    expect(await editor.locator('[data-count="measures"]').innerText()).toBe("3");
    expect(await editor.getByText("призначено вручну").count()).toBeGreaterThan(0);
    await editor.getByRole("button", { name: "Записати план" }).click();
    await editor.waitForURL(/\/plans\/luhanska\./);
    // The adoption records the file it came from, and the plan page says so: name, format, hash, hand-set columns.
    const source = editor.locator("[data-source]");
    expect(await source.getAttribute("data-source")).toBe("docx");
    const said = await source.innerText();
    expect(said).toContain("«план відділу.docx»");
    expect(said).toMatch(/SHA-256 [0-9a-f]{64}/);
    expect(said).toContain("колонки таблиці призначено вручну");
    await editor.setViewportSize({ width: 390, height: 900 });
    expect(await overflowsSideways(editor)).toBe(false);
    await screenshots(editor, shots, "plan-from-docx");
    await context.close();
  });

  it("bad input: a Ukrainian error page with its status and a way back, never a 500", async () => {
    const cases: [string, number, RegExp][] = [
      [`/plans/luhanska.0.2000-01-01`, 404, /не знайдено/i],
      [`/plans/${REGIONAL}/measures/no-such-measure`, 404, /немає заходу/],
      [`/plans/${REGIONAL}?asOf=31.02.2024`, 400, /не розпізнано/],
      [`/plans/${REGIONAL}?asOf=2999-01-01`, 400, /ще не настала/],
      [`/?lang=fr`, 400, /не підтримано/],
      [`/plans/${REGIONAL}/compare?from=2024-05-01&to=2024-01-01`, 400, /пізніша/],
      [`/audit/history?stream=plan:nothing`, 404, /немає/],
      [`/plans/${REGIONAL}/no-such-page`, 404, /Сторінки .* немає/],
    ];
    for (const [path, status, text] of cases) {
      const response = await page.goto(`${oblast}${path}`);
      expect(response?.status(), path).toBe(status);
      expect(await page.getAttribute("html", "lang")).toBe("uk");
      expect(await page.textContent("[role=alert]"), path).toMatch(text);
      expect(await page.locator('main a[href="/"]').count(), path).toBe(1);
    }
    await open(`${oblast}/plans/luhanska.0.2000-01-01`, "not-found", 404);
  });

  it("hierarchy: the home page shows the tree as it was on the date a person types, with the 2020 reform's merger", async () => {
    const koatuu = { kind: "order", issuer: "Держстандарту України", number: "659", date: "1997-10-31" };
    const reform = { kind: "resolution", issuer: "Верховної Ради України", number: "807-IX", date: "2020-07-17" };
    for (const body of [
      { _tag: "CreateNode", nodeId: "luhanska", name: "Луганська область", level: "oblast", parentId: null, basis: koatuu, effective: "1997-10-31" },
      { _tag: "CreateNode", nodeId: "novopskovskyi", name: "Новопсковський район", level: "district", parentId: "luhanska", basis: koatuu, effective: "1997-10-31" },
      { _tag: "CreateNode", nodeId: "starobilskyi", name: "Старобільський район", level: "district", parentId: "luhanska", basis: reform, effective: "2020-07-17" },
      { _tag: "MergeNode", nodeId: "novopskovskyi", into: "starobilskyi", basis: reform, effective: "2020-07-17" },
    ]) {
      const res = await fetch(`${oblast}/api/v1/hierarchy/changes`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status, body._tag).toBe(201);
    }
    await open(`${oblast}/?on=01.07.2019`, "home-hierarchy-2019");
    await screenshots(page, shots, "home-hierarchy-2019", undefined, "#hierarchy");
    const panel = page.locator('section[aria-labelledby="hierarchy"]');
    expect(await panel.locator("[data-node]").evaluateAll((els) => els.map((e) => e.getAttribute("data-node")))).toEqual(["luhanska", "novopskovskyi"]);
    expect(await page.inputValue("#hierarchy-on")).toBe("01.07.2019");
    // A person types a later date and presses «Показати»: the form is a plain GET, the date stays in the URL.
    await page.fill("#hierarchy-on", "01.01.2021");
    await Promise.all([page.waitForURL(/on=01\.01\.2021/), page.getByRole("button", { name: "Показати" }).click()]);
    expect(await panel.locator("[data-node]").evaluateAll((els) => els.map((e) => e.getAttribute("data-node")))).toEqual(["luhanska", "starobilskyi"]);
    expect(await panel.locator('[data-ended="novopskovskyi"]').textContent()).toBe(
      "Новопсковський район (novopskovskyi) — припинено 17.07.2020; правонаступник: Старобільський район (starobilskyi)",
    );
    await panel.locator("details summary").click();
    expect(await panel.textContent()).toContain("Постанова Верховної Ради України від 17.07.2020 № 807-IX");
    await screenshots(page, shots, "home-hierarchy-2021", undefined, "#hierarchy");
    // Not a date: said so, and today's tree shown.
    await open(`${oblast}/?on=31.02.20`, "home-hierarchy-bad-date");
    await screenshots(page, shots, "home-hierarchy-bad-date", undefined, "#hierarchy");
    expect(await panel.locator("[role=alert]").textContent()).toContain("«31.02.20» — не дата дд.мм.рррр");
  });
});
