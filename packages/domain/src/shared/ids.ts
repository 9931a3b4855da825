/**
 * @module Identifiers of nodes, plans and their parts: branded strings derived deterministically, so that
 * re-importing the same document or replaying an amendment yields the same ids on every node.
 */
import { Schema as S } from "effect";
import type { Quarter } from "../term/term.model.js";

/**
 * A node (one administration), e.g. `luhanska`, `novopskovskyi`. Lower-case ASCII without dots or colons,
 * because node ids are embedded in plan ids and stream names.
 */
export const NodeId = S.String.pipe(S.pattern(/^[a-z0-9][a-z0-9-]*$/), S.brand("NodeId"));
export type NodeId = typeof NodeId.Type;

const dotted = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*$/;

/** A plan: `<ownerNode>.<order number>.<order date>`, e.g. `luhanska.1003.2018-12-12`. */
export const PlanId = S.String.pipe(S.pattern(dotted), S.brand("PlanId"));
export type PlanId = typeof PlanId.Type;

/** A section (розділ): `<planId>.s<ordinal>`. */
export const SectionId = S.String.pipe(S.pattern(dotted), S.brand("SectionId"));
export type SectionId = typeof SectionId.Type;

/** A task (завдання): `<sectionId>.t<ordinal>`. */
export const TaskId = S.String.pipe(S.pattern(dotted), S.brand("TaskId"));
export type TaskId = typeof TaskId.Type;

/** A measure (захід): `<taskId>.m<ordinal>`. */
export const MeasureId = S.String.pipe(S.pattern(dotted), S.brand("MeasureId"));
export type MeasureId = typeof MeasureId.Type;

/** A quarterly report: `<planId>.<YYYY>-q<q>`; one per plan and quarter. */
export const ReportId = S.String.pipe(S.pattern(dotted), S.brand("ReportId"));
export type ReportId = typeof ReportId.Type;

// Ukrainian national romanisation (2010), simplified to the word-internal forms: ids only need to be
// stable and URL-safe, not reversible.
const latin: Readonly<Record<string, string>> = {
  а: "a", б: "b", в: "v", г: "h", ґ: "g", д: "d", е: "e", є: "ie", ж: "zh", з: "z", и: "y", і: "i",
  ї: "i", й: "i", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u",
  ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ь: "", ю: "iu", я: "ia", "'": "", "’": "", ʼ: "",
};

/**
 * A URL-safe lower-case slug of free text (Cyrillic romanised).
 *
 * @example slug("526-р") // "526-r"
 */
export const slug = (text: string): string =>
  [...text.toLowerCase()]
    .map((ch) => latin[ch] ?? ch)
    .join("")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

// FNV-1a: a tiny, dependency-free, deterministic hash; ids need stability, not secrecy.
const fnv1a = (text: string): string => {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
};

/**
 * The node id of an administration from its name or a given code.
 *
 * @example makeNodeId("Luhanska") // "luhanska"
 */
export const makeNodeId = (name: string): NodeId => NodeId.make(slug(name));

/**
 * The plan id from its owner node and adopting order. When the document lacks the order number or date,
 * the id falls back to a hash of what it does state (number, date, title), still deterministic.
 *
 * @example makePlanId({ ownerNode, order: { number: "1003", date: "2018-12-12" } }) // "luhanska.1003.2018-12-12"
 */
export const makePlanId = (input: {
  readonly ownerNode: NodeId;
  readonly order: { readonly number: string | null; readonly date: string | null };
  readonly title?: string | null;
}): PlanId => {
  const { number, date } = input.order;
  const num = number === null ? "" : slug(number);
  if (num !== "" && date !== null) return PlanId.make(`${input.ownerNode}.${num}.${date}`);
  return PlanId.make(`${input.ownerNode}.p-${fnv1a(`${number ?? ""}|${date ?? ""}|${input.title ?? ""}`)}`);
};

/**
 * The id of a section from its plan and canonical 1-based ordinal.
 *
 * @example makeSectionId(planId, 2) // "luhanska.1003.2018-12-12.s2"
 */
export const makeSectionId = (planId: PlanId, ordinal: number): SectionId => SectionId.make(`${planId}.s${ordinal}`);

/** @example makeTaskId(sectionId, 1) // "luhanska.1003.2018-12-12.s2.t1" */
export const makeTaskId = (sectionId: SectionId, ordinal: number): TaskId => TaskId.make(`${sectionId}.t${ordinal}`);

/** @example makeMeasureId(taskId, 10) // "luhanska.1003.2018-12-12.s2.t1.m10" */
export const makeMeasureId = (taskId: TaskId, ordinal: number): MeasureId =>
  MeasureId.make(`${taskId}.m${ordinal}`);

/** @example makeReportId(planId, 2019, 2) // "novopskovskyi.328.2019-10-16.2019-q2" */
export const makeReportId = (planId: PlanId, year: number, quarter: Quarter): ReportId =>
  ReportId.make(`${planId}.${year}-q${quarter}`);
