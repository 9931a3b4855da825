/**
 * @module Events of the administrative tree (stream `hierarchy:<recording node>`, written by the node that keeps
 * the register of its subtree — an oblast for its raions and hromadas), and of a succession (stream
 * `succession:<predecessor>`, written by the predecessor while it exists, or by its parent as the authority).
 * Every change carries the legal act it rests on and the day it takes effect; the day it was recorded is the
 * envelope's `recordedAt`.
 */
import { Schema as S } from "effect";
import { byTag } from "../shared/by-tag.js";
import { NodeId } from "../shared/ids.js";
import { IsoDate } from "../term/term.model.js";

/** The levels of the tree, highest first; a hromada sits under a raion (`district`) or directly under an oblast. */
export const UnitLevel = S.Literal("national", "oblast", "district", "hromada");
export type UnitLevel = typeof UnitLevel.Type;

/** The kind of legal act, printed in Ukrainian by `basisText`. */
export const BasisKind = S.Literal("resolution", "order", "decree", "law", "decision");
export type BasisKind = typeof BasisKind.Type;

/**
 * The legal act a change rests on, e.g. «Постанова Верховної Ради України від 17.07.2020 № 807-IX»:
 * `{ kind: "resolution", issuer: "Верховної Ради України", number: "807-IX", date: "2020-07-17" }`. `issuer` is
 * written as the act's heading prints it (genitive), so the basis reads as one line.
 */
export const LegalBasis = S.Struct({
  kind: BasisKind,
  issuer: S.String.pipe(S.minLength(1)),
  number: S.String.pipe(S.minLength(1)),
  date: IsoDate,
  title: S.optional(S.String),
});
export type LegalBasis = typeof LegalBasis.Type;

const change = { basis: LegalBasis, effective: IsoDate } as const;

export class NodeCreated extends S.TaggedClass<NodeCreated>()("NodeCreated", {
  nodeId: NodeId,
  name: S.String.pipe(S.minLength(1)),
  level: UnitLevel,
  /** Null only for the root of a register (the national level, or an oblast whose register this is). */
  parentId: S.NullOr(NodeId),
  ...change,
}) {}

export class NodeRenamed extends S.TaggedClass<NodeRenamed>()("NodeRenamed", {
  nodeId: NodeId,
  name: S.String.pipe(S.minLength(1)),
  ...change,
}) {}

export class NodeMoved extends S.TaggedClass<NodeMoved>()("NodeMoved", {
  nodeId: NodeId,
  parentId: NodeId,
  ...change,
}) {}

/** The node ends; its territory (and, by a succession, its plans) passes to `into`. */
export class NodeMerged extends S.TaggedClass<NodeMerged>()("NodeMerged", {
  nodeId: NodeId,
  into: NodeId,
  ...change,
}) {}

/** The node ends, divided between `into`; `successor` (one of them) continues its plans. */
export class NodeSplit extends S.TaggedClass<NodeSplit>()("NodeSplit", {
  nodeId: NodeId,
  into: S.Array(NodeId).pipe(S.minItems(2)),
  successor: NodeId,
  ...change,
}) {}

export const HierarchyEvent = S.Union(NodeCreated, NodeRenamed, NodeMoved, NodeMerged, NodeSplit);
export type HierarchyEvent = typeof HierarchyEvent.Type;

export const hierarchyEventTypes = byTag(HierarchyEvent.members);

/**
 * The predecessor's plans pass to `successor`, which reports on them under its own origin from `effective` on.
 * `authority` is the node that signed it: the predecessor itself, or its parent when the predecessor can no longer.
 */
export class SuccessorNamed extends S.TaggedClass<SuccessorNamed>()("SuccessorNamed", {
  predecessor: NodeId,
  successor: NodeId,
  authority: NodeId,
  ...change,
}) {}

// One event so far; a union of one is the class itself.
export const SuccessionEvent = SuccessorNamed;
export type SuccessionEvent = SuccessorNamed;

export const successionEventTypes = byTag([SuccessorNamed]);

/** @example hierarchyStream("luhanska") // "hierarchy:luhanska" */
export const hierarchyStream = (recordingNode: string): string => `hierarchy:${recordingNode}`;

/** @example successionStream("novopskovskyi") // "succession:novopskovskyi" */
export const successionStream = (predecessor: string): string => `succession:${predecessor}`;

const kindLabels: Record<BasisKind, { readonly uk: string; readonly en: string }> = {
  resolution: { uk: "Постанова", en: "Resolution" },
  order: { uk: "Розпорядження", en: "Order" },
  decree: { uk: "Указ", en: "Decree" },
  law: { uk: "Закон", en: "Law" },
  decision: { uk: "Рішення", en: "Decision" },
};

/** `рррр-мм-дд` → `дд.мм.рррр`. */
const ddmmyyyy = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/**
 * The basis as one line, the way acts are cited.
 *
 * @example basisText(reform) // "Постанова Верховної Ради України від 17.07.2020 № 807-IX"
 */
export const basisText = (basis: LegalBasis, lang: "uk" | "en" = "uk"): string =>
  lang === "uk"
    ? `${kindLabels[basis.kind].uk} ${basis.issuer} від ${ddmmyyyy(basis.date)} № ${basis.number}`
    : `${kindLabels[basis.kind].en} No. ${basis.number} of ${ddmmyyyy(basis.date)} (${basis.issuer})`;
