import { inflateRawSync } from "node:zlib";
import { parseCsv } from "@planledger/importer";
import type { LoggedEvent } from "@planledger/projections";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CSV_TYPE, DOCX_TYPE, XLSX_TYPE } from "../export-routes.js";
import { eventLog, fakeSource } from "../testing/fake-source.js";
import type { WebSource } from "../web-source.js";
import { webRoutes } from "../web-routes.js";

const NOW = new Date("2021-08-10T12:00:00.000Z");
const P = "luhanska.852.2021-01-15";
const D = "starobilska.41.2021-02-01";
const mid = (m: string) => `${P}.${m}`;
const QUOTED = 'Навчання фахівців, "школа" опікунів';

/**
 * A real log folded by the real projections: the oblast's plan (two sections, three measures; one title with a
 * comma and quotes) with its I and II quarter reports, and a district's plan, received from its node, whose
 * measure is linked to the oblast's first and reported for the I quarter.
 */
const logOf = (): LoggedEvent[] => {
  const { events, add } = eventLog();
  const plan = `plan:${P}`;
  const adopted = "2021-01-20T09:00:00.000Z";
  const L = (stream: string, type: string, data: Record<string, unknown>, at = adopted) => add("luhanska", stream, type, data, at);
  L(plan, "PlanAdopted", {
    planId: P,
    ownerNode: "luhanska",
    title: "План заходів «Турбота»",
    issuer: "Луганська ОДА",
    order: { number: "852", date: "2021-01-15" },
    period: { from: 2021, to: 2022 },
    parentPlanId: null,
  });
  L(plan, "SectionAdded", { sectionId: `${P}.s1`, label: "I", ordinal: 1, title: "Соціальний захист" });
  L(plan, "TaskAdded", { taskId: `${P}.s1.t1`, sectionId: `${P}.s1`, label: "1", ordinal: 1, title: "Підтримка сімей" });
  L(plan, "SectionAdded", { sectionId: `${P}.s2`, label: "II", ordinal: 2, title: "Інфраструктура" });
  L(plan, "TaskAdded", { taskId: `${P}.s2.t1`, sectionId: `${P}.s2`, label: "1", ordinal: 1, title: "Центри" });
  const measure = (id: string, task: string, ordinal: number, title: string, targets: { value: number; unit: string }[]) =>
    L(plan, "MeasureAdded", {
      measureId: mid(id),
      taskId: `${P}.${task}`,
      label: `${ordinal})`,
      ordinal,
      title,
      term: { kind: "deadline", text: "до 31.12.2021", date: "2021-12-31" },
      executors: [
        { name: "Служба у справах дітей", byConsent: false },
        { name: "ГУНП в області", byConsent: true },
      ],
      indicator: { text: "показник", targets },
      budget: [],
    });
  measure("m1", "s1.t1", 1, "Надання допомоги сім'ям", [{ value: 100, unit: "сімей" }]);
  measure("m2", "s1.t1", 2, QUOTED, []);
  measure("m3", "s2.t1", 1, "Облаштування центру", []);
  const report = (q: number, filed: string, entries: [string, Record<string, unknown>][]) => {
    const stream = `report:${P}:2021-Q${q}`;
    const reportId = `${P}.2021-q${q}`;
    L(stream, "ReportDrafted", { reportId, planId: P, year: 2021, quarter: q }, filed);
    for (const [m, d] of entries) L(stream, "ProgressRecorded", { reportId, measureId: mid(m), actuals: [], spent: [], narrative: "", ...d }, filed);
    L(stream, "ReportSubmitted", { reportId }, filed);
  };
  report(1, "2021-04-02T08:00:00.000Z", [
    // Recorded twice: the second replaces the first.
    ["m1", { status: "inProgress", actuals: [{ value: 35, unit: "сімей" }], narrative: "чернетка" }],
    [
      "m1",
      {
        status: "inProgress",
        actuals: [{ value: 40, unit: "сімей" }],
        spent: [
          { source: "обласний бюджет", amount: 120.5 },
          { source: "місцеві бюджети", amount: 30 },
        ],
        narrative: "Допомогу надано 40 сім'ям,\nу т. ч. 12 — переселенцям.",
      },
    ],
    ["m2", { status: "done", narrative: "Навчено 25 фахівців." }],
  ]);
  report(2, "2021-07-02T08:00:00.000Z", [
    ["m1", { status: "done", actuals: [{ value: 100, unit: "сімей" }], spent: [{ source: "обласний бюджет", amount: 250 }], narrative: "Ціль досягнуто." }],
  ]);

  // The district's plan, received from its node two days after each event.
  const dPlan = `plan:${D}`;
  const S = (stream: string, type: string, data: Record<string, unknown>, at: string) =>
    add("starobilska", stream, type, data, at, new Date(Date.parse(at) + 2 * 86_400_000).toISOString());
  const dAt = "2021-02-03T09:00:00.000Z";
  S(dPlan, "PlanAdopted", {
    planId: D,
    ownerNode: "starobilska",
    title: "Районний план «Турбота»",
    issuer: "Старобільська РДА",
    order: { number: "41", date: "2021-02-01" },
    period: { from: 2021, to: 2022 },
    parentPlanId: P,
  }, dAt);
  S(dPlan, "SectionAdded", { sectionId: `${D}.s1`, label: "I", ordinal: 1, title: "Сім'ї" }, dAt);
  S(dPlan, "TaskAdded", { taskId: `${D}.s1.t1`, sectionId: `${D}.s1`, label: "1", ordinal: 1, title: "Допомога" }, dAt);
  S(dPlan, "MeasureAdded", {
    measureId: `${D}.d1`,
    taskId: `${D}.s1.t1`,
    label: "1)",
    ordinal: 1,
    title: "Допомога сім'ям району",
    term: { kind: "deadline", text: "до 31.12.2021", date: "2021-12-31" },
    executors: [{ name: "Управління соцзахисту району", byConsent: false }],
    indicator: { text: "20 сімей", targets: [{ value: 20, unit: "сімей" }] },
    budget: [],
  }, dAt);
  S(dPlan, "MeasureLinked", { measureId: `${D}.d1`, parent: { node: "luhanska", planId: P, measureId: mid("m1") } }, dAt);
  const dReport = `report:${D}:2021-Q1`;
  const dFiled = "2021-04-03T08:00:00.000Z";
  S(dReport, "ReportDrafted", { reportId: `${D}.2021-q1`, planId: D, year: 2021, quarter: 1 }, dFiled);
  S(dReport, "ProgressRecorded", { reportId: `${D}.2021-q1`, measureId: `${D}.d1`, status: "inProgress", actuals: [{ value: 12, unit: "сімей" }], spent: [], narrative: "" }, dFiled);
  S(dReport, "ReportSubmitted", { reportId: `${D}.2021-q1` }, dFiled);
  return events;
};

/** A `WebSource` over the real projections of the log above. */
const sourceOf = (): WebSource => fakeSource(logOf(), { now: NOW, actor: "reporter@luhanska" }).web;

const given = () => {
  const source = sourceOf();
  const app = webRoutes({ source, now: () => NOW });
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  const bytes = async (path: string) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    return new Uint8Array(await res.arrayBuffer());
  };
  return { source, app, get, bytes };
};

/** A worksheet as header names and rows of cell values keyed by them. */
const readXlsx = async (bytes: Uint8Array, sheetName: string) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = workbook.getWorksheet(sheetName);
  if (ws === undefined) throw new Error(`no sheet ${sheetName}`);
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row: Record<string, ExcelJS.CellValue> = {};
    header.forEach((h, i) => {
      row[h] = ws.getRow(r).getCell(i + 1).value;
    });
    rows.push(row);
  }
  return { workbook, ws, header, rows };
};

/** One file out of a ZIP (DOCX) by its central directory: stored or deflated. */
const zipEntry = (zip: Uint8Array, name: string): string => {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  let at = view.getUint32(end + 16, true);
  const count = view.getUint16(end + 10, true);
  for (let i = 0; i < count; i++) {
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    if (Buffer.from(zip.subarray(at + 46, at + 46 + nameLength)).toString("utf8") === name) {
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      const data = zip.subarray(start, start + size);
      return (method === 0 ? Buffer.from(data) : inflateRawSync(data)).toString("utf8");
    }
    at += 46 + skip;
  }
  throw new Error(`no ${name} in the archive`);
};

/** What the source says of a measure in a quarter: the status from the tree, the figures from the last record. */
const sourceFigures = async (source: WebSource, measure: string, year: number, quarter: number) => {
  const tree = await source.planTree(P);
  const m = tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures)).find((x) => x.measureId === mid(measure));
  const period = m?.periods.find((p) => p.year === year && p.quarter === quarter);
  const recorded = (await source.history(`report:${P}:${year}-Q${quarter}`)).filter(
    (e) => e.type === "ProgressRecorded" && e.data.measureId === mid(measure),
  );
  const d = recorded.at(-1)?.data as { actuals: { value: number; unit: string }[]; spent: { source: string; amount: number }[]; narrative: string } | undefined;
  return { status: period?.status, actuals: d?.actuals ?? [], spent: d?.spent ?? [], narrative: d?.narrative ?? "" };
};

const WORDS: Record<string, string> = { done: "виконано", inProgress: "виконується", notReported: "не звітовано", planned: "заплановано" };

afterEach(() => vi.restoreAllMocks());

describe("exports: the plan's progress as XLSX", () => {
  it("holds one row per measure and quarter whose status, actuals and spending are the source's", async () => {
    const { source, bytes } = given();
    const { ws, header, rows } = await readXlsx(await bytes(`/plans/${P}/export.xlsx`), "Виконання");
    expect(header.slice(0, 8)).toEqual(["Розділ", "Завдання", "№ заходу", "Захід", "Виконавці", "Строк", "Квартал", "Стан"]);
    // Three measures × the three quarters up to 10.08.2021.
    expect(rows).toHaveLength(9);
    for (const [measure, quarter] of [["m1", 1], ["m1", 2], ["m2", 1], ["m3", 1], ["m3", 2]] as const) {
      const want = await sourceFigures(source, measure, 2021, quarter);
      const row = rows.find((r) => r["Ідентифікатор заходу"] === mid(measure) && r.Квартал === `${["I", "II"][quarter - 1]} кв. 2021`);
      expect(row, `${measure} Q${quarter}`).toBeDefined();
      expect(row?.Стан).toBe(WORDS[want.status ?? ""]);
      expect(row?.["Факт (станом на кінець кварталу)"] ?? null).toBe(want.actuals.length === 0 ? null : want.actuals.map((a) => `${a.value} ${a.unit}`).join("; "));
      const total = want.spent.reduce((a, s) => a + s.amount, 0);
      expect(row?.["Використано з початку року, тис. грн"] ?? null).toBe(want.spent.length === 0 ? null : total);
      for (const s of want.spent) expect(row?.[`у т. ч. ${s.source}, тис. грн`]).toBe(s.amount);
      expect(row?.Пояснення ?? "").toBe(want.narrative);
    }
    const m1q1 = rows.find((r) => r["Ідентифікатор заходу"] === mid("m1") && r.Квартал === "I кв. 2021");
    expect(m1q1).toMatchObject({
      Розділ: "I Соціальний захист",
      Завдання: "1 Підтримка сімей",
      "№ заходу": "1)",
      Виконавці: "Служба у справах дітей; ГУНП в області (за згодою)",
      Строк: "до 31.12.2021",
      Стан: "виконується",
      "Факт (станом на кінець кварталу)": "40 сімей",
      Ціль: "100 сімей",
      "Використано з початку року, тис. грн": 150.5,
      "у т. ч. обласний бюджет, тис. грн": 120.5,
      "у т. ч. місцеві бюджети, тис. грн": 30,
      "Звіт плану за квартал": "подано",
    });
    // Numbers are numbers; the header stays in view; text wraps; columns are sized.
    expect(typeof m1q1?.["Використано з початку року, тис. грн"]).toBe("number");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.getRow(2).getCell(4).alignment?.wrapText).toBe(true);
    expect(ws.getColumn(4).width).toBe(50);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.autoFilter).toBeDefined();
  });
});

describe("exports: the plan's progress as CSV", () => {
  it("is UTF-8 with a BOM, comma-separated, quoted by RFC 4180, and says what the XLSX says", async () => {
    const { bytes } = given();
    const raw = await bytes(`/plans/${P}/export.csv`);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(raw);
    expect(text.startsWith("\uFEFFРозділ,Завдання,№ заходу,Захід,")).toBe(true);
    expect(text).toContain(`"${QUOTED.replace(/"/g, '""')}"`);
    const [header = [], ...body] = parseCsv(text);
    expect(body).toHaveLength(9);
    const at = (row: string[], name: string) => row[header.indexOf(name)];
    const m2 = body.find((r) => at(r, "Ідентифікатор заходу") === mid("m2") && at(r, "Квартал") === "I кв. 2021") ?? [];
    expect(at(m2, "Захід")).toBe(QUOTED);
    expect(at(m2, "Стан")).toBe("виконано");
    const m1 = body.find((r) => at(r, "Ідентифікатор заходу") === mid("m1") && at(r, "Квартал") === "I кв. 2021") ?? [];
    expect(at(m1, "Використано з початку року, тис. грн")).toBe("150.5");
    expect(at(m1, "Пояснення")).toBe("Допомогу надано 40 сім'ям,\nу т. ч. 12 — переселенцям.");
    expect(body.every((r) => r.length === header.length)).toBe(true);
  });
});

describe("exports: the quarterly report as DOCX", () => {
  it("reads back as the report on the quarter: title, plan, order, quarter, and each measure's row", async () => {
    const { bytes } = given();
    const docx = await bytes(`/plans/${P}/report.docx?year=2021&quarter=1`);
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
    expect(text).toContain("Інформація про стан виконання плану заходів");
    expect(text).toContain("План заходів «Турбота»");
    expect(text).toContain("(Луганська ОДА, розпорядження від 15.01.2021 № 852)");
    expect(text).toContain("за I квартал 2021 року");
    for (const h of ["№ з/п", "Захід", "Виконавець", "Строк", "Стан виконання"]) expect(text).toContain(h);
    expect(text).toContain("I Соціальний захист");
    expect(text).toContain("II Інфраструктура");
    const cells = text.split(/\n+/).map((l) => l.trim());
    const after = (s: string) => cells.slice(cells.indexOf(s));
    expect(after("1) Надання допомоги сім'ям").slice(0, 7)).toEqual([
      "1) Надання допомоги сім'ям",
      "Служба у справах дітей; ГУНП в області (за згодою)",
      "до 31.12.2021",
      "Виконується.",
      "Допомогу надано 40 сім'ям,",
      "у т. ч. 12 — переселенцям.",
      "Фактично: 40 сімей (ціль: 100 сімей).",
    ]);
    expect(text).toContain("Використано з початку року: 150,5\u00a0тис.\u00a0грн (обласний бюджет — 120,5; місцеві бюджети — 30).");
    expect(after(`2) ${QUOTED}`).slice(3, 5)).toEqual(["Виконано.", "Навчено 25 фахівців."]);
    expect(after("1) Облаштування центру")[3]).toBe("Не звітовано.");
    // Three measures, numbered in order.
    expect(cells.filter((c) => /^[123]$/.test(c))).toEqual(["1", "2", "3"]);
  });

  it("is landscape A4 in Times New Roman, 14 pt text and 12 pt in the table, with a header row that repeats", async () => {
    const { bytes } = given();
    const docx = await bytes(`/plans/${P}/report.docx?year=2021&quarter=2`);
    const xml = zipEntry(docx, "word/document.xml");
    const size = /<w:pgSz w:w="(\d+)" w:h="(\d+)" w:orient="landscape"\/>/.exec(xml);
    // 297 × 210 mm in twentieths of a point, give or take the rounding.
    expect(Math.abs(Number(size?.[1]) - 16838)).toBeLessThan(3);
    expect(Math.abs(Number(size?.[2]) - 11906)).toBeLessThan(3);
    expect(xml).toContain("<w:tblHeader/>");
    expect(xml).toContain('<w:sz w:val="24"/>');
    const styles = zipEntry(docx, "word/styles.xml");
    expect(styles).toContain('w:ascii="Times New Roman"');
    expect(styles).toContain('<w:sz w:val="28"/>');
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
    expect(text).toContain("за II квартал 2021 року");
  });
});

describe("exports: the roll-up per district", () => {
  it("gives each regional measure × district the combined figure, and the district's status, actuals and freshness", async () => {
    const { source, bytes } = given();
    const rollup = await source.rollup(P);
    const m1 = rollup.measures.find((m) => m.measureId === mid("m1"));
    const child = m1?.children[0];
    expect(child?.node).toBe("starobilska");
    const { rows } = await readXlsx(await bytes(`/plans/${P}/rollup.xlsx`), "Зведення по районах");
    // m1 with its district's measure; m2 and m3 with nobody linked, one row each.
    expect(rows).toHaveLength(3);
    const row = rows.find((r) => r["Ідентифікатор заходу"] === mid("m1"));
    expect(row).toMatchObject({
      Захід: "Надання допомоги сім'ям",
      "Стан (область)": "виконано",
      "Правило зведення": "сума",
      "Разом, число": m1?.combined.targets[0]?.value,
      "Ціль, число": 100,
      Вузол: "starobilska",
      "План вузла": "Районний план «Турбота»",
      "Пов'язаний захід": "1) Допомога сім'ям району",
      // The district reported the I quarter and not the II: its figures are the I quarter's, its status says so.
      "Стан (вузол)": "не звітовано",
      "Факт вузла": "12 сімей",
      "Квартал факту": "I кв. 2021",
      "Ідентифікатор пов'язаного заходу": `${D}.d1`,
    });
    expect(row?.["Стан (вузол)"]).toBe(WORDS[child?.own.status ?? ""]);
    expect(row?.["Разом, число"]).toBe(112);
    expect(String(row?.["Свіжість даних"])).toMatch(/^дані станом на \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} UTC$/);
    expect(row?.Отримано).toBe("05.04.2021 08:00 UTC");
    expect(rows.find((r) => r["Ідентифікатор заходу"] === mid("m2"))?.Вузол ?? null).toBeNull();

    const csv = parseCsv(new TextDecoder().decode(await bytes(`/plans/${P}/rollup.csv`)));
    expect(csv).toHaveLength(4);
    const [header = [], first = []] = csv;
    expect(first[header.indexOf("Разом, число")]).toBe("112");
    expect(first[header.indexOf("Вузол")]).toBe("starobilska");
  });
});

describe("exports: routes", () => {
  const cases = [
    ["export.xlsx", XLSX_TYPE, /^attachment; filename="progress-luhanska\.852\.2021-01-15-2021-08-10\.xlsx"; filename\*=UTF-8''/, "Виконання плану luhanska.852.2021-01-15 на 10.08.2021.xlsx"],
    ["export.csv", CSV_TYPE, /filename\*=UTF-8''/, "Виконання плану luhanska.852.2021-01-15 на 10.08.2021.csv"],
    ["report.docx?year=2021&quarter=1", DOCX_TYPE, /filename="report-luhanska\.852\.2021-01-15-2021-Q1\.docx"/, "Інформація про виконання плану luhanska.852.2021-01-15 за I кв. 2021.docx"],
    ["rollup.xlsx", XLSX_TYPE, /filename\*=UTF-8''/, "Зведення по районах luhanska.852.2021-01-15 на 10.08.2021.xlsx"],
    ["rollup.csv", CSV_TYPE, /filename\*=UTF-8''/, "Зведення по районах luhanska.852.2021-01-15 на 10.08.2021.csv"],
  ] as const;
  for (const [file, type, disposition, name] of cases)
    it(`answers ${file} as a download of ${type.split(";")[0]} named "${name}"`, async () => {
      const { get } = given();
      const res = await get(`/plans/${P}/${file}`, { accept: "text/html" });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      const header = res.headers.get("content-disposition") ?? "";
      expect(header).toMatch(disposition);
      expect(decodeURIComponent(header.split("filename*=UTF-8''")[1] ?? "")).toBe(name);
      expect(header.split("filename*=")[1]).toMatch(/^UTF-8''[A-Za-z0-9%!#$&+^_`|~.-]+$/);
      expect(Number(res.headers.get("content-length"))).toBe((await res.arrayBuffer()).byteLength);
    });

  it("given no quarter, reports on the last ended one", async () => {
    const { get } = given();
    const res = await get(`/plans/${P}/report.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("report-luhanska.852.2021-01-15-2021-Q2.docx");
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await res.arrayBuffer()) });
    expect(value).toContain("за II квартал 2021 року");
  });

  it("when the plan is not held here, answers 404 in plain words for every file", async () => {
    const { get } = given();
    for (const file of ["export.xlsx", "export.csv", "report.docx", "rollup.xlsx", "rollup.csv"]) {
      const res = await get(`/plans/luhanska.999.2020-01-01/${file}`);
      expect(res.status, file).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await res.text()).toContain("План «luhanska.999.2020-01-01» не знайдено на цьому вузлі");
    }
  });

  it("when the quarter or year is wrong or still ahead, answers 400 and says why", async () => {
    const { get } = given();
    const q5 = await get(`/plans/${P}/report.docx?year=2021&quarter=5`);
    expect(q5.status).toBe(400);
    expect(await q5.text()).toContain("Квартал «5» не підходить");
    expect((await get(`/plans/${P}/report.docx?year=21&quarter=1`)).status).toBe(400);
    expect((await get(`/plans/${P}/report.docx?quarter=1`)).status).toBe(400);
    const ahead = await get(`/plans/${P}/report.docx?year=2021&quarter=4`);
    expect(ahead.status).toBe(400);
    expect(await ahead.text()).toContain("IV кв. 2021 ще не почався");
    expect(await (await get(`/plans/${P}/report.docx?year=2021&quarter=5&lang=en`)).text()).toContain('The quarter "5" is not valid');
  });

  it("when the source fails, answers 500 without the cause and logs it", async () => {
    const source = sourceOf();
    const app = webRoutes({ source: { ...source, planTree: () => Promise.reject(new Error("disk on fire")) }, now: () => NOW });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await app.request(`/plans/${P}/export.xlsx`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("disk on fire");
    expect(logged).toHaveBeenCalled();
  });

  it("links the files from the plan page and the roll-up page", async () => {
    const { get } = given();
    const plan = await (await get(`/plans/${P}`)).text();
    expect(plan).toContain(`href="/plans/${P}/export.xlsx"`);
    expect(plan).toContain(`href="/plans/${P}/export.csv"`);
    expect(plan).toContain(`href="/plans/${P}/report.docx?year=2021&amp;quarter=2"`);
    expect(plan).toContain("звіт DOCX за II кв. 2021");
    expect(await (await get(`/plans/${P}?lang=en`)).text()).toContain("DOCX report for Q2 2021");
    const rollup = await (await get(`/plans/${P}/rollup`)).text();
    expect(rollup).toContain(`href="/plans/${P}/rollup.xlsx"`);
    expect(rollup).toContain(`href="/plans/${P}/rollup.csv"`);
  });
});
