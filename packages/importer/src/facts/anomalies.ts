/**
 * @module The kinds of anomaly the importer reports, and a small collector. Anomalies are data for the
 * reader of the document; nothing reported here is silently fixed.
 */
import type { Anomaly } from "@planledger/domain";

/** Every kind the importer emits; `docs/import.md` explains each. */
export type AnomalyKind =
  | "missing-fact"
  | "conflicting-fact"
  | "missing-label"
  | "skipped-label"
  | "duplicate-label"
  | "ocr-label"
  | "repeated-row"
  | "truncated"
  | "budget-total-mismatch"
  | "budget-line-mismatch"
  | "budget-unreadable"
  | "misspelled-issuer"
  | "stray-consent"
  | "unparsed-term"
  | "term-from-period"
  | "label-in-title"
  // A plan printed with no header row (a numbered list): its columns were taken by their place.
  | "header-inferred"
  // The general table reader's: a ditto mark resolved, an editors' note dropped, a value it was not sure of.
  | "ditto"
  | "editors-note"
  | "doubtful";

/** Collects anomalies in document order. */
export class Anomalies {
  readonly list: Anomaly[] = [];

  add(kind: AnomalyKind, where: string, message: string): void {
    this.list.push({ kind, where, message });
  }
}

/**
 * The `where` of an anomaly: a structural path plus the line in the source file.
 *
 * @example where(["I", "1", "3)"], 56) // "I / 1 / 3) · рядок 56"
 */
export const where = (path: ReadonlyArray<string>, line?: number): string => {
  const p = path.filter((s) => s !== "").join(" / ");
  const l = line === undefined ? "" : `рядок ${line}`;
  return p === "" ? l : l === "" ? p : `${p} · ${l}`;
};
