/**
 * @module What changed in a plan between two moments (issue #16, `planledger audit diff`, `GET …/plans/{id}/diff`):
 * the plan folded as of each moment by the same fold and the same visibility rule as every as-of view
 * (`projectEvents`, `visibleAt`), compared part by part, each difference tied to the event of the plan stream
 * that made it — its actor, its time and the order (розпорядження) it was made under.
 */
import { BudgetLine, Executor, Indicator, MeasureRef, Term } from "@planledger/domain";
import type { StoredEvent } from "@planledger/event-store";
import { Either, Schema as S } from "effect";
import { parseAsOf } from "./model/as-of.js";
import { kyivInstant } from "./model/kyiv-time.js";
import type { MeasureState, PlanState, SectionState, TaskState } from "./model/ledger-state.js";
import { type AsOf, visibleAt } from "./model/logged-event.js";
import { projectEvents } from "./model/project-events.js";
import { InvalidAsOf, PlanNotFound } from "./projections.errors.js";

// ---- Moments ----

/** A moment as given and as the instant it was read as. */
export const DiffMoment = S.Struct({
  given: S.String.annotations({ description: "as given: дд.мм.рррр, YYYY-MM-DD or an ISO-8601 timestamp" }),
  at: S.String.annotations({ description: "the instant it was read as (ISO-8601 UTC); a date is the end of that day in Kyiv time" }),
}).annotations({ identifier: "DiffMoment" });
export type DiffMoment = typeof DiffMoment.Type;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UA_DAY = /^(\d{2})\.(\d{2})\.(\d{4})$/;
const STAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const dayExists = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * Reads a moment of a diff. Three forms: `дд.мм.рррр` and `рррр-мм-дд` mean the **end of that day in Kyiv time**
 * (23:59:59.999 Europe/Kyiv: "what changed by 15 March" includes all of 15 March as an official in Ukraine lives
 * it); an ISO-8601 timestamp is that instant (without a zone, Kyiv wall-clock time). The instant then goes through
 * `parseAsOf`, the parser of every `asOf` view, so that both read one instant the same way. `parameter` names the
 * input in the message (`from`, `--to`, …).
 *
 * @example
 * parseDiffMoment("15.03.2024", "to") // Either.right({ given: "15.03.2024", at: "2024-03-15T21:59:59.999Z" })
 */
export const parseDiffMoment = (text: string, parameter: string): Either.Either<DiffMoment, InvalidAsOf> => {
  const given = text.trim();
  const refuse = (why: string) =>
    Either.left(
      new InvalidAsOf({
        asOf: text,
        message:
          `${parameter}: «${text}» — ${why.split(" / ")[0]}; очікується дд.мм.рррр, рррр-мм-дд або мітка часу ISO 8601 / ` +
          `${parameter}: "${text}" — ${why.split(" / ")[1]}; expected dd.mm.yyyy, yyyy-mm-dd or an ISO 8601 timestamp`,
      }),
    );
  const ua = UA_DAY.exec(given);
  const day = ua === null ? DAY.exec(given) : ([given, ua[3], ua[2], ua[1]] as const);
  let ms: number;
  if (day !== null) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    if (!dayExists(y, m, d)) return refuse("такого дня немає / no such day");
    ms = kyivInstant(Date.UTC(y, m - 1, d, 23, 59, 59, 999));
  } else {
    const stamp = STAMP.exec(given);
    if (stamp === null) return refuse("не дата / not a date");
    const [y, m, d, h, min, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(stamp[i] ?? 0)) as [number, number, number, number, number, number];
    const millis = Number((stamp[7] ?? "0").padEnd(3, "0"));
    if (!dayExists(y, m, d) || h > 23 || min > 59 || s > 59) return refuse("такого часу немає / no such time");
    const wall = Date.UTC(y, m - 1, d, h, min, s, millis);
    const zone = stamp[8];
    if (zone === undefined) ms = kyivInstant(wall);
    else if (zone.toUpperCase() === "Z") ms = wall;
    else {
      const digits = zone.replace(":", "");
      const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
      ms = wall - (digits[0] === "-" ? -offset : offset);
    }
  }
  if (!Number.isFinite(ms)) return refuse("не дата / not a date");
  const asOf = parseAsOf(new Date(ms).toISOString());
  return Either.map(asOf, (a) => ({ given, at: a.recordedAt }));
};

// ---- The diff ----

/** The order a change was made under: the plan's adopting order, or an amending one (`PlanAmended`). */
export const DiffBasis = S.Struct({
  kind: S.Literal("adoption", "amendment"),
  number: S.NullOr(S.String),
  date: S.NullOr(S.String).annotations({ description: "the order's date, YYYY-MM-DD" }),
  note: S.NullOr(S.String),
  eventId: S.String.annotations({ description: "the PlanAdopted or PlanAmended event that records the order" }),
}).annotations({ identifier: "DiffBasis" });
export type DiffBasis = typeof DiffBasis.Type;

const measureFields = {
  label: S.String,
  title: S.String,
  term: Term,
  executors: S.Array(Executor),
  indicator: Indicator,
  budget: S.Array(BudgetLine),
  parent: S.NullOr(MeasureRef),
};
/** A measure as it stood: what an added measure brings, and what a field's before and after are taken from. */
export const DiffMeasure = S.Struct({ measureId: S.String, taskId: S.String, ordinal: S.Int, ...measureFields }).annotations({ identifier: "DiffMeasure" });

/** One difference between the plan as of `from` and as of `to`. */
export const PlanDiffChange = S.Struct({
  target: S.Literal("plan", "section", "task", "measure"),
  id: S.String,
  where: S.String.annotations({ description: "where the document prints it: `II.2.3)` for measure 3) of task 2 of section II; the plan id for the plan" }),
  change: S.Literal("adopted", "added", "amended", "cancelled", "closed"),
  field: S.NullOr(S.String).annotations({ description: "for `amended`: label, title, term, executors, indicator, budget, parent (link), period" }),
  before: S.Unknown.annotations({ description: "the value as of `from` (null for added)" }),
  after: S.Unknown.annotations({ description: "the value as of `to`: the field's value, an added measure, a cancellation's reason" }),
  eventId: S.NullOr(S.String).annotations({ description: "the last event between the two moments that made this change" }),
  recordedAt: S.NullOr(S.String),
  actor: S.NullOr(S.String),
  basis: S.NullOr(DiffBasis).annotations({ description: "the order the event was made under; null when the event names none" }),
}).annotations({ identifier: "PlanDiffChange" });
export type PlanDiffChange = typeof PlanDiffChange.Type;

/** An event of the plan stream between the two moments. */
export const DiffEvent = S.Struct({
  eventId: S.String,
  type: S.String,
  origin: S.String,
  seq: S.Int,
  streamVersion: S.Int,
  actor: S.String,
  recordedAt: S.String,
  receivedAt: S.String,
  causationId: S.NullOr(S.String),
  hash: S.String,
  data: S.Unknown,
  basis: S.NullOr(DiffBasis),
}).annotations({ identifier: "DiffEvent" });
export type DiffEvent = typeof DiffEvent.Type;

export const PlanDiffView = S.Struct({
  planId: S.String,
  origin: S.String.annotations({ description: "the node whose log holds the plan stream" }),
  title: S.NullOr(S.String),
  from: DiffMoment,
  to: DiffMoment,
  byReceipt: S.Boolean.annotations({ description: "true: an event counts from when it reached this node (as the asOf views)" }),
  existedAtFrom: S.Boolean.annotations({ description: "false when the plan was adopted between the two moments (then `changes` start with `adopted`)" }),
  orders: S.Array(DiffBasis).annotations({ description: "the orders recorded between the two moments (PlanAmended; PlanAdopted when adopted between them)" }),
  changes: S.Array(PlanDiffChange),
  events: S.Array(DiffEvent),
}).annotations({ identifier: "PlanDiffView" });
export type PlanDiffView = typeof PlanDiffView.Type;

/** What a diff reads: the plan stream's events in version order, as the store holds them. */
export type DiffSourceEvent = Pick<
  StoredEvent,
  "eventId" | "position" | "origin" | "seq" | "stream" | "streamVersion" | "type" | "data" | "actor" | "recordedAt" | "receivedAt" | "causationId" | "hash"
>;

type Data = Record<string, unknown>;
const dataOf = (event: DiffSourceEvent): Data => (event.data !== null && typeof event.data === "object" ? (event.data as Data) : {});

/** Each event's order: its own (PlanAmended), its cause's (an amendment's structural events), or the adoption's (the adopting append). */
const basesOf = (events: ReadonlyArray<DiffSourceEvent>): Map<string, DiffBasis> => {
  const bases = new Map<string, DiffBasis>();
  const amendments = new Map<string, DiffBasis>();
  let adoption: { basis: DiffBasis; recordedAt: string; actor: string; open: boolean } | null = null;
  for (const event of events) {
    const data = dataOf(event);
    const order = (data.order ?? {}) as { number?: string | null; date?: string | null };
    if (event.type === "PlanAdopted") {
      const basis: DiffBasis = { kind: "adoption", number: order.number ?? null, date: order.date ?? null, note: null, eventId: event.eventId };
      adoption = { basis, recordedAt: event.recordedAt, actor: event.actor, open: true };
      bases.set(event.eventId, basis);
      continue;
    }
    if (event.type === "PlanAmended") {
      const note = typeof data.note === "string" ? data.note : null;
      const basis: DiffBasis = { kind: "amendment", number: order.number ?? null, date: order.date ?? null, note, eventId: event.eventId };
      amendments.set(event.eventId, basis);
      bases.set(event.eventId, basis);
      if (adoption) adoption.open = false;
      continue;
    }
    const caused = event.causationId === null ? undefined : amendments.get(event.causationId);
    if (caused !== undefined) bases.set(event.eventId, caused);
    // The structure adopted with the plan comes in the same append: same time, same actor, no cause.
    else if (adoption?.open && event.causationId === null && event.recordedAt === adoption.recordedAt && event.actor === adoption.actor)
      bases.set(event.eventId, adoption.basis);
    if (adoption && (event.recordedAt !== adoption.recordedAt || event.actor !== adoption.actor)) adoption.open = false;
  }
  return bases;
};

const trimDot = (label: string): string => label.trim().replace(/\.$/, "");

const whereOf = (plan: PlanState, target: "section" | "task" | "measure", id: string): string => {
  const section = (s: SectionState | undefined) => (s === undefined ? "?" : trimDot(s.label) || String(s.ordinal));
  const task = (t: TaskState | undefined) => (t === undefined ? "?" : trimDot(t.label) || String(t.ordinal));
  if (target === "section") return section(plan.sections[id]);
  if (target === "task") {
    const t = plan.tasks[id];
    return `${section(plan.sections[t?.sectionId ?? ""])}.${task(t)}`;
  }
  const m = plan.measures[id];
  const t = plan.tasks[m?.taskId ?? ""];
  return `${section(plan.sections[t?.sectionId ?? ""])}.${task(t)}.${m === undefined ? "?" : m.label.trim() || String(m.ordinal)}`;
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const measureView = (m: MeasureState): typeof DiffMeasure.Type => ({
  measureId: m.measureId,
  taskId: m.taskId,
  ordinal: m.ordinal,
  label: m.label,
  title: m.title,
  term: m.term,
  executors: m.executors,
  indicator: m.indicator,
  budget: m.budget,
  parent: m.parent,
});

const MEASURE_FIELDS = ["label", "title", "term", "executors", "indicator", "budget", "parent"] as const;

/**
 * The plan `planId` as of `from` and as of `to`, compared, from its stream's events (`plan:<planId>`, version order).
 * Fails with `PlanNotFound` when the stream holds no adoption visible at `to`; `from` after `to` is the caller's
 * to refuse (both are instants: compare `at`).
 *
 * @example
 * const events = yield* reader.readStream(`plan:${planId}`, 1);
 * planDiff(events, planId, from, to) // Either.right({ changes: [{ target: "measure", change: "amended", field: "term", … }], … })
 */
export const planDiff = (
  events: ReadonlyArray<DiffSourceEvent>,
  planId: string,
  from: DiffMoment,
  to: DiffMoment,
  byReceipt = true,
): Either.Either<PlanDiffView, PlanNotFound> => {
  const fromAt: AsOf = { recordedAt: from.at, byReceipt };
  const toAt: AsOf = { recordedAt: to.at, byReceipt };
  const after = projectEvents(events, toAt).plans.get(planId);
  if (after === undefined)
    return Either.left(
      new PlanNotFound({
        planId,
        message:
          events.length === 0
            ? `План «${planId}» не знайдено на цьому вузлі / plan ${planId} not held by this node`
            : `to: план «${planId}» ще не було затверджено на ${to.given} / to: plan ${planId} was not adopted yet at ${to.given}`,
      }),
    );
  const bases = basesOf(events);
  const between = events.filter((e) => visibleAt(e, toAt) && !visibleAt(e, fromAt));
  const existed = projectEvents(events, fromAt).plans.get(planId);
  // A plan adopted between the moments: compared with itself as adopted, so its adopted structure is one change.
  const adoptedBy = between.filter((e) => e.type === "PlanAdopted" || bases.get(e.eventId)?.kind === "adoption");
  const before = existed ?? projectEvents(adoptedBy).plans.get(planId) ?? after;

  /** The last event between the moments that matches, as the change's who, when and why. */
  const madeBy = (matches: (event: DiffSourceEvent, data: Data) => boolean) => {
    for (let i = between.length - 1; i >= 0; i--) {
      const event = between[i] as DiffSourceEvent;
      if (matches(event, dataOf(event)))
        return { eventId: event.eventId, recordedAt: event.recordedAt, actor: event.actor, basis: bases.get(event.eventId) ?? null };
    }
    return { eventId: null, recordedAt: null, actor: null, basis: null };
  };

  const changes: Array<PlanDiffChange> = [];
  const push = (
    target: PlanDiffChange["target"],
    id: string,
    change: PlanDiffChange["change"],
    field: string | null,
    values: { before: unknown; after: unknown },
    by: ReturnType<typeof madeBy>,
  ) => changes.push({ target, id, where: target === "plan" ? planId : whereOf(after, target, id), change, field, ...values, ...by });

  if (existed === undefined)
    push("plan", planId, "adopted", null, { before: null, after: { title: after.title, order: after.order, period: after.period } }, madeBy((e) => e.type === "PlanAdopted"));
  if (before.title !== after.title)
    push("plan", planId, "amended", "title", { before: before.title, after: after.title }, madeBy((e, d) => e.type === "PlanAmended" && d.title !== undefined));
  if (!same(before.period, after.period))
    push("plan", planId, "amended", "period", { before: before.period, after: after.period }, madeBy((e, d) => e.type === "PlanAmended" && d.period !== undefined));

  const parts = [
    ["section", "sectionId", before.sections, after.sections],
    ["task", "taskId", before.tasks, after.tasks],
  ] as const;
  for (const [target, key, was, now] of parts) {
    const tag = target === "section" ? "Section" : "Task";
    for (const [id, part] of Object.entries(now) as Array<[string, SectionState | TaskState]>) {
      const old = was[id] as SectionState | TaskState | undefined;
      if (old === undefined) {
        push(target, id, "added", null, { before: null, after: { label: part.label, title: part.title } }, madeBy((e, d) => e.type === `${tag}Added` && d[key] === id));
        continue;
      }
      for (const field of ["label", "title"] as const)
        if (old[field] !== part[field])
          push(target, id, "amended", field, { before: old[field], after: part[field] }, madeBy((e, d) => e.type === `${tag}Amended` && d[key] === id && d[field] !== undefined));
      if (old.cancelled === null && part.cancelled !== null)
        push(target, id, "cancelled", null, { before: null, after: part.cancelled }, madeBy((e, d) => e.type === `${tag}Cancelled` && d[key] === id));
    }
  }

  for (const [id, m] of Object.entries(after.measures)) {
    const old = before.measures[id];
    if (old === undefined) {
      push("measure", id, "added", null, { before: null, after: measureView(m) }, madeBy((e, d) => e.type === "MeasureAdded" && d.measureId === id));
      if (m.cancelled !== null)
        push("measure", id, "cancelled", null, { before: null, after: m.cancelled }, madeBy((e, d) => e.type === "MeasureCancelled" && d.measureId === id));
      continue;
    }
    for (const field of MEASURE_FIELDS) {
      if (same(old[field], m[field])) continue;
      const by =
        field === "parent"
          ? madeBy((e, d) => (e.type === "MeasureLinked" || e.type === "MeasureUnlinked") && d.measureId === id)
          : madeBy((e, d) => e.type === "MeasureAmended" && d.measureId === id && d[field] !== undefined);
      push("measure", id, "amended", field, { before: old[field], after: m[field] }, by);
    }
    if (old.cancelled === null && m.cancelled !== null)
      push("measure", id, "cancelled", null, { before: null, after: m.cancelled }, madeBy((e, d) => e.type === "MeasureCancelled" && d.measureId === id));
  }
  if (before.closed === null && after.closed !== null)
    push("plan", planId, "closed", null, { before: null, after: after.closed }, madeBy((e) => e.type === "PlanClosed"));

  const orders = between.flatMap((e) => {
    const basis = bases.get(e.eventId);
    return basis !== undefined && basis.eventId === e.eventId ? [basis] : [];
  });
  return Either.right({
    planId,
    origin: after.origin,
    title: after.title,
    from,
    to,
    byReceipt,
    existedAtFrom: existed !== undefined,
    orders,
    changes,
    events: between.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      origin: e.origin,
      seq: e.seq,
      streamVersion: e.streamVersion,
      actor: e.actor,
      recordedAt: e.recordedAt,
      receivedAt: e.receivedAt,
      causationId: e.causationId,
      hash: e.hash,
      data: e.data,
      basis: bases.get(e.eventId) ?? null,
    })),
  });
};
