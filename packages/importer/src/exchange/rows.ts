/**
 * @module A plan as flat rows in fixed columns: the shape shared by the CSV and XLSX exports, and read
 * back by their imports. Rows come in document order (plan, then each section, its tasks, their measures,
 * each measure's budget lines; anomalies last); a row belongs to the nearest row of its parent kind above.
 * The readable columns carry the text; the `data` column carries the exact structure (term, executors,
 * targets, header) so that the round trip is lossless. A row without `data` (typed by hand) is read
 * from its readable columns with the same readers the layouts use.
 */
import type { BudgetLine, Executor, MeasureDoc, PlanDocument, Target } from "@planledger/domain";
import { Either, Schema as S } from "effect";
import { InvalidInterchange } from "../errors.js";
import { readAmount } from "../facts/budget.js";
import { readExecutors } from "../facts/executors.js";
import { readTargets } from "../facts/targets.js";
import { readTerm } from "../facts/term.js";
import { decodeInterchange } from "../interchange.js";

/** The columns, in order; the first row of a CSV or a sheet names them. */
export const COLUMNS = [
  "kind",
  "section",
  "task",
  "measure",
  "ordinal",
  "title",
  "term",
  "executors",
  "indicator",
  "targets",
  "budget_executor",
  "budget_source",
  "budget_total",
  "budget_by_year",
  "anomaly_kind",
  "where",
  "data",
] as const;

export type Column = (typeof COLUMNS)[number];
/** One row: a cell per column; numbers stay numbers (XLSX keeps them as such). */
export type Row = Partial<Record<Column, string | number>>;

const consentMark = " (за згодою)";

const executorsText = (list: ReadonlyArray<Executor>): string =>
  list.map((e) => `${e.name}${e.byConsent ? consentMark : ""}`).join("; ");

const targetsText = (list: ReadonlyArray<Target>): string => list.map((t) => `${t.value} ${t.unit}`).join("; ");

const byYearText = (byYear: BudgetLine["byYear"]): string =>
  Object.entries(byYear)
    .map(([y, v]) => `${y}=${v}`)
    .join("; ");

/**
 * Flattens a plan into rows.
 *
 * @example toRows(doc)[0] // { kind: "plan", title: "Регіональний план …", data: "{…}" }
 */
export const toRows = (doc: PlanDocument): Row[] => {
  const rows: Row[] = [{ kind: "plan", title: doc.plan.title ?? "", data: JSON.stringify(doc.plan) }];
  for (const section of doc.sections) {
    rows.push({ kind: "section", section: section.label, title: section.title });
    for (const task of section.tasks) {
      rows.push({ kind: "task", section: section.label, task: task.label, title: task.title });
      for (const m of task.measures) {
        const { text: termText, ...termData } = m.term;
        const { text: indicatorText, ...indicatorData } = m.indicator;
        rows.push({
          kind: "measure",
          section: section.label,
          task: task.label,
          measure: m.label,
          ordinal: m.ordinal,
          title: m.title,
          term: termText,
          executors: executorsText(m.executors),
          indicator: indicatorText,
          targets: targetsText(m.indicator.targets),
          data: JSON.stringify({ term: termData, executors: m.executors, indicator: indicatorData }),
        });
        for (const line of m.budget) {
          rows.push({
            kind: "budget",
            section: section.label,
            task: task.label,
            measure: m.label,
            ordinal: m.ordinal,
            budget_executor: line.executor,
            budget_source: line.source,
            budget_total: line.total ?? "",
            budget_by_year: byYearText(line.byYear),
          });
        }
      }
    }
  }
  for (const a of doc.anomalies) rows.push({ kind: "anomaly", anomaly_kind: a.kind, where: a.where, title: a.message });
  return rows;
};

const text = (row: Row, column: Column): string => {
  const v = row[column];
  return v === undefined ? "" : String(v);
};

const fail = (rowNo: number, column: Column | "kind", reason: string) =>
  new InvalidInterchange({ path: `рядок ${rowNo}, колонка ${column} / row ${rowNo}, column ${column}`, reason });

const MeasureData = S.parseJson(
  S.Struct({ term: S.Record({ key: S.String, value: S.Unknown }), executors: S.Unknown, indicator: S.Record({ key: S.String, value: S.Unknown }) }),
);

const readByYear = (cell: string, rowNo: number): Either.Either<Record<string, number>, InvalidInterchange> => {
  const out: Record<string, number> = {};
  for (const part of cell.split(";").map((p) => p.trim()).filter((p) => p !== "")) {
    const m = /^(\d{4})\s*=\s*(.+)$/.exec(part);
    const amount = readAmount(m?.[2] ?? "");
    if (m === null || amount.value === null) return Either.left(fail(rowNo, "budget_by_year", `очікується «2024=100; 2025=120» / expected "2024=100; 2025=120", got "${part}"`));
    out[m[1] ?? ""] = amount.value;
  }
  return Either.right(out);
};

type Draft = { plan: unknown; sections: Array<{ label: string; title: string; tasks: Array<{ label: string; title: string; measures: Array<Record<string, unknown>> }> }>; anomalies: unknown[] };

/**
 * Reads rows (the first row may be the column names) back into a plan; errors name the row and column.
 *
 * @example fromRows(toRows(doc)) // Right(doc)
 */
export const fromRows = (input: ReadonlyArray<Row>): Either.Either<PlanDocument, InvalidInterchange> => {
  const rows = input[0]?.kind === "kind" ? input.slice(1) : input;
  const draft: Draft = { plan: null, sections: [], anomalies: [] };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? {};
    const rowNo = i + 2;
    const kind = text(row, "kind");
    const section = draft.sections[draft.sections.length - 1];
    const task = section?.tasks[section.tasks.length - 1];
    const measure = task?.measures[task.measures.length - 1];
    switch (kind) {
      case "plan": {
        const data = text(row, "data");
        try {
          draft.plan =
            data !== ""
              ? JSON.parse(data)
              : { title: text(row, "title") || null, issuer: null, order: { number: null, date: null }, period: { from: null, to: null } };
        } catch {
          return Either.left(fail(rowNo, "data", "некоректний JSON / invalid JSON"));
        }
        break;
      }
      case "section":
        draft.sections.push({ label: text(row, "section"), title: text(row, "title"), tasks: [] });
        break;
      case "task":
        if (section === undefined) return Either.left(fail(rowNo, "kind", "завдання перед розділом / a task before any section"));
        section.tasks.push({ label: text(row, "task"), title: text(row, "title"), measures: [] });
        break;
      case "measure": {
        if (task === undefined) return Either.left(fail(rowNo, "kind", "захід перед завданням / a measure before any task"));
        const data = text(row, "data");
        const indicatorText = text(row, "indicator");
        let term: unknown = readTerm(text(row, "term"));
        let executors: unknown = readExecutors(text(row, "executors")).executors;
        let indicator: Record<string, unknown> = { targets: readTargets(indicatorText) };
        if (data !== "") {
          const decoded = S.decodeUnknownEither(MeasureData)(data);
          if (Either.isLeft(decoded)) return Either.left(fail(rowNo, "data", "некоректні дані заходу / invalid measure data"));
          term = { ...decoded.right.term, text: text(row, "term") };
          executors = decoded.right.executors;
          indicator = decoded.right.indicator;
        }
        const ordinal = Number(text(row, "ordinal") || task.measures.length + 1);
        task.measures.push({
          label: text(row, "measure"),
          ordinal,
          title: text(row, "title"),
          term,
          executors,
          indicator: { text: indicatorText, ...indicator },
          budget: [],
        });
        break;
      }
      case "budget": {
        if (measure === undefined) return Either.left(fail(rowNo, "kind", "рядок бюджету перед заходом / a budget line before any measure"));
        const total = readAmount(text(row, "budget_total"));
        if (!total.ok) return Either.left(fail(rowNo, "budget_total", "не число / not a number"));
        const byYear = readByYear(text(row, "budget_by_year"), rowNo);
        if (Either.isLeft(byYear)) return Either.left(byYear.left);
        (measure.budget as BudgetLine[]).push({
          executor: text(row, "budget_executor"),
          source: text(row, "budget_source"),
          total: total.value,
          byYear: byYear.right,
        });
        break;
      }
      case "anomaly":
        draft.anomalies.push({ kind: text(row, "anomaly_kind"), where: text(row, "where"), message: text(row, "title") });
        break;
      case "":
        break;
      default:
        return Either.left(fail(rowNo, "kind", `невідомий вид рядка «${kind}» / unknown row kind`));
    }
  }
  if (draft.plan === null) return Either.left(fail(2, "kind", "немає рядка plan / no plan row"));
  return decodeInterchange(draft);
};

/** The measures of a plan in document order (for callers that only need them flat). */
export const measuresOf = (doc: PlanDocument): MeasureDoc[] => doc.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
