/**
 * @module The truth file of a corpus document (`fixtures/corpus/<set>/truth/<file>.json`): what a careful reader counts in it
 * and what a sample of its measures say, field by field. Written by people reading the documents; nothing here
 * knows how the importer reads them.
 */

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

/** The sets of the corpus: the seeds written out, then the held-out sets in the order they were authored. */
export const CORPUS_KINDS = ["seed-derived", "held-out", "held-out-2", "held-out-3", "held-out-4", "held-out-5", "held-out-6", "held-out-7", "held-out-8", "held-out-9", "held-out-10", "held-out-11", "held-out-12", "held-out-13", "held-out-14", "held-out-15", "held-out-16", "held-out-17", "held-out-18", "held-out-19", "held-out-20", "held-out-21", "held-out-22", "held-out-23", "held-out-24", "held-out-25", "held-out-26", "held-out-27", "held-out-28", "held-out-29", "held-out-30", "held-out-31", "held-out-32", "held-out-33"] as const;
export type CorpusKind = (typeof CORPUS_KINDS)[number];

export interface Truth {
  readonly file: string;
  readonly kind: CorpusKind;
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
