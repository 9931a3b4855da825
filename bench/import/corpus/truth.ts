/**
 * @module The truth file of a corpus document: what a careful reader counts in it and what a sample of its
 * measures say, field by field, and the generator's helpers that write the seed-derived truths. The benchmark
 * compares a parse with it (`@planledger/importer/testing`); nothing here knows how a parser works.
 */
import type { PlanDocument } from "@planledger/domain";
import type { TruthMeasure } from "@planledger/importer/testing";

// The truth file's shape lives with the scoring rule in the importer (`@planledger/importer/testing`), which the
// importer's own corpus test uses too; the generator's helpers stay here.
export type { CorpusFormat, SampleField, Truth, TruthBudgetLine, TruthExecutor, TruthMeasure } from "@planledger/importer/testing";
export { countsOf, SAMPLE_FIELDS } from "@planledger/importer/testing";

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
