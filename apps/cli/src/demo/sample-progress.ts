/**
 * @module Plausible sample progress for a plan's quarterly report: which measures report, with what status,
 * actuals and money. Deterministic (a hash of measure and quarter), so reruns produce the same data, and
 * every entry is marked `sample: true`.
 */
import type { MeasureNode, PlanTree } from "@planledger/projections";

export interface SampleEntry {
  readonly measureId: string;
  readonly status: "planned" | "inProgress" | "done" | "notDone";
  readonly actuals: ReadonlyArray<{ readonly value: number; readonly unit: string }>;
  readonly spent: ReadonlyArray<{ readonly source: string; readonly executor?: string; readonly amount: number }>;
  readonly narrative: string;
  readonly sample: true;
}

/** A number in [0, 1) from text: FNV-1a, enough to vary samples without a random source. */
const unit = (text: string): number => {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x1_0000_0000;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The last day of the term, when it has one, to tell "should be done by now" from "still running". */
const termEnd = (m: MeasureNode): string | null => {
  const t = m.term;
  switch (t.kind) {
    case "deadline":
      return t.date;
    case "interval":
      return t.to;
    case "quarterRange":
      return `${t.to.year}-${String(t.to.quarter * 3).padStart(2, "0")}-28`;
    case "milestones":
      return t.years.length === 0 ? null : `${Math.max(...t.years)}-12-31`;
    default:
      return null;
  }
};

const narratives = {
  done: "Захід виконано в повному обсязі (демонстраційні дані).",
  inProgress: "Захід виконується відповідно до плану (демонстраційні дані).",
  planned: "Виконання заплановано на наступні квартали (демонстраційні дані).",
  notDone: "Захід не виконано через брак фінансування (демонстраційні дані).",
} as const;

/**
 * The sample entries of the report for `year`/`quarter`: about four in five measures that the tree expects
 * to report then; done or not done once their term has ended, otherwise in progress; actuals grow through
 * the term towards each target; money spent is the year's plan pro rata (cumulative since January).
 *
 * @example sampleProgress(tree, 2021, 2).every((e) => e.sample) // true
 */
export const sampleProgress = (tree: PlanTree, year: number, quarter: number): SampleEntry[] => {
  const quarterEnd = `${year}-${String(quarter * 3).padStart(2, "0")}-28`;
  const entries: SampleEntry[] = [];
  for (const section of tree.sections) {
    for (const task of section.tasks) {
      for (const m of task.measures) {
        if (m.cancelled !== null) continue;
        const period = m.periods.find((p) => p.year === year && p.quarter === quarter);
        if (period !== undefined && !period.expected) continue;
        const roll = unit(`${m.measureId}|${year}-${quarter}`);
        if (roll < 0.2) continue;
        const end = termEnd(m);
        const ended = end !== null && end <= quarterEnd;
        const status = ended ? (roll < 0.35 ? "notDone" : "done") : roll < 0.3 ? "planned" : "inProgress";
        const share = status === "done" ? 1 : status === "planned" ? 0 : Math.min(1, (quarter / 4) * (0.6 + 0.4 * roll));
        const actuals = m.indicator.targets.map((t) => ({ value: status === "done" ? t.value : round1(t.value * share), unit: t.unit }));
        const spent = m.budget.flatMap((line) => {
          const planned = line.byYear[String(year)];
          if (planned === undefined || planned <= 0 || status === "planned") return [];
          const amount = round1(planned * (quarter / 4) * (status === "notDone" ? 0.3 : 0.7 + 0.3 * roll));
          return amount > 0 ? [{ source: line.source, ...(line.executor === "" ? {} : { executor: line.executor }), amount }] : [];
        });
        entries.push({ measureId: m.measureId, status, actuals, spent, narrative: narratives[status], sample: true });
      }
    }
  }
  return entries;
};
