/**
 * @module A parse against a truth file, field by field: the one scoring rule of the import corpus, used by the
 * corpus test (`general/corpus.test.ts`, a gate) and by `pnpm bench:import` (a benchmark), so the two cannot
 * drift apart. Measures are matched by position (section, task, measure index); a sampled field is right when it
 * equals the truth after whitespace is normalised.
 */
import type { MeasureDoc, PlanDocument } from "@planledger/domain";
import { type CorpusFormat, SAMPLE_FIELDS, type SampleField, type Truth, type TruthMeasure } from "./corpus-truth.js";

const norm = (s: string): string => s.replace(/\s+/g, " ").trim();

/**
 * What a PDF can show of a text: a hyphen that ends a line keeps no trace of a space printed after it, so
 * «інформаційно- роз’яснювальних» (a typing slip in the Volyn seed) and «інформаційно-роз’яснювальних» read the
 * same there; the reader joins them, as a word broken at a hyphen must be.
 */
const normFor = (format: CorpusFormat, s: string): string => (format === "pdf" ? norm(s).replace(/(\p{L})- (\p{Ll})/gu, "$1-$2") : norm(s));

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
const indicatorRight = (want: string, got: string): boolean => {
  if (!want.includes(" | ")) return norm(want) === norm(got);
  let at = 0;
  for (const part of want.split(" | ").map(norm)) {
    const i = norm(got).indexOf(part, at);
    if (i < 0) return false;
    at = i + part.length;
  }
  return true;
};

/** One sampled field compared: what the truth says, what was read (both as printed in a miss) and whether they agree. */
export interface FieldComparison {
  readonly want: string;
  readonly got: string;
  readonly right: boolean;
}

/**
 * One sampled field of a measure against its truth; null when the truth does not check it (not printed).
 *
 * @example compareField(truth.sample[0], measure, "term", "pdf")?.right // true
 */
export const compareField = (t: TruthMeasure, m: MeasureDoc, f: SampleField, format: CorpusFormat): FieldComparison | null => {
  switch (f) {
    case "title":
      return { want: norm(t.title), got: norm(m.title), right: norm(t.title) === norm(m.title) };
    case "term":
      return t.term === undefined ? null : { want: norm(t.term), got: norm(m.term.text), right: norm(t.term) === norm(m.term.text) };
    case "executors": {
      if (t.executors === undefined) return null;
      const want = executorsText(t.executors);
      const got = executorsText(m.executors);
      return { want, got, right: want === got };
    }
    case "indicator":
      return t.indicator === undefined ? null : { want: t.indicator, got: m.indicator.text, right: indicatorRight(normFor(format, t.indicator), normFor(format, m.indicator.text)) };
    case "budget": {
      if (t.budget === undefined) return null;
      const want = budgetText(t.budget);
      const got = budgetText(m.budget);
      return { want, got, right: want === got };
    }
    default: {
      const _: never = f;
      return _;
    }
  }
};

/** The fields a sampled measure checks: its title always, the others where the truth prints them. */
const checkedFields = (t: TruthMeasure): SampleField[] => SAMPLE_FIELDS.filter((f) => f === "title" || t[f] !== undefined);

/**
 * A document with one level of headings above its measures («1. Назва» rows over measures «1.1», «1.2») says
 * nothing about whether those headings are sections or tasks, and the truths of different authors file them both
 * ways (held-out/ and held-out-2/ as tasks in one section, held-out-3/ as sections of one task each). When the truth
 * has one heading level and the parse files the same headings the other way — N sections of one task each against
 * one section of N tasks — the parse's measures are addressed through its own filing: (s, 0, m) ↔ (0, s, m).
 * Any other difference in structure is scored as it stands.
 *
 * @example headingsFiledOtherWay(parsed, truth) // true for 3 sections × 1 task read as 1 section × 3 tasks
 */
export const headingsFiledOtherWay = (doc: PlanDocument, truth: Truth): boolean => {
  const { sections, tasks } = truth.counts;
  const oneTaskEach = (n: number) => doc.sections.length === n && doc.sections.every((s) => s.tasks.length === 1);
  const oneSection = (n: number) => doc.sections.length === 1 && doc.sections[0]?.tasks.length === n;
  return sections > 1 && tasks === sections ? oneSection(sections) : sections === 1 && tasks > 1 ? oneTaskEach(tasks) : false;
};

/**
 * The parsed measure at a sampled position, through the parse's own filing when `transposed`.
 *
 * @example measureOf(doc, truth.sample[0], false)?.title
 */
export const measureOf = (doc: PlanDocument, t: TruthMeasure, transposed: boolean): MeasureDoc | undefined =>
  transposed
    ? t.task === 0 && doc.sections.length === 1
      ? doc.sections[0]?.tasks[t.section]?.measures[t.measure]
      : doc.sections[t.task]?.tasks[0]?.measures[t.measure]
    : doc.sections[t.section]?.tasks[t.task]?.measures[t.measure];

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

const short = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

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
    const m = measureOf(doc, t, transposed);
    const at = `${t.section}/${t.task}/${t.measure}`;
    if (m === undefined) {
      checked += checkedFields(t).length;
      misses.push(`${at}: no measure there`);
      continue;
    }
    for (const f of SAMPLE_FIELDS) {
      const r = compareField(t, m, f, truth.format);
      if (r === null) continue;
      checked++;
      if (r.right) right++;
      else misses.push(`${at} ${f}: «${short(r.want)}» ≠ «${short(r.got)}»`);
    }
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

/**
 * Counts of a parsed plan in the truth's shape.
 *
 * @example countsOf(parsed.document) // { sections: 3, tasks: 3, measuresPerSection: [4, 4, 4] }
 */
export const countsOf = (doc: PlanDocument): Truth["counts"] => ({
  sections: doc.sections.length,
  tasks: doc.sections.reduce((n, s) => n + s.tasks.length, 0),
  measuresPerSection: doc.sections.map((s) => s.tasks.reduce((n, t) => n + t.measures.length, 0)),
});

/** Fields a truth sample checks in all, for a document that could not be parsed at all. */
export const fieldsInTruth = (truth: Truth): number => truth.sample.reduce((n, t) => n + checkedFields(t).length, 0);
