/**
 * @module The truth file of a corpus document: what a careful reader counts in it and what a sample of its
 * measures say, field by field. The benchmark compares a parse with it; nothing here knows how a parser works.
 */
import type { PlanDocument } from "@planledger/domain";

export interface TruthExecutor {
  readonly name: string;
  readonly byConsent: boolean;
}

export interface TruthBudgetLine {
  readonly source: string;
  readonly total: number | null;
  readonly byYear: Readonly<Record<string, number>>;
}

/**
 * One measure located by position (0-based section, task, measure). A field left out is not printed in the
 * document (no such column) and is not checked.
 */
export interface TruthMeasure {
  readonly section: number;
  readonly task: number;
  readonly measure: number;
  readonly label?: string;
  readonly title: string;
  readonly term?: string;
  readonly executors?: ReadonlyArray<TruthExecutor>;
  readonly indicator?: string;
  readonly budget?: ReadonlyArray<TruthBudgetLine>;
}

export type CorpusFormat = "docx" | "xlsx" | "pdf" | "web-text";

export interface Truth {
  readonly file: string;
  readonly kind: "seed-derived" | "held-out" | "held-out-2" | "held-out-3" | "held-out-4" | "held-out-5";
  readonly format: CorpusFormat;
  /** Where the content comes from: a seed file, a URL, or "authored here". */
  readonly source: string;
  readonly counts: { readonly sections: number; readonly tasks: number; readonly measuresPerSection: ReadonlyArray<number> };
  /** How the counts and the sample were checked. */
  readonly checked: string;
  /** What a reader has to get right in this document that is not obvious from the fields. */
  readonly notes?: ReadonlyArray<string>;
  readonly sample: ReadonlyArray<TruthMeasure>;
}

/** The fields a truth sample checks, in the order the benchmark prints them. */
export const SAMPLE_FIELDS = ["title", "term", "executors", "indicator", "budget"] as const;
export type SampleField = (typeof SAMPLE_FIELDS)[number];

/**
 * Picks `n` measures spread evenly through a parsed plan (first and last included) as a truth sample.
 *
 * @example sampleFrom(doc, 8, { term: true, indicator: true, budget: false })
 */
export const sampleFrom = (
  doc: PlanDocument,
  n: number,
  printed: { readonly term: boolean; readonly indicator: boolean; readonly budget: boolean },
): TruthMeasure[] => {
  const all = doc.sections.flatMap((s, si) => s.tasks.flatMap((t, ti) => t.measures.map((m, mi) => ({ si, ti, mi, m }))));
  const picks = new Set<number>();
  const k = Math.min(n, all.length);
  for (let i = 0; i < k; i++) picks.add(Math.round((i * (all.length - 1)) / Math.max(1, k - 1)));
  return [...picks].map((i) => {
    const { si, ti, mi, m } = all[i] as (typeof all)[number];
    return {
      section: si,
      task: ti,
      measure: mi,
      label: m.label,
      title: m.title,
      ...(printed.term ? { term: m.term.text } : {}),
      executors: m.executors.map((e) => ({ name: e.name, byConsent: e.byConsent })),
      ...(printed.indicator ? { indicator: m.indicator.text } : {}),
      ...(printed.budget ? { budget: m.budget.map((b) => ({ source: b.source, total: b.total, byYear: { ...b.byYear } })) } : {}),
    };
  });
};

/** Counts of a parsed plan in the truth's shape. */
export const countsOf = (doc: PlanDocument): Truth["counts"] => ({
  sections: doc.sections.length,
  tasks: doc.sections.reduce((n, s) => n + s.tasks.length, 0),
  measuresPerSection: doc.sections.map((s) => s.tasks.reduce((n, t) => n + t.measures.length, 0)),
});
