/**
 * @module The structure of a plan of measures as a document states it: the interchange JSON of
 * `shared/contract.md`. Parsers produce it, the CLI prints it, import turns it into commands.
 */
import { Schema as S } from "effect";
import { IsoDate, Term } from "../term/term.model.js";

/** An organisation that carries out a measure; `byConsent` marks "(за згодою)": a body that is not subordinate. */
export const Executor = S.Struct({ name: S.String.pipe(S.minLength(1)), byConsent: S.Boolean });
export type Executor = typeof Executor.Type;

/** A numeric target read from an indicator, e.g. 115 "прийомних сімей". */
export const Target = S.Struct({ value: S.Number, unit: S.String });
export type Target = typeof Target.Type;

/** How the actuals of linked measures combine into their parent's. */
export const Aggregation = S.Literal("sum", "average", "min", "allDone");
export type Aggregation = typeof Aggregation.Type;

export const Indicator = S.Struct({
  text: S.String,
  targets: S.Array(Target),
  aggregation: S.optional(Aggregation),
  higherIsBetter: S.optional(S.Boolean),
});
export type Indicator = typeof Indicator.Type;

/** Amounts are thousand hryvnias (тис. грн). A year absent from `byYear` has no amount ("-" or empty), never zero. */
export const BudgetLine = S.Struct({
  executor: S.String,
  source: S.String,
  total: S.NullOr(S.Number),
  byYear: S.Record({ key: S.String.pipe(S.pattern(/^\d{4}$/)), value: S.Number }),
});
export type BudgetLine = typeof BudgetLine.Type;

export const MeasureDoc = S.Struct({
  label: S.String,
  ordinal: S.Int.pipe(S.positive()),
  title: S.String,
  term: Term,
  executors: S.Array(Executor),
  indicator: Indicator,
  budget: S.Array(BudgetLine),
});
export type MeasureDoc = typeof MeasureDoc.Type;

export const TaskDoc = S.Struct({ label: S.String, title: S.String, measures: S.Array(MeasureDoc) });
export type TaskDoc = typeof TaskDoc.Type;

export const SectionDoc = S.Struct({ label: S.String, title: S.String, tasks: S.Array(TaskDoc) });
export type SectionDoc = typeof SectionDoc.Type;

/** An adoption order: розпорядження № N від DATE. Missing facts are null (with an anomaly), never invented. */
export const Order = S.Struct({ number: S.NullOr(S.String), date: S.NullOr(IsoDate) });
export type Order = typeof Order.Type;

export const Period = S.Struct({ from: S.NullOr(S.Int), to: S.NullOr(S.Int) });
export type Period = typeof Period.Type;

export const Anomaly = S.Struct({ kind: S.String, where: S.String, message: S.String });
export type Anomaly = typeof Anomaly.Type;

export const PlanHeader = S.Struct({
  title: S.NullOr(S.String),
  issuer: S.NullOr(S.String),
  order: Order,
  period: Period,
  /** "на виконання …": the order of the parent plan this one implements, when the document names it. */
  implements: S.optional(S.NullOr(S.Struct({ number: S.NullOr(S.String), date: S.NullOr(IsoDate), title: S.NullOr(S.String) }))),
});
export type PlanHeader = typeof PlanHeader.Type;

/** The interchange JSON of a plan (`shared/contract.md`). */
export const PlanDocument = S.Struct({
  plan: PlanHeader,
  sections: S.Array(SectionDoc),
  anomalies: S.Array(Anomaly),
});
export type PlanDocument = typeof PlanDocument.Type;
