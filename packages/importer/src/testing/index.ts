/**
 * @module `@planledger/importer/testing`: what the import corpus is checked with, for the importer's own corpus test
 * and for `pnpm bench:import` alike — the truth file's shape and the one rule that scores a parse against it. Not part
 * of the importer's public face for reading documents.
 */
export {
  CORPUS_KINDS,
  type CorpusFormat,
  type CorpusKind,
  SAMPLE_FIELDS,
  type SampleField,
  type Truth,
  type TruthBudgetLine,
  type TruthExecutor,
  type TruthMeasure,
} from "./corpus-truth.js";
export { compareField, countsOf, type FieldComparison, fieldsInTruth, headingsFiledOtherWay, measureOf, type Score, score } from "./corpus-score.js";
