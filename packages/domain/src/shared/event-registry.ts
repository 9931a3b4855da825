/**
 * @module The catalog of all domain events by type, and the codec between event classes and the
 * store's `{ type, data }` (data is the encoded event without its `_tag`), with the upcaster hook.
 */
import { Either, type ParseResult, Schema as S } from "effect";
import { PlanEvent, planEventTypes } from "../plan/plan.events.js";
import { ReportEvent, reportEventTypes } from "../report/report.events.js";
import { ReviewEvent, reviewEventTypes } from "../review/review.events.js";
import { HierarchyEvent, hierarchyEventTypes, SuccessionEvent, successionEventTypes } from "../hierarchy/hierarchy.events.js";

/** Every event type of the catalog → its schema class. */
export const eventTypes = {
  ...planEventTypes,
  ...reportEventTypes,
  ...reviewEventTypes,
  ...hierarchyEventTypes,
  ...successionEventTypes,
} as const;
export type EventType = keyof typeof eventTypes;

export const DomainEvent = S.Union(PlanEvent, ReportEvent, ReviewEvent, HierarchyEvent, SuccessionEvent);
export type DomainEvent = typeof DomainEvent.Type;

/** A stored `type` that this version of the domain does not know (e.g. written by a newer node). */
export class UnknownEventType extends S.TaggedError<UnknownEventType>()("UnknownEventType", { type: S.String }) {}

/**
 * `true` when `type` names an event of the catalog.
 *
 * @example isEventType("MeasureAdded") // true
 */
export const isEventType = (type: string): type is EventType => Object.hasOwn(eventTypes, type);

/** Rewrites one stored shape of an event type into the next; must be pure and idempotent on current shapes. */
export type Upcaster = (data: unknown) => unknown;

/**
 * Upcasters per event type, applied in order. None exist yet: every stored shape is current. When a
 * shape changes, add a function here that recognises the old shape structurally and returns the new one.
 */
export const upcasters: Readonly<Partial<Record<EventType, ReadonlyArray<Upcaster>>>> = {};

/**
 * Brings stored `data` of an event type to the current shape.
 *
 * @example upcast("PlanClosed", { reason: "виконано" }) // { reason: "виконано" }
 */
export const upcast = (type: string, data: unknown): unknown =>
  isEventType(type) ? (upcasters[type] ?? []).reduce((d, up) => up(d), data) : data;

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u);

/**
 * Decodes stored `{ type, data }` into an event class instance (after upcasting).
 *
 * @example decodeEvent("PlanClosed", { reason: "виконано" }) // Either.right(new PlanClosed({ reason: "виконано" }))
 */
export const decodeEvent = (
  type: string,
  data: unknown,
): Either.Either<DomainEvent, UnknownEventType | ParseResult.ParseError> => {
  if (!isEventType(type)) return Either.left(new UnknownEventType({ type }));
  const current = upcast(type, data);
  const tagged = isRecord(current) ? { ...current, _tag: type } : current;
  return S.decodeUnknownEither(eventTypes[type] as S.Schema<DomainEvent, unknown>)(tagged);
};

/**
 * The store's form of an event: its type and its JSON-ready data (brands erased, no `_tag`).
 *
 * @example encodeEvent(new PlanClosed({ reason: "виконано" })) // { type: "PlanClosed", data: { reason: "виконано" } }
 */
export const encodeEvent = (event: DomainEvent): { readonly type: EventType; readonly data: Record<string, unknown> } => {
  const { _tag, ...data } = S.encodeSync(DomainEvent)(event) as { _tag: EventType } & Record<string, unknown>;
  return { type: _tag, data };
};
