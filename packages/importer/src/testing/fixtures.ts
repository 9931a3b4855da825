/**
 * @module Test helpers: the seed documents of `fixtures/plans/` and lookups into a parsed plan.
 */
import { readFileSync } from "node:fs";
import type { MeasureDoc, PlanDocument, TaskDoc } from "@planledger/domain";
import { Either } from "effect";
import { type Parsed, parseBytes } from "../parse-document.js";

/** The four seed documents by what they are. */
export const seeds = {
  plan852: "000_9d8a7f6d078db2f4.txt",
  program2024: "001_ff054dd0dbb46d17.txt",
  plan328: "002_d9322476a2055758.txt",
  plan1003: "003_b52cafefab6c56ab.txt",
} as const;

/** The bytes of a seed document. */
export const seedBytes = (name: string): Buffer => readFileSync(new URL(`../../../../fixtures/plans/${name}`, import.meta.url));

/** Parses bytes and fails the test on a parse failure. */
export const mustParse = (bytes: Uint8Array): Parsed => {
  const r = parseBytes(bytes);
  if (Either.isLeft(r)) throw new Error(`parse failed: ${r.left.reason}`);
  return r.right;
};

/** A task by section and task position (1-based). */
export const taskAt = (doc: PlanDocument, section: number, task: number): TaskDoc => {
  const t = doc.sections[section - 1]?.tasks[task - 1];
  if (t === undefined) throw new Error(`no task ${section}.${task}`);
  return t;
};

/** A measure by section, task and measure position (1-based). */
export const measureAt = (doc: PlanDocument, section: number, task: number, measure: number): MeasureDoc => {
  const m = taskAt(doc, section, task).measures[measure - 1];
  if (m === undefined) throw new Error(`no measure ${section}.${task}.${measure}`);
  return m;
};

/** Counts of sections, tasks and measures. */
export const counts = (doc: PlanDocument) => ({
  sections: doc.sections.length,
  tasks: doc.sections.reduce((n, s) => n + s.tasks.length, 0),
  measures: doc.sections.reduce((n, s) => n + s.tasks.reduce((k, t) => k + t.measures.length, 0), 0),
});
