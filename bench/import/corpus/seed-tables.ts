/**
 * @module A parsed seed plan drawn back as the table its administration printed: the seed's own columns and
 * header wording, section rows across the table, the column-number row, task cells merged down over their
 * measures, and (for the Volyn programme) money by year under a merged header with executors merged down
 * where one covers several rows, and the closing "Всього" rows. Every value is the parser's reading of the
 * seed, so the truth of these documents is the seed parse.
 */
import type { Executor, MeasureDoc, PlanDocument, TaskDoc } from "@planledger/domain";
import { readExecutors } from "@planledger/importer";
import { type CorpusBlock, type CorpusCell, type CorpusDocument, type CorpusRow, below, cell, row } from "./corpus-table.js";

/** How a seed's table is laid out: its header wording and columns, as printed in the seed file. */
export type SeedLayout = "tab-rows" | "six-columns" | "programme";

export interface SeedSpec {
  /** The seed file in fixtures/plans/. */
  readonly file: string;
  /** Short name of the derived documents. */
  readonly slug: string;
  readonly layout: SeedLayout;
  /** Header cells exactly as the seed prints them. */
  readonly headers: ReadonlyArray<string>;
  /** A heading the seed prints above the table when its header facts are missing (the Volyn programme). */
  readonly heading?: string;
}

export const executorsText = (executors: ReadonlyArray<Executor>): string =>
  executors.map((e) => (e.byConsent ? `${e.name} (за згодою)` : e.name)).join(", ");

const labelled = (label: string, title: string): string => (label === "" ? title : `${label} ${title}`);

const isoToUa = (iso: string): string => iso.split("-").reverse().join(".");

/** The preamble from the parsed header: issuer, the order, the approval stamp and the plan's title. */
const preamble = (doc: PlanDocument, spec: SeedSpec): CorpusBlock[] => {
  const p = (text: string, bold = false, centered = false): CorpusBlock => ({ kind: "paragraph", text, bold, centered });
  const h = doc.plan;
  const blocks: CorpusBlock[] = [];
  if (h.issuer !== null) blocks.push(p(h.issuer, true, true));
  const orderLine = h.order.number === null ? null : `${h.order.date === null ? "" : `${isoToUa(h.order.date)} `}№ ${h.order.number}`;
  if (orderLine !== null) {
    blocks.push(p("РОЗПОРЯДЖЕННЯ", true, true), p(orderLine));
    if (h.title !== null) blocks.push(p(`Про затвердження ${h.title.charAt(0).toLowerCase()}${h.title.slice(1)}`, true));
    const parent = h.implements;
    if (parent?.number != null) {
      blocks.push(
        p(`На виконання розпорядження № ${parent.number}${parent.date == null ? "" : ` від ${isoToUa(parent.date)}`}${parent.title == null ? "" : ` «${parent.title}»`}:`),
      );
    }
    blocks.push(p(`1. Затвердити план заходів, що додається.`), p("ЗАТВЕРДЖЕНО"), p(`розпорядження ${orderLine}`));
  }
  if (h.title !== null) blocks.push(p(h.title, true, true));
  if (spec.heading !== undefined) blocks.push(p(spec.heading, true, true));
  return blocks;
};

const numberRow = (n: number): CorpusRow => row(Array.from({ length: n }, (_, i) => cell(String(i + 1))), true);

const spanRow = (text: string, n: number): CorpusRow => row([cell(text, n, true)]);

/** Rows of a task, the task's № and title merged down over all of them. */
const taskRows = (t: TaskDoc, measureRows: (m: MeasureDoc) => CorpusCell[][]): CorpusRow[] => {
  const rows = t.measures.flatMap(measureRows);
  return rows.map((cells, i) => row(i === 0 ? [cell(t.label), cell(t.title), ...cells] : [below(), below(), ...cells]));
};

const sixColumns = (doc: PlanDocument, spec: SeedSpec): CorpusRow[] => {
  const rows: CorpusRow[] = [row(spec.headers.map((h) => cell(h)), true), numberRow(6)];
  for (const s of doc.sections) {
    rows.push(spanRow(labelled(s.label, s.title), 6));
    for (const t of s.tasks) {
      rows.push(
        ...taskRows(t, (m) => [[cell(labelled(m.label, m.title)), cell(m.term.text), cell(executorsText(m.executors)), cell(m.indicator.text)]]),
      );
    }
  }
  return rows;
};

const tabRows = (doc: PlanDocument, spec: SeedSpec): CorpusRow[] => {
  const rows: CorpusRow[] = [row(spec.headers.map((h) => cell(h)), true), numberRow(4)];
  for (const s of doc.sections) {
    rows.push(spanRow(labelled(s.label, s.title), 4));
    for (const t of s.tasks) {
      // A section with no task of its own prints its measures straight under it (the parser names the task after it).
      if (t.label !== "") rows.push(spanRow(labelled(t.label, t.title), 4));
      for (const m of t.measures) rows.push(row([cell(m.label), cell(m.title), cell(executorsText(m.executors)), cell(m.term.text)]));
    }
  }
  return rows;
};

const amount = (n: number | null | undefined): string => (n === null || n === undefined ? "-" : String(n).replace(".", ","));

/** The closing "Всього" rows of the Volyn programme, read from the seed: label, total and five years. */
export const programmeTotals = (seedText: string): Array<{ label: string; amounts: string[] }> => {
  const lines = seedText.split(/\r?\n/).map((l) => l.trim());
  const start = lines.findIndex((l) => /^Всього/.test(l));
  if (start < 0) return [];
  const out: Array<{ label: string; amounts: string[] }> = [];
  for (const l of lines.slice(start)) {
    if (/^(Всього|- )/.test(l)) out.push({ label: l, amounts: [] });
    else if (/^\d/.test(l) && out.length > 0) out.at(-1)?.amounts.push(l);
  }
  return out;
};

const programme = (doc: PlanDocument, spec: SeedSpec, seedText: string): CorpusRow[] => {
  const years = Array.from({ length: 5 }, (_, i) => String((doc.plan.period.from ?? 2024) + i));
  const [no, task, measure, executors, source, money, result] = spec.headers;
  const rows: CorpusRow[] = [
    row([cell(no ?? ""), cell(task ?? ""), cell(measure ?? ""), cell(executors ?? ""), cell(source ?? ""), cell(money ?? "", 6), cell(result ?? "")], true),
    row([below(), below(), below(), below(), below(), cell("усього"), ...years.map((y) => cell(y)), below()], true),
    numberRow(12),
  ];
  for (const s of doc.sections) {
    rows.push(spanRow(labelled(s.label, s.title), 12));
    for (const t of s.tasks) {
      let prevExec: string | null = null;
      let prevSource: string | null = null;
      rows.push(
        ...taskRows(t, (m) => {
          const names = m.executors.map((e) => e.name);
          const lineNames = m.budget.map((b) => readExecutors(b.executor).executors.map((e) => e.name));
          // Each line names its own executor when together they name the measure's; else one cell covers all lines.
          const union = [...new Set(lineNames.flat())];
          const perLine = m.budget.length > 0 && union.length === names.length && union.every((n, i) => n === names[i]);
          const lines = m.budget.length === 0 ? [null] : m.budget;
          return lines.map((b, k) => {
            const execText = perLine ? executorsText(m.executors.filter((e) => lineNames[k]?.includes(e.name))) : executorsText(m.executors);
            const sourceText = b?.source ?? "";
            const execMerged = (!perLine && k > 0) || (execText === prevExec && sourceText === prevSource);
            const sourceMerged = execMerged && sourceText === prevSource;
            prevExec = execText;
            prevSource = sourceText;
            const money = b === null || (b.total === null && Object.keys(b.byYear).length === 0)
              ? Array.from({ length: 6 }, () => cell(""))
              : [cell(amount(b.total)), ...years.map((y) => cell(amount(b.byYear[y])))];
            return [
              k === 0 ? cell(labelled(m.label, m.title)) : below(),
              execMerged ? below() : cell(execText),
              sourceMerged ? below() : cell(sourceText),
              ...money,
              k === 0 ? cell(m.indicator.text) : below(),
            ];
          });
        }),
      );
    }
  }
  for (const total of programmeTotals(seedText)) {
    rows.push(row([cell(total.label, 5, true), ...total.amounts.slice(0, 6).map((a) => cell(a)), cell("")]));
  }
  return rows;
};

/**
 * The corpus document of a seed: its preamble and its table as the administration printed it.
 *
 * @example seedDocument(parsed.document, SEEDS[0], seedText).blocks.length
 */
export const seedDocument = (doc: PlanDocument, spec: SeedSpec, seedText: string): CorpusDocument => {
  const widths =
    spec.layout === "tab-rows" ? [6, 44, 32, 18] : spec.layout === "six-columns" ? [5, 17, 30, 11, 17, 20] : [4, 11, 22, 13, 9, 5, 4, 4, 4, 4, 4, 16];
  const rows = spec.layout === "tab-rows" ? tabRows(doc, spec) : spec.layout === "six-columns" ? sixColumns(doc, spec) : programme(doc, spec, seedText);
  return { name: spec.slug, landscape: true, blocks: [...preamble(doc, spec), { kind: "table", table: { widths, rows } }] };
};

/** The four seeds and the header wording each prints (copied from the seed files' header rows). */
export const SEEDS: ReadonlyArray<SeedSpec> = [
  {
    file: "000_9d8a7f6d078db2f4.txt",
    slug: "seed-852-turbota",
    layout: "tab-rows",
    headers: ["№ з/п", "Назва заходу", "Відповідальні за виконання", "Термін виконання"],
  },
  {
    file: "001_ff054dd0dbb46d17.txt",
    slug: "seed-volyn-programme",
    layout: "programme",
    heading: "Завдання і заходи",
    headers: [
      "№ з/п",
      "Найменування завдання",
      "Найменування заходу",
      "Виконавці",
      "Джерела фінансування (місцевий бюджет, інші)",
      "Прогнозний обсяг фінансових ресурсів для виконання завдань, тис. гривень, у тому числі за роками",
      "Очікувані результаті",
    ],
  },
  {
    file: "002_d9322476a2055758.txt",
    slug: "seed-328-novopskov",
    layout: "six-columns",
    headers: ["№ з/п", "Найменування завдання", "Найменування заходу", "Термін виконання", "виконавці", "Індикатори (показники) виконання завдань"],
  },
  {
    file: "003_b52cafefab6c56ab.txt",
    slug: "seed-1003-luhansk",
    layout: "six-columns",
    headers: ["№ з/п", "Найменування завдання", "Найменування заходу", "Термін виконання", "Виконавці", "Індикатори (показники) виконання завдань"],
  },
];
