/**
 * @module Link suggestions: for each measure of a child plan, the parent measure it most likely implements.
 */
import { romanValue } from "./roman-numeral.js";
import { cosine, type Idf, learnIdf, type SparseVector, vectorize } from "./tf-idf.js";
import { tokens } from "./ukrainian-tokens.js";

export interface LinkableMeasure {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly indicator: string;
}
export interface LinkableTask {
  readonly label: string;
  readonly title: string;
  readonly measures: ReadonlyArray<LinkableMeasure>;
}
export interface LinkableSection {
  readonly label: string;
  readonly title: string;
  readonly tasks: ReadonlyArray<LinkableTask>;
}
/** The part of a plan tree the suggester reads; a plan projection or an interchange document both fit. */
export interface LinkablePlan {
  readonly sections: ReadonlyArray<LinkableSection>;
}

/** One candidate parent measure with its score in [0, 1] and the parts the score was made of. */
export interface LinkCandidate {
  readonly measureId: string;
  readonly label: string;
  readonly title: string;
  readonly sectionLabel: string;
  readonly score: number;
  readonly parts: { readonly title: number; readonly indicator: number; readonly section: number; readonly task: number };
}

export interface LinkSuggestion {
  readonly measureId: string;
  readonly label: string;
  readonly title: string;
  readonly best: LinkCandidate | null;
  readonly runnersUp: ReadonlyArray<LinkCandidate>;
}

/**
 * How much each signal weighs. The measure's own words carry most of it; the section and task
 * correspondence break ties between look-alike measures of different sections (for instance the
 * "підготовка соціальних працівників" staffing measures versus the services they staff).
 */
export const defaultWeights = { title: 0.55, indicator: 0.15, section: 0.2, task: 0.1 } as const;

interface Indexed<A> {
  readonly item: A;
  readonly vector: SparseVector;
}

interface FlatMeasure {
  readonly measure: LinkableMeasure;
  readonly sectionIndex: number;
  readonly sectionLabel: string;
  readonly taskIndex: number;
  readonly title: SparseVector;
  readonly indicator: SparseVector;
}

const flatten = (plan: LinkablePlan, idf: Idf): FlatMeasure[] =>
  plan.sections.flatMap((section, sectionIndex) =>
    section.tasks.flatMap((task, taskIndex) =>
      task.measures.map((measure) => ({
        measure,
        sectionIndex,
        sectionLabel: section.label,
        taskIndex,
        title: vectorize(tokens(measure.title), idf),
        indicator: vectorize(tokens(measure.indicator), idf),
      })),
    ),
  );

/**
 * Affinity of every child section to every parent section, each row scaled so its best is 1: title
 * similarity, plus agreement of the printed numerals (which alone would mislead: the district's
 * section V is the oblast's VI).
 */
const sectionAffinity = (child: LinkablePlan, parent: LinkablePlan, idf: Idf): number[][] => {
  const pv = parent.sections.map((s) => ({ item: s, vector: vectorize(tokens(s.title), idf) }));
  return child.sections.map((cs) => {
    const cv = vectorize(tokens(cs.title), idf);
    const cn = romanValue(cs.label) ?? romanValue(cs.title);
    const row = pv.map(({ item, vector }: Indexed<LinkableSection>) => {
      const pn = romanValue(item.label) ?? romanValue(item.title);
      return 0.8 * cosine(cv, vector) + (cn !== null && cn === pn ? 0.2 : 0);
    });
    const max = Math.max(0, ...row);
    return row.map((v) => (max > 0 ? v / max : 0));
  });
};

const taskVectors = (plan: LinkablePlan, idf: Idf): SparseVector[][] =>
  plan.sections.map((s) => s.tasks.map((t) => vectorize(tokens(t.title), idf)));

/**
 * Ranks, for every measure of `child`, the measures of `parent` it most likely implements: TF-IDF cosine of
 * titles and of indicators (normalised Ukrainian stems), weighed with the correspondence of their sections
 * and tasks. Returns the best candidate and up to `runnersUp` others, best first. Nothing is linked here:
 * a person confirms or changes each suggestion, and a confirmed link becomes a `MeasureLinked` event.
 *
 * @example
 * const [first] = suggestLinks(district, oblast)
 * first.best?.title // "проведення засідань міжвідомчої робочої групи …"
 */
export const suggestLinks = (
  child: LinkablePlan,
  parent: LinkablePlan,
  options: { readonly runnersUp?: number; readonly weights?: typeof defaultWeights } = {},
): LinkSuggestion[] => {
  const weights = options.weights ?? defaultWeights;
  const runnersUp = options.runnersUp ?? 3;
  const corpus = [child, parent].flatMap((plan) =>
    plan.sections.flatMap((s) => [
      tokens(s.title),
      ...s.tasks.flatMap((t) => [tokens(t.title), ...t.measures.flatMap((m) => [tokens(m.title), tokens(m.indicator)])]),
    ]),
  );
  const idf = learnIdf(corpus);
  const parents = flatten(parent, idf);
  const sections = sectionAffinity(child, parent, idf);
  const childTasks = taskVectors(child, idf);
  const parentTasks = taskVectors(parent, idf);
  return flatten(child, idf).map((c) => {
    const childTask = childTasks[c.sectionIndex]?.[c.taskIndex] ?? new Map();
    const ranked = parents
      .map((p): LinkCandidate => {
        const parts = {
          title: cosine(c.title, p.title),
          indicator: cosine(c.indicator, p.indicator),
          section: sections[c.sectionIndex]?.[p.sectionIndex] ?? 0,
          task: cosine(childTask, parentTasks[p.sectionIndex]?.[p.taskIndex] ?? new Map()),
        };
        const score =
          weights.title * parts.title +
          weights.indicator * parts.indicator +
          weights.section * parts.section +
          weights.task * parts.task;
        return {
          measureId: p.measure.id,
          label: p.measure.label,
          title: p.measure.title,
          sectionLabel: p.sectionLabel,
          score: Math.round(score * 1000) / 1000,
          parts,
        };
      })
      .sort((a, b) => b.score - a.score);
    return {
      measureId: c.measure.id,
      label: c.measure.label,
      title: c.measure.title,
      best: ranked[0] ?? null,
      runnersUp: ranked.slice(1, 1 + runnersUp),
    };
  });
};
