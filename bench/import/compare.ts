/**
 * @module A parse against a truth file: measures matched by position (section, task, measure index), each
 * sampled field right when it equals the truth after whitespace is normalised. Kept apart from the runner so
 * the scoring rule is one readable function.
 */
import type { MeasureDoc, PlanDocument } from "@planledger/domain";
import { SAMPLE_FIELDS, type SampleField, type Truth, type TruthMeasure } from "./corpus/truth.js";

export interface Score {
  readonly measuresFound: number;
  readonly measuresTruth: number;
  readonly sectionsFound: number;
  readonly tasksFound: number;
  readonly fieldsRight: number;
  readonly fieldsChecked: number;
  /** "1/0/2 term: «…» ≠ «…»" — the first few misses, to see what went wrong. */
  readonly misses: ReadonlyArray<string>;
}

const norm = (s: string): string => s.replace(/\s+/g, " ").trim();

const executorsText = (xs: ReadonlyArray<{ name: string; byConsent: boolean }>): string =>
  xs.map((x) => `${norm(x.name)}${x.byConsent ? " (за згодою)" : ""}`).join("; ");

const budgetText = (lines: ReadonlyArray<{ source: string; total: number | null; byYear: Readonly<Record<string, number>> }>): string =>
  lines
    .map((l) => `${norm(l.source)}: ${l.total ?? "-"} [${Object.keys(l.byYear).sort().map((y) => `${y}=${l.byYear[y]}`).join(", ")}]`)
    .join("; ");

/**
 * An indicator printed in two columns (name and value) is written in the truth as "name | value": it is right
 * when each part appears, in order, in what was read — the truth does not impose how the two are joined.
 */
const indicatorRight = (truth: string, found: string): boolean => {
  if (!truth.includes(" | ")) return norm(truth) === norm(found);
  let at = 0;
  for (const part of truth.split(" | ").map(norm)) {
    const i = norm(found).indexOf(part, at);
    if (i < 0) return false;
    at = i + part.length;
  }
  return true;
};

const fieldOf = (t: TruthMeasure, m: MeasureDoc, f: SampleField): { checked: boolean; right: boolean; want: string; got: string } => {
  switch (f) {
    case "title":
      return { checked: true, right: norm(t.title) === norm(m.title), want: t.title, got: m.title };
    case "term":
      return t.term === undefined ? { checked: false, right: false, want: "", got: "" } : { checked: true, right: norm(t.term) === norm(m.term.text), want: t.term, got: m.term.text };
    case "executors": {
      if (t.executors === undefined) return { checked: false, right: false, want: "", got: "" };
      const want = executorsText(t.executors);
      const got = executorsText(m.executors);
      return { checked: true, right: want === got, want, got };
    }
    case "indicator":
      return t.indicator === undefined
        ? { checked: false, right: false, want: "", got: "" }
        : { checked: true, right: indicatorRight(t.indicator, m.indicator.text), want: t.indicator, got: m.indicator.text };
    case "budget": {
      if (t.budget === undefined) return { checked: false, right: false, want: "", got: "" };
      const want = budgetText(t.budget);
      const got = budgetText(m.budget);
      return { checked: true, right: want === got, want, got };
    }
    default: {
      const _: never = f;
      return _;
    }
  }
};

const short = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/**
 * A document with one level of headings above its measures («1. Назва» rows over measures «1.1», «1.2») says
 * nothing about whether those headings are sections or tasks, and the truths of different authors file them both
 * ways (held-out/ and held-out-2/ as tasks in one section, held-out-3/ as sections of one task each). When the truth
 * has one heading level and the parse files the same headings the other way — N sections of one task each against
 * one section of N tasks — the parse's measures are addressed through its own filing: (s, 0, m) ↔ (0, s, m).
 * Any other difference in structure is scored as it stands.
 */
export const headingsFiledOtherWay = (doc: PlanDocument, truth: Truth): boolean => {
  const { sections, tasks } = truth.counts;
  const oneTaskEach = (n: number) => doc.sections.length === n && doc.sections.every((s) => s.tasks.length === 1);
  const oneSection = (n: number) => doc.sections.length === 1 && doc.sections[0]?.tasks.length === n;
  return sections > 1 && tasks === sections ? oneSection(sections) : sections === 1 && tasks > 1 ? oneTaskEach(tasks) : false;
};

const measureAt = (doc: PlanDocument, t: TruthMeasure, transposed: boolean): MeasureDoc | undefined =>
  transposed
    ? t.task === 0 && doc.sections.length === 1
      ? doc.sections[0]?.tasks[t.section]?.measures[t.measure]
      : doc.sections[t.task]?.tasks[0]?.measures[t.measure]
    : doc.sections[t.section]?.tasks[t.task]?.measures[t.measure];

/**
 * Scores a parsed plan against its truth. A measure missing at a sampled position counts every field of it wrong.
 *
 * @example score(parsed.document, truth).fieldsRight
 */
export const score = (doc: PlanDocument, truth: Truth): Score => {
  let right = 0;
  let checked = 0;
  const misses: string[] = [];
  const transposed = headingsFiledOtherWay(doc, truth);
  for (const t of truth.sample) {
    const m = measureAt(doc, t, transposed);
    const at = `${t.section}/${t.task}/${t.measure}`;
    for (const f of SAMPLE_FIELDS) {
      if (m === undefined) {
        const wanted = f === "title" || (t as unknown as Record<string, unknown>)[f] !== undefined;
        if (wanted) checked++;
        continue;
      }
      const r = fieldOf(t, m, f);
      if (!r.checked) continue;
      checked++;
      if (r.right) right++;
      else misses.push(`${at} ${f}: «${short(r.want)}» ≠ «${short(r.got)}»`);
    }
    if (m === undefined) misses.push(`${at}: no measure there`);
  }
  return {
    measuresFound: doc.sections.reduce((n, s) => n + s.tasks.reduce((k, t) => k + t.measures.length, 0), 0),
    measuresTruth: truth.counts.measuresPerSection.reduce((a, b) => a + b, 0),
    sectionsFound: doc.sections.length,
    tasksFound: doc.sections.reduce((n, s) => n + s.tasks.length, 0),
    fieldsRight: right,
    fieldsChecked: checked,
    misses,
  };
};

/** Fields a truth sample checks in all, for a document that could not be parsed at all. */
export const fieldsInTruth = (truth: Truth): number =>
  truth.sample.reduce((n, t) => n + SAMPLE_FIELDS.filter((f) => f === "title" || (t as unknown as Record<string, unknown>)[f] !== undefined).length, 0);
